/**
 * The one storage interface behind both the token cache and the code cache.
 * Values are bytes; a token is stored as its UTF-8 text.
 */
export interface Store {
  /** The value, or null when absent or expired. */
  get(key: string): Promise<Uint8Array | null>
  /** Stores a value; `ttlMs` omitted = keep forever. */
  set(key: string, value: Uint8Array, ttlMs?: number): Promise<void>
  /** Deletes the key only while it still holds exactly `value` (compare-and-delete). True if deleted. */
  deleteIfEquals(key: string, value: Uint8Array): Promise<boolean>
  /**
   * Tries to take a lock named `key` for at most `ttlMs`. Resolves to a release function when taken,
   * null when someone else holds it. Never waits.
   */
  tryLock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>
  /** Frees connections or timers the store owns. */
  close?(): Promise<void>
}

export const utf8 = new TextEncoder()
export const fromUtf8 = new TextDecoder()

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A random lock owner id, so only the holder can release its lock. */
export function lockOwner(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
