import type { PosterImage } from './execute-draw-ops'

/**
 * Images kept from one render to the next on a page (issue #14): the second render of a poster whose
 * avatar did not change draws the avatar it already has instead of loading it again. Held by a
 * PosterController (one per usePoster), handed to every renderPoster it starts.
 *
 * - Keyed by what was loaded (the src, a code's request): a render with a new src loads the new image.
 * - Only successful loads stay; a failed one is forgotten, so the next render tries again.
 * - Bounded: beyond `limit` entries the least recently used image no render holds is dropped. An image
 *   a render in flight still uses is never dropped (the cache may then hold more than `limit`).
 * - On mini-programs an image is made by one canvas (canvas.createImage()); an entry made for another
 *   canvas does not count, unless the port says its images are drawable on any canvas (H5, Node).
 */
export interface ImageCache {
  /**
   * The load under `key` made for `owner`, started with `load` when there is none. The entry is held
   * (never evicted) until `release()` is called, once, when the render using it has settled.
   */
  get(key: string, owner: unknown, load: () => Promise<PosterImage>): CachedImage
  /** Entries now held, for tests and debugging. */
  readonly size: number
}

export interface CachedImage {
  image: Promise<PosterImage>
  release(): void
}

interface Entry {
  image: Promise<PosterImage>
  owner: unknown
  /** Renders in flight that use it. */
  users: number
}

/** Default number of images kept between renders: a poster's avatar, product photos and code. */
export const IMAGE_CACHE_LIMIT = 16

/** An image cache for one poster (see ImageCache). `limit` ≥ 0; 0 keeps nothing between renders. */
export function createImageCache(limit = IMAGE_CACHE_LIMIT): ImageCache {
  // A Map iterates in insertion order: deleting and re-inserting on use keeps it least recent first.
  const entries = new Map<string, Entry>()

  function evict(): void {
    for (const [key, entry] of entries) {
      if (entries.size <= limit) return
      if (entry.users === 0) entries.delete(key)
    }
  }

  return {
    get(key, owner, load) {
      let entry = entries.get(key)
      if (entry && entry.owner !== owner) {
        // Made for another canvas: unusable here. The new load takes its place once nobody holds it.
        if (entry.users === 0) entries.delete(key)
        entry = undefined
      }
      if (!entry) {
        const image = load()
        entry = { image, owner, users: 0 }
        const made = entry
        // A failure is not kept: the next render loads again. (The render sees the rejection itself.)
        image.catch(() => {
          if (entries.get(key) === made) entries.delete(key)
        })
      }
      const held = entry
      entries.delete(key)
      entries.set(key, held)
      held.users++
      evict()
      let released = false
      const release = () => {
        if (released) return
        released = true
        held.users--
        evict()
      }
      return { image: held.image, release }
    },
    get size() {
      return entries.size
    },
  }
}
