import { sleep } from '../retry'
import type { Store } from './store'

/** What {@link makeOnce} reads, makes and locks with. */
export interface MakeOnceOptions<T> {
  store: Store
  /** The lock's name in the store. */
  lockKey: string
  /** How long the lock is held at most, and how long the others wait for the holder's copy. */
  lockWaitMs: number
  /** What the store holds already, or null. */
  read(): Promise<T | null>
  /** Makes it (and keeps it in the store, for the others to read). */
  make(): Promise<T>
  /** Told when the store fails: it is then made without the lock. */
  onStoreError(error: unknown): void
}

/**
 * Reads a value from a store shared by several processes, or makes it with one process making it at a
 * time: whoever takes the lock reads once more and makes it; the others poll for its copy. N processes
 * missing the same code or link at once so cost one upstream call. A failing store, or a holder still
 * busy past `lockWaitMs` (crashed or stuck), leaves this process to make it without the lock.
 */
export async function makeOnce<T>(options: MakeOnceOptions<T>): Promise<T> {
  const { store, lockKey, lockWaitMs, read, make, onStoreError } = options
  const deadline = Date.now() + lockWaitMs
  for (;;) {
    const found = await read()
    if (found) return found
    let release: (() => Promise<void>) | null = null
    try {
      release = await store.tryLock(lockKey, lockWaitMs)
    } catch (error) {
      onStoreError(error)
      return make()
    }
    if (release) {
      try {
        return (await read()) ?? (await make())
      } finally {
        await release().catch(onStoreError)
      }
    }
    if (Date.now() > deadline) return make()
    await sleep(20 + Math.random() * 40)
  }
}
