import { MiniCodeError, cancelledError, isMiniCodeError } from '../errors'
import { encodeBase64, sniffBytes } from '../encoding'
import type { CodeRequest } from '../types'
import type { CodeBackend } from './backend'
import type { CodeResult } from './code-state'
import { codeRequestKey, stableJson } from './request-key'
import { validateCodeRequest } from './validate-request'

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

/** Separates the backend name from the request in a cache key. */
export const KEY_SEPARATOR = '\u0000'

/** Any failure of a backend as a MiniCodeError ('network' unless it is one already). */
export function toMiniCodeError(error: unknown, backend: string): MiniCodeError {
  if (isMiniCodeError(error)) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new MiniCodeError(
    'network',
    __DEV__
      ? `The code backend "${backend}" failed: ${detail}. Check its configuration and the network.`
      : detail,
    { cause: error },
  )
}

function stoppedWaiting(): MiniCodeError {
  return cancelledError(__DEV__ ? 'Stopped waiting for the code: the request was aborted.' : '')
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
    // The development path sits inside `if (__DEV__)`: esbuild drops a constant-false block, but keeps
    // the validator alive when it is only behind a constant early return.
    if (__DEV__) {
      const valid = validateCodeRequest(request)
      return { key: backend.name + KEY_SEPARATOR + codeRequestKey(valid), request: valid }
    }
    return { key: backend.name + KEY_SEPARATOR + stableJson(request), request }
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
      if (signal?.aborted) throw stoppedWaiting()
      const hit = force ? undefined : this.peek(key)
      if (hit) {
        resolve(hit)
        return
      }
      const entry = this.inflight.get(key) ?? this.start(backend, key, valid)
      entry.waiters++
      let waiting = true
      const leave = (): void => {
        waiting = false
        entry.waiters--
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        leave()
        reject(stoppedWaiting())
        // Nobody wants it any more: stop the IO, and let the next caller start afresh.
        if (entry.waiters === 0 && this.inflight.get(key) === entry) {
          this.inflight.delete(key)
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

  private start(backend: CodeBackend, key: string, request: CodeRequest): Inflight {
    // Mini-program runtimes may lack AbortController: backends must cope with no signal.
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    const promise = Promise.resolve()
      .then(() => backend.fetchCode(request, { signal: controller?.signal }))
      .then((image) => {
        // Trust the bytes, not the label: a backend may pass on whatever it received.
        const bytes = image?.bytes
        const mime = bytes instanceof Uint8Array ? sniffBytes(bytes) : null
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
