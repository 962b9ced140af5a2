import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bytesEqual, lockOwner, type Store } from './store'

// Each file: 8 bytes of expiry (float64 ms since epoch, Infinity = forever) then the value.
const HEADER = 8

/**
 * A Store in a directory: survives restarts, shared by processes on one machine.
 * File names are the sha256 of the key, so nothing from a request ever reaches a path.
 * Writes go to a temp file and are renamed into place, so a reader never sees half a file.
 */
export function fileStore(dir: string): Store {
  let ready: Promise<unknown> | undefined
  const ensureDir = () => (ready ??= mkdir(dir, { recursive: true }))
  const pathOf = (key: string, suffix = '') =>
    join(dir, createHash('sha256').update(key).digest('hex') + suffix)

  const read = async (key: string): Promise<Uint8Array | null> => {
    let raw: Buffer
    try {
      raw = await readFile(pathOf(key))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    if (raw.length < HEADER) return null
    if (raw.readDoubleLE(0) <= Date.now()) return null
    return new Uint8Array(raw.buffer, raw.byteOffset + HEADER, raw.length - HEADER)
  }

  const writeAtomic = async (path: string, data: Uint8Array, flag = 'w') => {
    await ensureDir()
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temp, data, { flag })
      await rename(temp, path)
    } catch (error) {
      await unlink(temp).catch(() => undefined)
      throw error
    }
  }

  return {
    get: read,
    async set(key, value, ttlMs) {
      const file = Buffer.allocUnsafe(HEADER + value.length)
      file.writeDoubleLE(ttlMs === undefined ? Infinity : Date.now() + ttlMs, 0)
      file.set(value, HEADER)
      await writeAtomic(pathOf(key), file)
    },
    async deleteIfEquals(key, value) {
      // Not atomic across processes; good enough for tokens, whose worst case is one extra refresh.
      const current = await read(key)
      if (!current || !bytesEqual(current, value)) return false
      await unlink(pathOf(key)).catch(() => undefined)
      return true
    },
    async tryLock(key, ttlMs) {
      await ensureDir()
      const path = pathOf(key, '.lock')
      const owner = lockOwner()
      const body = JSON.stringify({ owner, expiresAt: Date.now() + ttlMs })
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const handle = await open(path, 'wx')
          await handle.writeFile(body).finally(() => handle.close())
          return async () => {
            const held = await readFile(path, 'utf8').catch(() => '')
            if (held.includes(owner)) await unlink(path).catch(() => undefined)
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
          // A lock left by a crashed holder expires; take it over once.
          const held = await readFile(path, 'utf8').catch(() => '')
          let expiresAt = 0
          try {
            expiresAt = Number(JSON.parse(held).expiresAt) || 0
          } catch {
            // Half-written by a holder that is still writing: treat as held.
            expiresAt = Date.now() + ttlMs
          }
          if (expiresAt > Date.now()) return null
          await unlink(path).catch(() => undefined)
        }
      }
      return null
    },
  }
}
