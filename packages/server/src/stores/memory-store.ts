import { bytesEqual, type Store } from './store'

interface Entry {
  value: Uint8Array
  expiresAt: number
}

/**
 * A Store in this process's memory: right for one server, or as the token store of a single process.
 * Expired entries are dropped when read.
 */
export function memoryStore(): Store {
  const entries = new Map<string, Entry>()
  const locks = new Map<string, { owner: symbol; expiresAt: number }>()

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  return {
    async get(key) {
      return live(key)?.value ?? null
    },
    async set(key, value, ttlMs) {
      entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : Date.now() + ttlMs })
    },
    async deleteIfEquals(key, value) {
      const entry = live(key)
      if (!entry || !bytesEqual(entry.value, value)) return false
      entries.delete(key)
      return true
    },
    async tryLock(key, ttlMs) {
      const held = locks.get(key)
      if (held && held.expiresAt > Date.now()) return null
      const owner = Symbol(key)
      locks.set(key, { owner, expiresAt: Date.now() + ttlMs })
      return async () => {
        if (locks.get(key)?.owner === owner) locks.delete(key)
      }
    },
  }
}
