import Redis from 'ioredis'
import { lockOwner, type Store } from './store'

const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

/**
 * A Store in Redis, shared by every process of a deployment: one token for all, one cached copy of
 * each code. Pass a `redis://` URL (the store owns and closes the connection) or your ioredis client.
 * Locks are `SET key owner NX PX ttl`, released by compare-and-delete.
 *
 * @example redisStore(process.env.REDIS_URL)
 */
export function redisStore(urlOrClient: string | Redis, options: { prefix?: string } = {}): Store {
  const owned = typeof urlOrClient === 'string'
  const redis = owned ? new Redis(urlOrClient, { maxRetriesPerRequest: 2, lazyConnect: false }) : urlOrClient
  const prefix = options.prefix ?? ''
  return {
    async get(key) {
      const value = await redis.getBuffer(prefix + key)
      return value ? new Uint8Array(value.buffer, value.byteOffset, value.length) : null
    },
    async set(key, value, ttlMs) {
      const buffer = Buffer.from(value.buffer, value.byteOffset, value.length)
      if (ttlMs === undefined) await redis.set(prefix + key, buffer)
      else await redis.set(prefix + key, buffer, 'PX', Math.max(1, Math.round(ttlMs)))
    },
    async deleteIfEquals(key, value) {
      const buffer = Buffer.from(value.buffer, value.byteOffset, value.length)
      return (await redis.eval(DELETE_IF_EQUALS, 1, prefix + key, buffer)) === 1
    },
    async tryLock(key, ttlMs) {
      const owner = lockOwner()
      const taken = await redis.set(prefix + key, owner, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')
      if (taken !== 'OK') return null
      return async () => {
        await redis.eval(DELETE_IF_EQUALS, 1, prefix + key, owner)
      }
    },
    async close() {
      if (owned) await redis.quit().catch(() => redis.disconnect())
    },
  }
}
