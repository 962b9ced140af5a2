import { createHash } from 'node:crypto'
import {
  isValidatedLinkRequest,
  linkRequestKey,
  validateLinkRequest,
  type EntryLink,
  type LinkRequest,
} from '@minicode/core'
import { makeOnce } from '../stores/make-once'
import { fromUtf8, utf8, type Store } from '../stores/store'
import type { WeChatClient } from '../wechat-client'

export interface LinkServiceOptions {
  client: Pick<WeChatClient, 'generateLink'>
  /** A second-level cache shared by processes: the code cache's `fileStore(dir)` or `redisStore(url)`. */
  cache?: Store
  /**
   * How long before a link expires it stops being served, in ms, so nobody receives a link about to
   * die. Default 1 hour, and never more than a tenth of the link's life.
   */
  refreshMarginMs?: number
  /** How long a process waits for another one (sharing `cache`) making the same link. Default 30 s. */
  lockWaitMs?: number
  /** Links kept in memory (least recently used dropped first). Default 10,000. */
  memoryEntries?: number
  /** The clock in ms (tests). Pass the same clock as the WeChat client's. Default Date.now. */
  now?: () => number
  /** Told when the shared cache fails (the link is then made at WeChat). */
  onCacheError?: (error: unknown) => void
}

export interface LinkService {
  /** The link for `request`: from memory, the cache, or WeChat, one upstream call per link at a time. */
  get(request: LinkRequest): Promise<EntryLink>
}

interface Kept {
  link: EntryLink
  /** Served until this time (ms); Infinity for a permanent short link. */
  until: number
}

/**
 * Links cached until shortly before they expire (a permanent short link forever), in memory in front
 * of an optional shared store; concurrent asks for one link share one upstream call; errors are never
 * cached. The same request always gives the same link while it is served, so links can be handed out
 * freely without spending WeChat's daily quota.
 */
export function createLinkService(options: LinkServiceOptions): LinkService {
  const { client, cache } = options
  const now = options.now ?? Date.now
  const marginMs = options.refreshMarginMs ?? 3_600_000
  const maxEntries = options.memoryEntries ?? 10_000
  const cacheError = options.onCacheError ?? (() => undefined)
  const lockWaitMs = options.lockWaitMs ?? 30_000
  const memory = new Map<string, Kept>()
  const inflight = new Map<string, Promise<EntryLink>>()

  const keepUntil = (link: EntryLink, issuedAt: number): number => {
    if (link.expiresAt === null) return Infinity
    const margin = Math.min(marginMs, (link.expiresAt - issuedAt) / 10)
    return link.expiresAt - margin
  }

  const remember = (key: string, kept: Kept) => {
    memory.delete(key)
    memory.set(key, kept)
    // Map iterates oldest first.
    if (memory.size > maxEntries) memory.delete(memory.keys().next().value as string)
  }

  const readShared = async (storeKey: string): Promise<Kept | null> => {
    try {
      const stored = await cache!.get(storeKey)
      if (!stored) return null
      const kept = JSON.parse(fromUtf8.decode(stored)) as { link: EntryLink; until: number | null }
      return { link: kept.link, until: kept.until ?? Infinity }
    } catch (error) {
      cacheError(error)
      return null
    }
  }

  /** A link still served from the shared cache, or null (none, expired, or the cache failed). */
  const readLive = async (storeKey: string): Promise<Kept | null> => {
    const shared = await readShared(storeKey)
    return shared && shared.until > now() ? shared : null
  }

  const load = async (key: string, request: LinkRequest): Promise<Kept> => {
    if (!cache) return makeLink(request)
    const hash = createHash('sha256').update(key).digest('base64url')
    const storeKey = `minicode:link:${hash}`
    // Across processes sharing the cache, as for codes: one makes the link (holding the lock), the
    // others wait for its copy, so N processes missing one link at once cost one upstream call.
    return makeOnce({
      store: cache,
      lockKey: `minicode:link-lock:${hash}`,
      lockWaitMs,
      read: () => readLive(storeKey),
      make: () => makeLink(request, storeKey),
      onStoreError: cacheError,
    })
  }

  /** Asks WeChat for the link and, given a `storeKey`, shares it in the cache. */
  const makeLink = async (request: LinkRequest, storeKey?: string): Promise<Kept> => {
    const issuedAt = now()
    const link = await client.generateLink(request)
    const kept = { link, until: keepUntil(link, issuedAt) }
    if (cache && storeKey) {
      const value = utf8.encode(
        JSON.stringify({ link, until: Number.isFinite(kept.until) ? kept.until : null }),
      )
      // The store's own clock drops it a little after we stop serving it; none for a permanent link.
      const ttlMs = Number.isFinite(kept.until) ? Math.max(1, kept.until - issuedAt) : undefined
      await cache.set(storeKey, value, ttlMs).catch(cacheError)
    }
    return kept
  }

  return {
    async get(input) {
      // The handler's routes validated it already (a frozen request from validateLinkRequest).
      const request = isValidatedLinkRequest(input) ? input : validateLinkRequest(input, { now })
      const key = linkRequestKey(request)
      const hit = memory.get(key)
      if (hit && hit.until > now()) return hit.link
      if (hit) memory.delete(key)
      let pending = inflight.get(key)
      if (!pending) {
        pending = load(key, request).then(
          (kept) => {
            inflight.delete(key)
            remember(key, kept)
            return kept.link
          },
          (error) => {
            inflight.delete(key)
            throw error
          },
        )
        inflight.set(key, pending)
      }
      return pending
    },
  }
}
