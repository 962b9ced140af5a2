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

/**
 * Access tokens per DESIGN.md: cached with expiry, one refresh at a time in this process
 * (single-flight) and across processes (a store lock, then a re-check), never force_refresh.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { appId, appSecret, apiBase, store, timeoutMs, retries } = options
  const key = `minicode:token:${appId}`
  const lockKey = `minicode:token-lock:${appId}`
  const lockTtl = timeoutMs * (retries + 1) + 5000
  let inflight: Promise<string> | undefined

  const readStored = async (): Promise<string | null> => {
    let value: Uint8Array | null
    try {
      value = await store.get(key)
    } catch (error) {
      throw new MiniCodeError(
        'network',
        `The token store failed: ${scrub(String((error as Error)?.message ?? error), appSecret)}. Check REDIS_URL or the cache directory.`,
      )
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
      const release = await store.tryLock(lockKey, lockTtl)
      if (release) {
        try {
          // Someone may have refreshed between our read and the lock.
          const again = await readStored()
          if (again) return again
          const { token, ttlMs } = await fetchWithRetry()
          await store.set(key, utf8.encode(token), ttlMs)
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

  return {
    async get() {
      const stored = await readStored()
      if (stored) return stored
      inflight ??= refresh().finally(() => {
        inflight = undefined
      })
      return inflight
    },
    async invalidate(token) {
      await store.deleteIfEquals(key, utf8.encode(token)).catch(() => false)
    },
  }
}
