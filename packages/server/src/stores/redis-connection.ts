import Redis from 'ioredis'

export interface RedisConnectionOptions {
  /** Longest wait for one Redis command, in ms. Default 2000: Redis answers in well under 1 ms, a loaded host much later. */
  commandTimeoutMs?: number
  /** Told once when the connection drops and once when it is back. Default console.error. */
  log?: (line: string) => void
}

/**
 * An ioredis connection for a server that must keep going while Redis is away:
 * - every command has a timeout (`commandTimeout`), so no request waits on a stuck Redis;
 * - no offline queue: while disconnected a command fails at once instead of waiting for a reconnect
 *   (callers fall back: the in-process caches serve what they know, tokens come from stable_token);
 * - it reconnects by itself for ever, at most a second apart.
 * Await `redisReady(redis)` before serving: before the first connection every command fails too.
 */
export function connectRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const log = options.log ?? ((line: string) => console.error(line))
  const redis = new Redis(url, {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  })
  let down = false
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    log(`[minicode] Redis unreachable (${error.message}): serving from memory, reconnecting.`)
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    log('[minicode] Redis is back.')
  })
  return redis
}

/**
 * Resolves when `redis` is connected, or after `timeoutMs` (default 5000) when it is not: the server
 * then starts anyway and uses Redis once it is reachable.
 */
export function redisReady(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      redis.off('ready', done)
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    redis.once('ready', done)
  })
}
