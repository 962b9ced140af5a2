/**
 * Rendered posters by key: an LRU bounded in bytes, entries dropped after `ttlMs` (a spec's remote
 * images may change), and concurrent asks for one key sharing one render. Failures are not cached.
 */
export interface PosterCache<T extends { bytes: Uint8Array }> {
  /** The cached value of `key`, the render already under way for it, or a new render by `make`. */
  get(key: string, make: () => Promise<T>): Promise<T>
  /** Entries held now. */
  readonly size: number
}

export interface PosterCacheOptions {
  /** Bytes of images kept. Default 64 MiB; 0 keeps none (asks are still coalesced). */
  maxBytes?: number
  /** How long an entry is served, in ms. Default 10 minutes. */
  ttlMs?: number
  /** The clock (tests). Default Date.now. */
  now?: () => number
}

export function createPosterCache<T extends { bytes: Uint8Array }>(
  options: PosterCacheOptions = {},
): PosterCache<T> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const ttlMs = options.ttlMs ?? 10 * 60 * 1000
  const now = options.now ?? Date.now
  const entries = new Map<string, { value: T; expires: number }>()
  const inflight = new Map<string, Promise<T>>()
  let bytes = 0

  const drop = (key: string) => {
    const entry = entries.get(key)
    if (!entry) return
    bytes -= entry.value.bytes.length
    entries.delete(key)
  }

  const keep = (key: string, value: T) => {
    if (value.bytes.length > maxBytes) return
    drop(key)
    entries.set(key, { value, expires: now() + ttlMs })
    bytes += value.bytes.length
    // Map order is insertion order: the first keys are the least recently used.
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break
      drop(oldest)
    }
  }

  return {
    get(key, make) {
      const entry = entries.get(key)
      if (entry && entry.expires > now()) {
        entries.delete(key)
        entries.set(key, entry)
        return Promise.resolve(entry.value)
      }
      if (entry) drop(key)
      const running = inflight.get(key)
      if (running) return running
      const render = make().then(
        (value) => {
          inflight.delete(key)
          keep(key, value)
          return value
        },
        (error: unknown) => {
          inflight.delete(key)
          throw error
        },
      )
      inflight.set(key, render)
      return render
    },
    get size() {
      return entries.size
    },
  }
}
