import { MiniCodeError, isSceneId, type SceneData } from '@minicode/core'
import { fromUtf8, utf8, type Store } from '../stores/store'
import { SCENE_DATA_MAX_BYTES, canonicalSceneData } from './scene-data'
import { createSceneIdMaker } from './scene-id'

export interface SceneStoreOptions {
  /** Where scene data lives: the code cache's store (`redisStore`, `fileStore`), kept forever. */
  store: Store
  /**
   * Key of the ids' HMAC, at least 32 bytes, the same on every process (else each gives its own id
   * to the same data). `minicode serve` uses MINICODE_SCENE_SECRET, else derives it from the app secret.
   */
  secret: string | Uint8Array
  /** Largest data, in bytes of canonical JSON. Default 2048. */
  maxBytes?: number
  /** Bytes of scene data kept in this process's memory, in front of `store`. Default 16 MiB. */
  memoryLimit?: number
  /** Told when the store fails. */
  onStoreError?: (error: unknown) => void
}

/** A long scene ready to store: its id and canonical JSON. */
export interface PreparedScene {
  id: string
  canonical: string
}

export interface SceneStore {
  /** Validates `data` and computes its id (no IO): throws 'invalid_request' / 'payload_too_large'. */
  prepare(data: unknown): PreparedScene
  /**
   * Stores a prepared scene (idempotent: same id, same data). Throws 'store_unavailable' when the
   * store fails and the data is not known to be stored already: refused, never silently lost.
   */
  keep(scene: PreparedScene): Promise<void>
  /** The data of `id`, or null for an unknown id. Throws 'store_unavailable' when the store fails. */
  get(id: string): Promise<SceneData | null>
}

const KEY_PREFIX = 'minicode:scene:'

/**
 * Long scenes: data too big for a 32-character scene kept on the server under an id scene
 * (`~` + 31 base64url characters of an HMAC of the data, see createSceneIdMaker). Scenes live
 * forever in `store` (a printed code never expires), with an in-process LRU in front so scenes this
 * process has seen are still served while the store (Redis) is away.
 */
export function createSceneStore(options: SceneStoreOptions): SceneStore {
  const { store } = options
  const maxBytes = options.maxBytes ?? SCENE_DATA_MAX_BYTES
  const memoryLimit = options.memoryLimit ?? 16 * 1024 * 1024
  const idOf = createSceneIdMaker(options.secret)
  const storeError = options.onStoreError ?? (() => undefined)
  const lru = new Map<string, string>()
  let lruBytes = 0

  const remember = (id: string, canonical: string) => {
    const old = lru.get(id)
    if (old !== undefined) lruBytes -= old.length
    lru.delete(id)
    lru.set(id, canonical)
    lruBytes += canonical.length
    // Map iterates oldest first.
    for (const [oldId, oldText] of lru) {
      if (lruBytes <= memoryLimit) break
      lru.delete(oldId)
      lruBytes -= oldText.length
    }
  }

  const unavailable = (error: unknown, what: string) =>
    new MiniCodeError(
      'store_unavailable',
      `The scene store (REDIS_URL or MINICODE_CACHE_DIR) is unreachable, so ${what}. Retry in a few seconds; codes and scenes already known are still served.`,
      { cause: error, retryable: true },
    )

  return {
    prepare(data) {
      const canonical = canonicalSceneData(data, maxBytes)
      return { id: idOf(canonical), canonical }
    },

    async keep({ id, canonical }) {
      const known = lru.get(id) === canonical
      try {
        // Written again even when known: heals a store that lost it (a Redis restarted without persistence).
        await store.set(KEY_PREFIX + id, utf8.encode(canonical))
      } catch (error) {
        storeError(error)
        // Known here means stored before: serving its code loses nothing.
        if (!known) throw unavailable(error, 'new long scenes are refused rather than lost')
      }
      remember(id, canonical)
    },

    async get(id) {
      if (!isSceneId(id)) return null
      const hit = lru.get(id)
      if (hit !== undefined) {
        remember(id, hit)
        return JSON.parse(hit) as SceneData
      }
      let stored: Uint8Array | null
      try {
        stored = await store.get(KEY_PREFIX + id)
      } catch (error) {
        storeError(error)
        throw unavailable(error, 'this scene cannot be looked up now')
      }
      if (!stored) return null
      const canonical = fromUtf8.decode(stored)
      remember(id, canonical)
      return JSON.parse(canonical) as SceneData
    },
  }
}
