import type { CodeBackend } from './code-backend'
import { codeRequestKey, validateCodeRequest } from './code-request'
import { encodeBase64 } from './base64'
import { MiniCodeError, isMiniCodeError } from './errors'
import { sniffBytes } from './image-codec'
import type { CodeRequest, ImageMime } from './types'

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

export interface CodeClientOptions {
  /** Most code images kept in memory (least recently used go first). Default 50. */
  maxEntries?: number
}

export interface CodeFetchOptions {
  /** Stop waiting; the shared fetch is aborted once every caller has stopped waiting. */
  signal?: AbortSignal
  /** Skip the cache (a shared in-flight fetch is still joined: it is fresh anyway). */
  force?: boolean
}

interface Inflight {
  promise: Promise<CodeResult>
  controller?: AbortController
  waiters: number
}

const SEP = '\u0000'

function toMiniCodeError(error: unknown, backend: string): MiniCodeError {
  if (isMiniCodeError(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new MiniCodeError(
    'network',
    __DEV__
      ? `The code backend "${backend}" failed: ${detail}. Check its configuration and the network, then retry.`
      : detail,
    { cause: error },
  )
}

const cancelled = () =>
  new MiniCodeError('cancelled', __DEV__ ? 'Stopped waiting for the code: the request was aborted.' : '')

/** JSON with object keys sorted, so key order never matters. */
function stableJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
          )
        : v,
    )
  } catch {
    return String(value)
  }
}

/**
 * The in-memory code cache and fetch coordinator. A code never changes for the same request, so
 * images are cached by backend name + codeRequestKey (LRU, capped); identical requests share one
 * in-flight fetch; errors are not cached.
 */
export class CodeClient {
  readonly maxEntries: number
  private readonly cache = new Map<string, CodeResult>()
  private readonly inflight = new Map<string, Inflight>()

  constructor(options: CodeClientOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 50))
  }

  /**
   * Validates the request and gives its cache key. Throws MiniCodeError 'invalid_request'.
   * Production builds skip the check and key by the request as given: the server, the cloud
   * function and localBackend validate every request anyway, with the same rules and codes, before
   * it costs quota; here it only makes development fail fast with the long message.
   */
  resolve(backend: CodeBackend, request: CodeRequest): { key: string; request: CodeRequest } {
    // if/else, not an early return: bundlers drop a constant-false branch, not the code after a return.
    if (!__DEV__) {
      return { key: backend.name + SEP + stableJson(request), request }
    } else {
      const valid = validateCodeRequest(request)
      return { key: backend.name + SEP + codeRequestKey(valid), request: valid }
    }
  }

  /** The cached image for a key (marks it recently used), if any. */
  peek(key: string): CodeResult | undefined {
    const hit = this.cache.get(key)
    if (hit) this.store(key, hit)
    return hit
  }

  /** Number of cached images. */
  get size(): number {
    return this.cache.size
  }

  /** Forgets every cached image (in-flight fetches still finish). */
  clear(): void {
    this.cache.clear()
  }

  /** Fetches a code through the cache. Rejects with a MiniCodeError; never caches a failure. */
  fetch(backend: CodeBackend, request: CodeRequest, options: CodeFetchOptions = {}): Promise<CodeResult> {
    const { signal, force } = options
    return new Promise<CodeResult>((resolve, reject) => {
      // A throw in here (an invalid request) rejects the promise.
      const { key, request: valid } = this.resolve(backend, request)
      if (signal && signal.aborted) throw cancelled()
      const hit = !force && this.peek(key)
      if (hit) return resolve(hit)
      const entry = this.inflight.get(key) || this.start(backend, key, valid)
      entry.waiters++
      let waiting = true
      const leave = (): void => {
        waiting = false
        entry.waiters--
        if (signal) signal.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        leave()
        reject(cancelled())
        // Nobody wants it any more: stop the IO, and let the next caller start afresh.
        if (!entry.waiters && this.inflight.get(key) === entry) {
          this.inflight.delete(key)
          if (entry.controller) entry.controller.abort()
        }
      }
      if (signal) signal.addEventListener('abort', onAbort)
      entry.promise.then(
        (result) => waiting && (leave(), resolve(result)),
        (error: unknown) => waiting && (leave(), reject(error)),
      )
    })
  }

  private start(backend: CodeBackend, key: string, request: CodeRequest): Inflight {
    // Mini-program runtimes may lack AbortController: backends must cope with no signal.
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    const promise = Promise.resolve()
      .then(() => backend.fetchCode(request, { signal: controller && controller.signal }))
      .then((image) => {
        // Trust the bytes, not the label: a backend may pass on whatever it received.
        const bytes = image && image.bytes
        const mime = bytes instanceof Uint8Array && sniffBytes(bytes)
        if (!mime) {
          throw new MiniCodeError(
            'not_an_image',
            __DEV__
              ? `The code backend "${backend.name}" returned something that is not a PNG/JPEG/GIF/WebP image.`
              : '',
          )
        }
        const result: CodeResult = { mime, bytes, dataUrl: `data:${mime};base64,${encodeBase64(bytes)}` }
        this.store(key, result)
        return result
      })
      .catch((error: unknown) => {
        throw toMiniCodeError(error, backend.name)
      })
      .finally(() => {
        if (this.inflight.get(key) === entry) this.inflight.delete(key)
      })
    const entry: Inflight = { promise, controller, waiters: 0 }
    this.inflight.set(key, entry)
    return entry
  }

  private store(key: string, result: CodeResult): void {
    this.cache.delete(key)
    this.cache.set(key, result)
    // Maps iterate in insertion order: the first key is the least recently used.
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string)
  }
}

let sharedClient: CodeClient | undefined

/** The client every useMiniCode shares unless given its own. Created on first use. */
export function getDefaultCodeClient(): CodeClient {
  sharedClient ??= new CodeClient()
  return sharedClient
}

type Action =
  | { type: 'idle' }
  | { type: 'fetch'; key: string }
  | { type: 'success'; key: string; result: CodeResult }
  | { type: 'error'; key: string; error: MiniCodeError }

const IDLE: CodeState = /* @__PURE__ */ Object.freeze({
  status: 'idle',
  dataUrl: null,
  mime: null,
  bytes: null,
  error: null,
  key: '',
})

/** The one place a code view's status changes. */
export function reduceCodeState(state: CodeState, action: Action): CodeState {
  switch (action.type) {
    case 'idle':
      return IDLE
    case 'fetch':
      // A refresh of the same code keeps showing it; a different request never shows the old code.
      return state.key === action.key && state.dataUrl
        ? { ...state, status: 'loading', error: null }
        : { ...IDLE, status: 'loading', key: action.key }
    case 'success':
      return { ...action.result, status: 'ready', error: null, key: action.key }
    case 'error':
      return { ...IDLE, status: 'error', error: action.error, key: action.key }
  }
}

/** A request as the observer sees it: nothing, invalid, or valid with its key. */
type Target =
  | { kind: 'idle'; key: '' }
  | { kind: 'invalid'; key: string; error: MiniCodeError }
  | { kind: 'valid'; key: string; request: CodeRequest }

/**
 * One code view's state (the query-core half of useMiniCode). Framework-free:
 * `subscribe` / `getSnapshot` plug straight into React's useSyncExternalStore.
 * A response to an older request never overwrites a newer one (a fetch counter drops it).
 */
export class CodeObserver {
  private state: CodeState = IDLE
  private readonly listeners = new Set<() => void>()
  private fetchId = 0
  private active: Target | null = null
  private backend: CodeBackend | null = null
  private predicted: CodeState | null = null
  private lastInvalid?: [CodeRequest, string, Target]

  constructor(readonly client: CodeClient = getDefaultCodeClient()) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  getSnapshot = (): CodeState => this.state

  /**
   * The state to render for a request before `setRequest` has run (it runs in an effect):
   * the current state if it is for this request, else what setRequest will produce at once
   * (idle, the validation error, the cached image, or loading). Same object for the same input.
   */
  getResultFor(request: CodeRequest | null, backend: CodeBackend): CodeState {
    const target = this.target(request, backend)
    if (this.state.key === target.key) return this.state
    const predicted = this.predicted
    if (predicted && predicted.key === target.key) return predicted
    return (this.predicted = reduceCodeState(IDLE, this.firstAction(target)))
  }

  /** Shows the code for `request` (null: nothing). The same request again (by key) does nothing. */
  setRequest(request: CodeRequest | null, backend: CodeBackend): void {
    const target = this.target(request, backend)
    this.backend = backend
    if ((this.active && this.active.key) === target.key) return
    this.active = target
    const id = ++this.fetchId
    const action = this.firstAction(target)
    this.dispatch(action)
    if (action.type === 'fetch') void this.run(id, target as Target & { kind: 'valid' }, false)
  }

  /** Fetches the current request again, bypassing the cache. Resolves when done (never rejects). */
  refresh(): Promise<void> {
    const target = this.active
    if (!target || target.kind !== 'valid') return Promise.resolve()
    this.dispatch({ type: 'fetch', key: target.key })
    return this.run(++this.fetchId, target, true)
  }

  /** Stops applying results (on unmount). A later setRequest starts again. */
  detach(): void {
    this.active = null
    this.fetchId++
  }

  /** Where a target starts: idle, its validation error, its cached image, or loading. */
  private firstAction(target: Target): Action {
    const { key } = target
    if (target.kind === 'idle') return { type: 'idle' }
    if (target.kind === 'invalid') return { type: 'error', key, error: target.error }
    const hit = this.client.peek(key)
    return hit ? { type: 'success', key, result: hit } : { type: 'fetch', key }
  }

  private run(id: number, target: Target & { kind: 'valid' }, force: boolean): Promise<void> {
    const backend = this.backend as CodeBackend
    const { key } = target
    return this.client.fetch(backend, target.request, { force }).then(
      (result) => {
        if (id === this.fetchId) this.dispatch({ type: 'success', key, result })
      },
      (error: unknown) => {
        if (id === this.fetchId)
          this.dispatch({ type: 'error', key, error: toMiniCodeError(error, backend.name) })
      },
    )
  }

  private target(request: CodeRequest | null, backend: CodeBackend): Target {
    if (request == null) return { kind: 'idle', key: '' }
    // Only development builds validate here (see CodeClient.resolve), so only they meet an invalid
    // request; its error is kept per request, so re-renders report the same error object.
    if (__DEV__) {
      const last = this.lastInvalid
      if (last && last[0] === request && last[1] === backend.name) return last[2]
      try {
        return { kind: 'valid', ...this.client.resolve(backend, request) }
      } catch (error) {
        const key = `${backend.name}${SEP}invalid${SEP}${stableJson(request)}`
        const target: Target = { kind: 'invalid', key, error: toMiniCodeError(error, backend.name) }
        this.lastInvalid = [request, backend.name, target]
        return target
      }
    } else {
      return { kind: 'valid', ...this.client.resolve(backend, request) }
    }
  }

  private dispatch(action: Action): void {
    const next = reduceCodeState(this.state, action)
    if (next === this.state) return
    this.state = next
    this.predicted = null
    this.listeners.forEach((listener) => listener())
  }
}
