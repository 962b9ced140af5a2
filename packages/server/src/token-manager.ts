import { MiniCodeError } from '@minicode/core'
import { backoffMs, fetchFailure, scrub, sleep } from './retry'
import { fromUtf8, utf8, type Store } from './stores/store'

export interface TokenManagerOptions {
  appId: string
  appSecret: string
  apiBase: string
  store: Store
  stableToken: boolean
  timeoutMs: number
  retries: number
  fetch: typeof fetch
}

export interface TokenManager {
  /** A valid access token: from the store, or refreshed once for all callers and processes. */
  get(): Promise<string>
  /** Drops `token` from the store, but only if it is still the stored one. */
  invalidate(token: string): Promise<void>
}

// Lifetime kept short of expires_in: 5 minutes early, or half of it for short-lived tokens.
export function tokenTtlMs(expiresInSeconds: number): number {
  const ms = expiresInSeconds * 1000
  return Math.max(ms / 2, ms - 5 * 60_000)
}

// A token read from the store has no expiry attached; kept this long in memory as a fallback.
const STORED_TOKEN_FALLBACK_MS = 5 * 60_000

/**
 * Access tokens per DESIGN.md: cached with expiry, one refresh at a time in this process
 * (single-flight) and across processes (a store lock, then a re-check), never force_refresh.
 *
 * When the store fails (Redis away) the last token this process saw is used until it expires; after
 * that, with stableToken, a fresh one comes straight from stable_token, still one fetch at a time:
 * stable_token gives every process the same token and invalidates none, so no lock is needed.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { appId, appSecret, apiBase, store, timeoutMs, retries } = options
  const key = `minicode:token:${appId}`
  const lockKey = `minicode:token-lock:${appId}`
  const lockTtl = timeoutMs * (retries + 1) + 5000
  let inflight: Promise<string> | undefined
  // The last token this process saw, for while the store is away.
  let local: { token: string; expiresAt: number } | null = null
  const keepLocal = (token: string, ttlMs: number) => {
    if (local?.token === token) return
    local = { token, expiresAt: Date.now() + ttlMs }
  }

  // Errors of the store (not of WeChat): the fallback without the store applies to these only.
  const storeFailures = new WeakSet<object>()
  const storeFailure = (error: unknown): MiniCodeError => {
    const failure = new MiniCodeError(
      'network',
      `The token store failed: ${scrub(String((error as Error)?.message ?? error), appSecret)}. Check REDIS_URL or the cache directory.`,
    )
    storeFailures.add(failure)
    return failure
  }

  const readStored = async (): Promise<string | null> => {
    let value: Uint8Array | null
    try {
      value = await store.get(key)
    } catch (error) {
      throw storeFailure(error)
    }
    return value && value.length > 0 ? fromUtf8.decode(value) : null
  }

  const fetchOnce = async (): Promise<{ token: string; ttlMs: number }> => {
    let response: Response
    try {
      response = options.stableToken
        ? await options.fetch(`${apiBase}/cgi-bin/stable_token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            // force_refresh is limited to 20 a day: never automatic.
            body: JSON.stringify({
              grant_type: 'client_credential',
              appid: appId,
              secret: appSecret,
              force_refresh: false,
            }),
            signal: AbortSignal.timeout(timeoutMs),
          })
        : await options.fetch(
            `${apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`,
            { signal: AbortSignal.timeout(timeoutMs) },
          )
    } catch (error) {
      throw fetchFailure(error, 'Fetching the access token', timeoutMs, appSecret)
    }
    let data: { access_token?: unknown; expires_in?: unknown; errcode?: unknown; errmsg?: unknown }
    try {
      data = (await response.json()) as typeof data
    } catch (error) {
      throw fetchFailure(error, `Reading the access token (HTTP ${response.status})`, timeoutMs, appSecret)
    }
    if (typeof data?.access_token === 'string' && data.access_token) {
      const expiresIn = typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 7200
      return { token: data.access_token, ttlMs: tokenTtlMs(expiresIn) }
    }
    const errcode = typeof data?.errcode === 'number' ? data.errcode : undefined
    if (errcode === -1)
      throw new MiniCodeError(
        'busy',
        'WeChat is busy (errcode -1) issuing the access token. Try again shortly.',
        { errcode },
      )
    const errmsg = scrub(String(data?.errmsg ?? `HTTP ${response.status}`), appSecret)
    throw new MiniCodeError(
      'wechat_error',
      `WeChat refused the access token (errcode ${errcode ?? 'none'}: ${errmsg}). Check WECHAT_APPID, WECHAT_APPSECRET and the IP allow-list.`,
      { errcode, retryable: false },
    )
  }

  const fetchWithRetry = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetchOnce()
      } catch (error) {
        const err = error as MiniCodeError
        if ((err.code === 'busy' || err.code === 'network') && attempt < retries) {
          await sleep(backoffMs(attempt))
          continue
        }
        throw err
      }
    }
  }

  const refresh = async (): Promise<string> => {
    const deadline = Date.now() + lockTtl
    for (;;) {
      const release = await store.tryLock(lockKey, lockTtl).catch((error: unknown) => {
        throw storeFailure(error)
      })
      if (release) {
        try {
          // Someone may have refreshed between our read and the lock.
          const again = await readStored()
          if (again) return again
          const { token, ttlMs } = await fetchWithRetry()
          keepLocal(token, ttlMs)
          // Unshared if the store just failed, but a stable_token token is valid for every process.
          await store.set(key, utf8.encode(token), ttlMs).catch(() => undefined)
          return token
        } finally {
          await release().catch(() => undefined)
        }
      }
      await sleep(20 + Math.random() * 40)
      const stored = await readStored()
      if (stored) return stored
      if (Date.now() > deadline) {
        throw new MiniCodeError('timeout', 'Another process held the token refresh lock too long. Try again.')
      }
    }
  }

  /** Without the store: the last token seen, else (stable_token only) a fresh one. Call single-flight. */
  const withoutStore = async (storeError: unknown): Promise<string> => {
    if (local && local.expiresAt > Date.now()) return local.token
    // /cgi-bin/token would invalidate the token every other process holds: not without the store.
    if (!options.stableToken) throw storeError
    const { token, ttlMs } = await fetchWithRetry()
    keepLocal(token, ttlMs)
    return token
  }

  return {
    async get() {
      let stored: string | null
      try {
        stored = await readStored()
      } catch (error) {
        // Redis away: one fallback at a time, like a refresh (never a storm of token fetches).
        inflight ??= withoutStore(error).finally(() => {
          inflight = undefined
        })
        return inflight
      }
      if (stored) {
        keepLocal(stored, STORED_TOKEN_FALLBACK_MS)
        return stored
      }
      inflight ??= refresh()
        .then(
          (token) => {
            keepLocal(token, STORED_TOKEN_FALLBACK_MS)
            return token
          },
          // The store went away mid-refresh (its lock or its re-check).
          (error) => (storeFailures.has(error as object) ? withoutStore(error) : Promise.reject(error)),
        )
        .finally(() => {
          inflight = undefined
        })
      return inflight
    },
    async invalidate(token) {
      if (local?.token === token) local = null
      await store.deleteIfEquals(key, utf8.encode(token)).catch(() => false)
    },
  }
}
