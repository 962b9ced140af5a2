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
 * permission on in the settings page) takes 'denied' back to 'idle'. Returns the same object when nothing
 * changes, so subscribers are not woken for nothing.
 */
export function saveStateReducer(state: SaveState, action: SaveAction): SaveState {
  switch (action.type) {
    case 'progress':
      if (state.status === action.status && !state.error) return state
      return { ...initialSaveState, status: action.status }
    case 'success':
      return { ...initialSaveState, status: 'saved', filePath: action.filePath }
    case 'failure': {
      const status = action.error.code === 'auth_denied' ? 'denied' : 'failed'
      return { ...initialSaveState, status, error: action.error }
    }
    case 'granted':
      // Only a denied save has anything to grant; any other state stays as it is.
      if (state.status !== 'denied') return state
      return initialSaveState
    case 'reset':
      return initialSaveState
  }
}
