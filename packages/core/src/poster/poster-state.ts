import type { MiniCodeError } from '../errors'
import type { PosterOutput } from './render-poster'

export type PosterStatus = 'idle' | 'rendering' | 'ready' | 'error'

export interface PosterState {
  status: PosterStatus
  /** The exported image on mini-programs (a temp file path), else null. */
  tempFilePath: string | null
  /** The exported image on H5 (a PNG data URL), else null. */
  dataUrl: string | null
  error: MiniCodeError | null
}

export type PosterAction =
  | { type: 'start' }
  | { type: 'ready'; output: PosterOutput }
  | { type: 'error'; error: MiniCodeError }
  | { type: 'reset' }

export const initialPosterState: PosterState = {
  status: 'idle',
  tempFilePath: null,
  dataUrl: null,
  error: null,
}

/**
 * Every status change of a poster, in one place. A new render keeps the last image until it is
 * replaced (no blank preview while re-rendering); a failure drops it, so a stale poster is never saved.
 */
export function posterReducer(state: PosterState, action: PosterAction): PosterState {
  switch (action.type) {
    case 'start':
      return { ...state, status: 'rendering', error: null }
    case 'ready':
      return {
        status: 'ready',
        tempFilePath: action.output.tempFilePath || null,
        dataUrl: action.output.dataUrl || null,
        error: null,
      }
    case 'error':
      return { ...initialPosterState, status: 'error', error: action.error }
    case 'reset':
      return initialPosterState
  }
}
