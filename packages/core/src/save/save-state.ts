import type { MiniCodeError } from '../errors'
import type { SaveOutcome } from './browser-outcome'
import type { SaveProgress, SaveResult } from './save-to-album'

/**
 * Where a save stands, as a UI shows it. It ends as its outcome: 'saved' (album), 'downloaded' (a
 * desktop download: say so, not "saved to album") or 'preview' (show `previewUrl` to long-press).
 * 'denied' is the album permission refused: offer the settings page.
 */
export type SaveStatus = 'idle' | SaveProgress | SaveOutcome | 'denied' | 'failed'

export interface SaveState {
  status: SaveStatus
  error: MiniCodeError | null
  /** The file that was saved, downloaded or shown, after the save ended. */
  filePath: string | null
  /** For 'preview': the image to show full-screen for a long-press. */
  previewUrl: string | null
}

export type SaveAction =
  | { type: 'progress'; status: SaveProgress }
  | ({ type: 'success' } & SaveResult)
  | { type: 'failure'; error: MiniCodeError }
  | { type: 'granted' }
  | { type: 'reset' }

export const initialSaveState: SaveState = { status: 'idle', error: null, filePath: null, previewUrl: null }

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
      return {
        ...initialSaveState,
        status: action.outcome,
        filePath: action.filePath,
        previewUrl: action.previewUrl ?? null,
      }
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
