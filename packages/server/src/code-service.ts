import { createHash } from 'node:crypto'
import {
  codeRequestKey,
  sniffImage,
  validateCodeRequest,
  type CodeRequest,
  type ImageMime,
} from '@minicode/core'
import type { QuotaGuard } from './quota/quota-guard'
import { makeOnce } from './stores/make-once'
import type { Store } from './stores/store'
import type { WeChatClient } from './wechat-client'

/** A code ready to serve: bytes, the MIME type their signature says, and a strong ETag. */
export interface CachedCode {
  bytes: Uint8Array
  mime: ImageMime
  etag: string
  numUsed?: number
}

export interface CodeServiceOptions {
  client: Pick<WeChatClient, 'getCode'>
  /** A second-level cache behind memory: `fileStore(dir)` or `redisStore(url)`. Codes never expire. */
  cache?: Store
  /** Bytes of codes kept in the in-memory LRU. Default 64 MiB; 0 disables it. */
  memoryLimit?: number
  /** How long a process waits for another one (sharing `cache`) fetching the same code. Default 30 s. */
  lockWaitMs?: number
  /** Told when the second-level cache fails (the code is then served from WeChat). */
  onCacheError?: (error: unknown) => void
  /**
   * Checked before each new (uncached) limited or qrcode code, which spends the app's lifetime quota:
   * `createQuotaGuard({ ledger })`. Cached codes are served without asking it.
   */
  quota?: QuotaGuard
}

export interface CodeService {
  /** The code for `request`: from memory, the cache, or WeChat, one upstream call per key at a time. */
  get(request: CodeRequest): Promise<CachedCode>
}

/** Strong ETag of some bytes: a quoted base64url sha256 prefix. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`
}

/**
 * Codes cached by `codeRequestKey` forever (a code for the same request never changes): an LRU in
 * memory in front of an optional shared store. Concurrent misses for one key share one upstream call;
 * errors and non-images are never cached.
 */
export function createCodeService(options: CodeServiceOptions): CodeService {
  const { client, cache } = options
  const limit = options.memoryLimit ?? 64 * 1024 * 1024
  const lru = new Map<string, CachedCode>()
  let lruBytes = 0
  const inflight = new Map<string, Promise<CachedCode>>()
  const frozenKeys = new WeakMap<object, string>()
  const cacheError = options.onCacheError ?? (() => undefined)
  const lockWaitMs = options.lockWaitMs ?? 30_000

  const remember = (key: string, code: CachedCode) => {
    if (code.bytes.length > limit) return
    const old = lru.get(key)
    if (old) lruBytes -= old.bytes.length
    lru.delete(key)
    lru.set(key, code)
    lruBytes += code.bytes.length
    // Map iterates oldest first.
    for (const [oldKey, oldCode] of lru) {
      if (lruBytes <= limit) break
      lru.delete(oldKey)
      lruBytes -= oldCode.bytes.length
    }
  }

  const readCache = async (cacheKey: string): Promise<CachedCode | null> => {
    try {
      const stored = await cache!.get(cacheKey)
      const mime = stored ? sniffImage(stored) : null
      return stored && mime ? { bytes: stored, mime, etag: etagOf(stored) } : null
    } catch (error) {
      cacheError(error)
      return null
    }
  }

  const load = async (key: string, request: CodeRequest): Promise<CachedCode> => {
    const cacheKey = `minicode:code:${key}`
    if (!cache) return fetchCode(cacheKey, request)
    // Across processes sharing the cache: one fetches (holding the lock), the others wait for its copy.
    return makeOnce({
      store: cache,
      lockKey: `minicode:code-lock:${createHash('sha256').update(key).digest('hex')}`,
      lockWaitMs,
      read: () => readCache(cacheKey),
      make: () => fetchCode(cacheKey, request),
      onStoreError: cacheError,
    })
  }

  const fetchCode = async (cacheKey: string, request: CodeRequest): Promise<CachedCode> => {
    const ticket = options.quota ? await options.quota.reserve(request) : null
    let result: Awaited<ReturnType<typeof client.getCode>>
    try {
      result = await client.getCode(request)
    } catch (error) {
      await ticket?.cancel(error).catch(cacheError)
      throw error
    }
    await ticket?.settle(result.numUsed).catch(cacheError)
    // The client decided by the bytes already; check again so nothing but an image is ever stored.
    const mime = sniffImage(result.bytes)
    if (!mime) throw new Error('The WeChat client returned bytes that are not an image.')
    const code: CachedCode = { bytes: result.bytes, mime, etag: etagOf(result.bytes) }
    if (result.numUsed !== undefined) code.numUsed = result.numUsed
    if (cache) await cache.set(cacheKey, result.bytes).catch(cacheError)
    return code
  }

  return {
    async get(request) {
      let valid: CodeRequest
      let key = frozenKeys.get(request)
      if (key === undefined) {
        valid = validateCodeRequest(request)
        key = codeRequestKey(valid)
        // Only frozen requests can't change after their key was taken.
        if (Object.isFrozen(request) && typeof request === 'object' && request !== null)
          frozenKeys.set(request, key)
      } else valid = request
      const hit = lru.get(key)
      if (hit) {
        // Refresh recency.
        lru.delete(key)
        lru.set(key, hit)
        return hit
      }
      let pending = inflight.get(key)
      if (!pending) {
        pending = load(key, valid).then(
          (code) => {
            inflight.delete(key)
            if (limit > 0) remember(key, code)
            return code
          },
          (error) => {
            inflight.delete(key)
            throw error
          },
        )
        inflight.set(key, pending)
      }
      return pending
    },
  }
}
