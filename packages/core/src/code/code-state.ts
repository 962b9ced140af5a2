import type { MiniCodeError } from '../errors'
import type { ImageMime } from '../types'

/** A fetched, checked code image with its data URL (computed once, kept in the cache). */
export interface CodeResult {
  mime: ImageMime
  bytes: Uint8Array
  dataUrl: string
}

export type CodeStatus = 'idle' | 'loading' | 'ready' | 'error'

/** What a code view shows. Immutable: a new object on every change (useSyncExternalStore needs that). */
export interface CodeState {
  status: CodeStatus
  dataUrl: string | null
  mime: ImageMime | null
  bytes: Uint8Array | null
  error: MiniCodeError | null
  /** Cache key of the request this state is for; '' when idle. */
  key: string
}

/** What can happen to a code view. */
export type CodeAction =
  | { type: 'idle' }
  | { type: 'fetch'; key: string }
  | { type: 'success'; key: string; result: CodeResult }
  | { type: 'error'; key: string; error: MiniCodeError }

export const IDLE: CodeState = /* @__PURE__ */ Object.freeze({
  status: 'idle',
  dataUrl: null,
  mime: null,
  bytes: null,
  error: null,
  key: '',
})

/** The one place a code view's status changes. */
export function reduceCodeState(state: CodeState, action: CodeAction): CodeState {
  switch (action.type) {
    case 'idle':
      return IDLE
    case 'fetch':
      // A refresh of the same code keeps showing it; a different request never shows the old code.
      if (state.key === action.key && state.dataUrl) return { ...state, status: 'loading', error: null }
      return { ...IDLE, status: 'loading', key: action.key }
    case 'success':
      return { ...action.result, status: 'ready', error: null, key: action.key }
    case 'error':
      return { ...IDLE, status: 'error', error: action.error, key: action.key }
  }
}
