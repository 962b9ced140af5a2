import { useEffect, useMemo, useReducer, useRef } from 'react'
import { isMiniCodeError, linkRequestKey, MiniCodeError, validateLinkRequest } from '@minicode/core'
import type { EntryLink, LinkRequest } from '@minicode/core'

/** Where a link ask is: no request yet, on its way, there, or failed. */
export type EntryLinkStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface UseEntryLinkOptions {
  /** Who makes links: `httpBackend({ url })` (its `link` method), or anything with the same method. */
  backend: {
    /** Backends with the same name are the same server: changing to another name asks again. */
    name?: string
    link(request: LinkRequest, options?: { signal?: AbortSignal }): Promise<EntryLink>
  }
  /**
   * How long before the link expires it is asked for again, in ms (the server then makes a new one),
   * so a page left open never shows a dead link. Default 5 minutes; at most half of the time left.
   */
  refreshMarginMs?: number
}

export interface UseEntryLinkResult {
  /** The link when ready ('https://wxaurl.cn/…', 'weixin://dl/business/?t=…', '#小程序://…'), else null. */
  link: string | null
  status: EntryLinkStatus
  error: MiniCodeError | null
  /** When the link stops working (ms since the epoch); null when none or permanent. */
  expiresAt: number | null
}

type State = {
  key: string | null
  status: EntryLinkStatus
  link: EntryLink | null
  error: MiniCodeError | null
}
type Action =
  | { type: 'ask'; key: string | null }
  | { type: 'done'; key: string; link: EntryLink }
  | { type: 'fail'; key: string | null; error: MiniCodeError }

// The one place the status moves; answers for an older request are dropped by their key.
function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'ask':
      return { key: action.key, status: action.key === null ? 'idle' : 'loading', link: null, error: null }
    case 'done':
      return action.key === state.key ? { ...state, status: 'ready', link: action.link } : state
    case 'fail':
      return action.key === state.key ? { ...state, status: 'error', error: action.error } : state
  }
}

/** The request's key, or the invalid_request error it raises (checked here: a bad one costs no call). */
function keyOf(request: LinkRequest | null): { key: string | null; error?: MiniCodeError } {
  if (request === null) return { key: null }
  try {
    return { key: linkRequestKey(validateLinkRequest(request)) }
  } catch (error) {
    return { key: `invalid:${JSON.stringify(request)}`, error: error as MiniCodeError }
  }
}

// setTimeout fires at once past 2^31 - 1 ms (~24.8 days): a 30-day link waits in steps.
const MAX_TIMER_MS = 2_147_483_647

/** When (ms since the epoch) to ask again for a link received at `now` and expiring at `expiresAt`. */
function refreshAt(expiresAt: number, now: number, marginMs: number): number {
  // At most half its time left, so a short-lived link is not asked for again at once.
  return expiresAt - Math.min(marginMs, Math.max(0, expiresAt - now) / 2)
}

/**
 * An entry link into the mini-program for an H5 page (a button or a QR code that opens it): asks the
 * backend once per request content (an inline object literal does not ask again), checks the request
 * first, and drops the answer of a request that changed or a page that unmounted. `null` = idle.
 * Shortly before the link expires it asks again (see `refreshMarginMs`).
 *
 * @example
 * const backend = httpBackend({ url: 'https://api.example.com/minicode' })
 * const { link, status } = useEntryLink({ kind: 'urllink', path: 'pages/item/index', query: 'id=42' }, { backend })
 * return status === 'ready' ? <a href={link!}>在微信中打开</a> : null
 */
export function useEntryLink(request: LinkRequest | null, options: UseEntryLinkOptions): UseEntryLinkResult {
  const { backend } = options
  const marginMs = options.refreshMarginMs ?? 300_000
  const { key, error } = keyOf(request)
  const [state, dispatch] = useReducer(reduce, { key: null, status: 'idle', link: null, error: null })
  // The latest backend, so one made inline on each render does not ask again; a backend with
  // another name (another server) does.
  const backendRef = useRef(backend)
  const requestRef = useRef(request)
  useEffect(() => {
    backendRef.current = backend
    requestRef.current = request
  })

  useEffect(() => {
    dispatch({ type: 'ask', key })
    if (key === null) return
    if (error) {
      dispatch({ type: 'fail', key, error })
      return
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    backendRef.current.link(request!, { signal: controller?.signal }).then(
      (link) => dispatch({ type: 'done', key, link }),
      (reason: unknown) => {
        const failure = isMiniCodeError(reason)
          ? reason
          : new MiniCodeError('network', __DEV__ ? String(reason) : '', { cause: reason })
        dispatch({ type: 'fail', key, error: failure })
      },
    )
    return () => controller?.abort()
    // The key stands for the request's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, backend.name])

  // Shortly before the shown link expires, the same request is asked again; the timer goes with the
  // link (a new request, a new link or unmounting clears it). `wake` re-arms a timer capped below
  // setTimeout's limit.
  const shownExpiry = state.key === key && state.status === 'ready' ? (state.link?.expiresAt ?? null) : null
  const due = useMemo(
    () => (shownExpiry === null ? null : refreshAt(shownExpiry, Date.now(), marginMs)),
    [shownExpiry, marginMs],
  )
  const [wake, setWake] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (key === null || due === null) return
    const delay = Math.max(0, due - Date.now())
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    const timer = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) return setWake()
        backendRef.current.link(requestRef.current!, { signal: controller?.signal }).then(
          (link) => dispatch({ type: 'done', key, link }),
          (reason: unknown) => {
            // An aborted refresh (unmounted, request changed) is nobody's error.
            if (controller?.signal.aborted) return
            const failure = isMiniCodeError(reason)
              ? reason
              : new MiniCodeError('network', __DEV__ ? String(reason) : '', { cause: reason })
            dispatch({ type: 'fail', key, error: failure })
          },
        )
      },
      Math.min(delay, MAX_TIMER_MS),
    )
    return () => {
      clearTimeout(timer)
      controller?.abort()
    }
  }, [key, due, wake])

  // Before the effect has run for a new request, show it loading rather than the old link.
  const current =
    state.key === key ? state : { status: key === null ? 'idle' : 'loading', link: null, error: null }
  return useMemo(
    () => ({
      link: current.link?.link ?? null,
      status: current.status as EntryLinkStatus,
      error: current.error,
      expiresAt: current.link?.expiresAt ?? null,
    }),
    [current.link, current.status, current.error],
  )
}
