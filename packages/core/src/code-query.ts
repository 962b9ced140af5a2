import type { CodeBackend } from './code-backend'
import { codeRequestKey, validateCodeRequest } from './code-request'
import { toDataUrl } from './data-url'
import { MiniCodeError, isMiniCodeError } from './errors'
import { sniffImage } from './image-codec'
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
  settled: boolean
}

const SEP = '\u0000'

function toMiniCodeError(error: unknown, backend: string): MiniCodeError {
  if (isMiniCodeError(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new MiniCodeError(
    'network',
    process.env.NODE_ENV !== 'production'
      ? `The code backend "${backend}" failed: ${detail}. Check its configuration and the network, then retry.`
      : detail,
    { cause: error },
  )
}

function cancelled(): MiniCodeError {
  return new MiniCodeError(
    'cancelled',
    process.env.NODE_ENV !== 'production' ? 'Stopped waiting for the code: the request was aborted.' : '',
  )
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

  /** Validates the request and gives its cache key. Throws MiniCodeError 'invalid_request'. */
  resolve(backend: CodeBackend, request: CodeRequest): { key: string; request: CodeRequest } {
    const valid = validateCodeRequest(request)
    return { key: backend.name + SEP + codeRequestKey(valid), request: valid }
  }

  /** The cached image for a key (marks it recently used), if any. */
  peek(key: string): CodeResult | undefined {
    const hit = this.cache.get(key)
    if (hit) {
      this.cache.delete(key)
      this.cache.set(key, hit)
    }
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
    let resolved: { key: string; request: CodeRequest }
    try {
      resolved = this.resolve(backend, request)
    } catch (error) {
      return Promise.reject(toMiniCodeError(error, backend.name))
    }
    if (options.signal?.aborted) return Promise.reject(cancelled())
    if (!options.force) {
      const hit = this.peek(resolved.key)
      if (hit) return Promise.resolve(hit)
    }
    const entry = this.inflight.get(resolved.key) ?? this.start(backend, resolved.key, resolved.request)
    return this.join(resolved.key, entry, options.signal)
  }

  private start(backend: CodeBackend, key: string, request: CodeRequest): Inflight {
    // Mini-program runtimes may lack AbortController: backends must cope with no signal.
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    const entry: Inflight = {
      promise: Promise.resolve(null as never),
      controller,
      waiters: 0,
      settled: false,
    }
    entry.promise = Promise.resolve()
      .then(() => backend.fetchCode(request, { signal: controller?.signal }))
      .then((image) => {
        // Trust the bytes, not the label: a backend may pass on whatever it received.
        const bytes = image?.bytes
        const mime = bytes instanceof Uint8Array ? sniffImage(bytes) : null
        if (!bytes || !mime) {
          throw new MiniCodeError(
            'not_an_image',
            process.env.NODE_ENV !== 'production'
              ? `The code backend "${backend.name}" returned something that is not a PNG/JPEG/GIF/WebP image.`
              : '',
          )
        }
        const result: CodeResult = { mime, bytes, dataUrl: toDataUrl(bytes, mime) }
        this.store(key, result)
        return result
      })
      .catch((error: unknown) => {
        throw toMiniCodeError(error, backend.name)
      })
      .finally(() => {
        entry.settled = true
        if (this.inflight.get(key) === entry) this.inflight.delete(key)
      })
    this.inflight.set(key, entry)
    return entry
  }

  private join(key: string, entry: Inflight, signal?: AbortSignal): Promise<CodeResult> {
    if (signal?.aborted) return Promise.reject(cancelled())
    entry.waiters += 1
    return new Promise<CodeResult>((resolve, reject) => {
      let waiting = true
      const leave = (): void => {
        if (!waiting) return
        waiting = false
        entry.waiters -= 1
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        leave()
        reject(cancelled())
        if (entry.waiters === 0 && !entry.settled) {
          // Nobody wants it any more: stop the IO, and let the next caller start afresh.
          if (this.inflight.get(key) === entry) this.inflight.delete(key)
          entry.controller?.abort()
        }
      }
      signal?.addEventListener('abort', onAbort)
      entry.promise.then(
        (result) => {
          if (!waiting) return
          leave()
          resolve(result)
        },
        (error: unknown) => {
          if (!waiting) return
          leave()
          reject(error)
        },
      )
    })
  }

  private store(key: string, result: CodeResult): void {
    this.cache.delete(key)
    this.cache.set(key, result)
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value as string
      this.cache.delete(oldest)
    }
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

const IDLE: CodeState = Object.freeze({
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
        : { status: 'loading', dataUrl: null, mime: null, bytes: null, error: null, key: action.key }
    case 'success': {
      const { dataUrl, mime, bytes } = action.result
      return { status: 'ready', dataUrl, mime, bytes, error: null, key: action.key }
    }
    case 'error':
      return { status: 'error', dataUrl: null, mime: null, bytes: null, error: action.error, key: action.key }
  }
}

/** A request as the observer sees it: nothing, invalid, or valid with its key. */
type Target =
  | { kind: 'idle'; key: '' }
  | { kind: 'invalid'; key: string; error: MiniCodeError }
  | { kind: 'valid'; key: string; request: CodeRequest }

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
  private lastTarget: { request: CodeRequest | null; backend: string; target: Target } | null = null
  private optimistic: CodeState | null = null

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
    if (this.optimistic?.key === target.key) return this.optimistic
    let next: CodeState
    if (target.kind === 'idle') next = IDLE
    else if (target.kind === 'invalid')
      next = reduceCodeState(IDLE, { type: 'error', key: target.key, error: target.error })
    else {
      const hit = this.client.peek(target.key)
      next = hit
        ? reduceCodeState(IDLE, { type: 'success', key: target.key, result: hit })
        : reduceCodeState(IDLE, { type: 'fetch', key: target.key })
    }
    this.optimistic = next
    return next
  }

  /** Shows the code for `request` (null: nothing). The same request again (by key) does nothing. */
  setRequest(request: CodeRequest | null, backend: CodeBackend): void {
    const target = this.target(request, backend)
    this.backend = backend
    if (this.active && this.active.key === target.key) return
    this.active = target
    const id = ++this.fetchId
    if (target.kind === 'idle') return this.dispatch({ type: 'idle' })
    if (target.kind === 'invalid')
      return this.dispatch({ type: 'error', key: target.key, error: target.error })
    const hit = this.client.peek(target.key)
    if (hit) return this.dispatch({ type: 'success', key: target.key, result: hit })
    this.dispatch({ type: 'fetch', key: target.key })
    void this.run(id, target, false)
  }

  /** Fetches the current request again, bypassing the cache. Resolves when done (never rejects). */
  refresh(): Promise<void> {
    const target = this.active
    if (!target || target.kind !== 'valid') return Promise.resolve()
    const id = ++this.fetchId
    this.dispatch({ type: 'fetch', key: target.key })
    return this.run(id, target, true)
  }

  /** Stops applying results (on unmount). A later setRequest starts again. */
  detach(): void {
    this.active = null
    this.fetchId += 1
  }

  private run(id: number, target: Target & { kind: 'valid' }, force: boolean): Promise<void> {
    const backend = this.backend as CodeBackend
    return this.client.fetch(backend, target.request, { force }).then(
      (result) => {
        if (id === this.fetchId) this.dispatch({ type: 'success', key: target.key, result })
      },
      (error: unknown) => {
        if (id === this.fetchId)
          this.dispatch({ type: 'error', key: target.key, error: toMiniCodeError(error, backend.name) })
      },
    )
  }

  private target(request: CodeRequest | null, backend: CodeBackend): Target {
    const memo = this.lastTarget
    if (memo && memo.request === request && memo.backend === backend.name) return memo.target
    let target: Target
    if (request == null) target = { kind: 'idle', key: '' }
    else {
      try {
        const resolved = this.client.resolve(backend, request)
        target = { kind: 'valid', key: resolved.key, request: resolved.request }
      } catch (error) {
        const key = `${backend.name}${SEP}invalid${SEP}${stableJson(request)}`
        target = { kind: 'invalid', key, error: toMiniCodeError(error, backend.name) }
      }
    }
    this.lastTarget = { request, backend: backend.name, target }
    return target
  }

  private dispatch(action: Action): void {
    const next = reduceCodeState(this.state, action)
    if (next === this.state) return
    this.state = next
    this.optimistic = null
    this.listeners.forEach((listener) => listener())
  }
}
