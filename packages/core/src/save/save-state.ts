import type { MiniCodeError } from '../errors'
import type { SaveProgress } from './save-to-album'

/** Where a save stands, as a UI shows it. 'denied' is the album permission refused: offer the settings page. */
export type SaveStatus = 'idle' | SaveProgress | 'saved' | 'denied' | 'failed'

export interface SaveState {
  status: SaveStatus
  error: MiniCodeError | null
  /** The file that went to the album, after 'saved'. */
  filePath: string | null
}

export type SaveAction =
  | { type: 'progress'; status: SaveProgress }
  | { type: 'success'; filePath: string }
  | { type: 'failure'; error: MiniCodeError }
  | { type: 'granted' }
  | { type: 'reset' }

export const initialSaveState: SaveState = { status: 'idle', error: null, filePath: null }

/**
 * The one place a save's status changes. 'auth_denied' becomes 'denied' (the settings page can fix it);
 * every other failure, a cancel included, becomes 'failed' with the error. 'granted' (the user turned the
 * permission on in the settings page) takes 'denied' back to 'idle'.
 */
export function saveStateReducer(state: SaveState, action: SaveAction): SaveState {
  const type = action.type
  return type == 'progress'
    ? state.status === action.status && !state.error
      ? state
      : { ...initialSaveState, status: action.status }
    : type == 'success'
      ? { ...initialSaveState, status: 'saved', filePath: action.filePath }
      : type == 'failure'
        ? { ...initialSaveState, status: action.error.code === 'auth_denied' ? 'denied' : 'failed', error: action.error }
        : // 'granted' leaves any state but 'denied' as it is; 'reset' always goes back to idle.
          type == 'granted' && state.status !== 'denied'
          ? state
          : initialSaveState
}
