import { createHmac } from 'node:crypto'
import { MiniCodeError, type CodeKind } from '@minicode/core'
import { createCodeService, type CodeService } from '../code-service'
import type { HandlerOptions } from '../http/handler'
import { createLinkService, type LinkService } from '../links/link-service'
import { parseImageHosts } from '../poster/image-policy'
import { createQuotaGuard, type QuotaGuard } from '../quota/quota-guard'
import { storeQuotaLedger, type QuotaLedger } from '../quota/quota-ledger'
import { redisQuotaLedger } from '../quota/redis-ledger'
import { fileStore } from '../stores/file-store'
import { memoryStore } from '../stores/memory-store'
import { connectRedis, redisReady } from '../stores/redis-connection'
import { redisStore } from '../stores/redis-store'
import { createSceneStore, type SceneStore } from '../scenes/scene-store'
import { throttledLog } from './throttled-log'
import type { Store } from '../stores/store'
import { createWeChatClient, type WeChatClient } from '../wechat-client'

export type Env = Record<string, string | undefined>

/** Credentials and API base for the client; `sim` overrides the env with a running wechat-sim. */
export interface Upstream {
  appId: string
  appSecret: string
  apiBase?: string
}

export interface Wiring {
  appId: string
  appSecret: string
  client: WeChatClient
  service: CodeService
  /** URL Links, Schemes and Short Links, cached in the same store as codes. */
  links: LinkService
  quota: QuotaGuard
  /** Long scenes, in the code cache's store (MINICODE_LONG_SCENES=off: none). */
  scenes?: SceneStore
  /** Resolves once Redis is connected (or after 5 s without it); at once without Redis. */
  ready(): Promise<void>
  /** Closes the Redis connection, if any. */
  close(): Promise<void>
}

/**
 * Builds client, quota guard and service from DESIGN.md's env names: REDIS_URL shares tokens, codes and
 * the quota ledger; MINICODE_CACHE_DIR keeps codes and the ledger on disk; else all in memory.
 */
export function wireFromEnv(env: Env, upstream: Upstream | null): Wiring {
  const appId = upstream?.appId ?? env.WECHAT_APPID
  const appSecret = upstream?.appSecret ?? env.WECHAT_APPSECRET
  if (!appId || !appSecret) {
    throw new MiniCodeError(
      'invalid_request',
      'Set WECHAT_APPID and WECHAT_APPSECRET, or run with --sim to use the local WeChat simulator.',
    )
  }
  const quotaRules = quotaRulesFromEnv(env)
  // Commands time out and fail fast while Redis is away; the in-process caches carry on meanwhile.
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL) : null
  // Codes and the quota ledger: in Redis, else on disk, else (codes) nowhere but the memory LRU.
  let shared: Store | undefined
  if (redis) shared = redisStore(redis)
  else if (env.MINICODE_CACHE_DIR) shared = fileStore(env.MINICODE_CACHE_DIR)
  const ledger: QuotaLedger = redis
    ? redisQuotaLedger(redis, appId)
    : storeQuotaLedger(shared ?? memoryStore(), appId)
  const client = createWeChatClient({
    appId,
    appSecret,
    apiBase: upstream?.apiBase ?? env.WECHAT_API_BASE ?? undefined,
    tokenStore: redis ? shared : memoryStore(),
  })
  const quota = createQuotaGuard({ ledger, ...quotaRules })
  // While Redis is away every request fails on it: a line now and then, not one per request (each
  // cache its own log, so one's lines never count the other's failures as "more like it").
  const cacheLog = throttledLog()
  const linkCacheLog = throttledLog()
  const service = createCodeService({
    client,
    cache: shared,
    quota,
    onCacheError: (error) => cacheLog(`[minicode] code cache failed: ${(error as Error)?.message ?? error}`),
  })
  const links = createLinkService({
    client,
    cache: shared,
    onCacheError: (error) =>
      linkCacheLog(`[minicode] link cache failed: ${(error as Error)?.message ?? error}`),
  })
  return {
    appId,
    appSecret,
    client,
    service,
    links,
    quota,
    scenes: scenesFromEnv(env, shared ?? memoryStore(), appSecret),
    ready: () => (redis ? redisReady(redis) : Promise.resolve()),
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/**
 * Long scenes in `store` with ids keyed by MINICODE_SCENE_SECRET (≥ 32 characters), else by a key
 * derived from the app secret (the same on every process of the app, never the secret itself).
 * MINICODE_LONG_SCENES=off turns them off.
 */
function scenesFromEnv(env: Env, store: Store, appSecret: string): SceneStore | undefined {
  if (/^(0|off|false|no)$/i.test(env.MINICODE_LONG_SCENES ?? '')) return undefined
  const own = env.MINICODE_SCENE_SECRET
  if (own !== undefined && own.length < 32) {
    throw new MiniCodeError(
      'invalid_request',
      'MINICODE_SCENE_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`).',
      { field: 'MINICODE_SCENE_SECRET' },
    )
  }
  const secret = own || createHmac('sha256', appSecret).update('minicode scene ids').digest()
  const sceneLog = throttledLog()
  return createSceneStore({
    store,
    secret,
    onStoreError: (error) => sceneLog(`[minicode] scene store failed: ${(error as Error)?.message ?? error}`),
  })
}

export function apiKeysFromEnv(env: Env): string[] {
  return list(env.MINICODE_API_KEYS, ',')
}

/** MINICODE_QUOTA_TOTAL (default 100000), MINICODE_QUOTA_RESERVE (1000), MINICODE_QUOTA_DAILY (1000, or 'off'). */
export function quotaRulesFromEnv(env: Env): { quota?: number; reserve?: number; dailyCap?: number } {
  const count = (name: string, value: string | undefined) => {
    if (value === undefined || value.trim() === '') return undefined
    if (name === 'MINICODE_QUOTA_DAILY' && /^(off|none)$/i.test(value.trim())) return Infinity
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0)
      throw new MiniCodeError('invalid_request', `${name} must be a whole number ≥ 0, not '${value}'.`, {
        field: name,
      })
    return n
  }
  return {
    quota: count('MINICODE_QUOTA_TOTAL', env.MINICODE_QUOTA_TOTAL),
    reserve: count('MINICODE_QUOTA_RESERVE', env.MINICODE_QUOTA_RESERVE),
    dailyCap: count('MINICODE_QUOTA_DAILY', env.MINICODE_QUOTA_DAILY),
  }
}

/**
 * The handler's policy and session settings from env: MINICODE_KINDS, MINICODE_ALLOW_PAGES,
 * MINICODE_ALLOW_SCENES (space-separated: ',' is a scene character), MINICODE_REQUIRE_SESSION,
 * MINICODE_SESSION_SECRET (else derived from the app secret), MINICODE_SESSION_TTL (seconds),
 * MINICODE_PERMANENT_SHORT_LINKS (1 to serve permanent short links).
 */
export function handlerOptionsFromEnv(
  env: Env,
  wiring: Pick<Wiring, 'client' | 'appSecret'> & Partial<Pick<Wiring, 'scenes'>>,
): Omit<HandlerOptions, 'service'> {
  const secret = env.MINICODE_SESSION_SECRET || wiring.appSecret
  if (env.MINICODE_SESSION_SECRET && env.MINICODE_SESSION_SECRET.length < 32) {
    throw new MiniCodeError(
      'invalid_request',
      'MINICODE_SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`).',
      {
        field: 'MINICODE_SESSION_SECRET',
      },
    )
  }
  const ttl = env.MINICODE_SESSION_TTL ? Number(env.MINICODE_SESSION_TTL) : undefined
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 60)) {
    throw new MiniCodeError('invalid_request', 'MINICODE_SESSION_TTL is seconds, a whole number ≥ 60.', {
      field: 'MINICODE_SESSION_TTL',
    })
  }
  return {
    scenes: wiring.scenes,
    apiKeys: apiKeysFromEnv(env),
    rateLimit: env.MINICODE_RATE_LIMIT || undefined,
    kinds: env.MINICODE_KINDS ? (list(env.MINICODE_KINDS, ',') as CodeKind[]) : undefined,
    allowPages: env.MINICODE_ALLOW_PAGES ? list(env.MINICODE_ALLOW_PAGES, ',') : undefined,
    allowScenes: env.MINICODE_ALLOW_SCENES ? list(env.MINICODE_ALLOW_SCENES, /\s+/) : undefined,
    cors: corsFromEnv(env.MINICODE_CORS),
    sessions: { exchange: (code) => wiring.client.exchangeLoginCode(code), secret, ttlSeconds: ttl },
    requireSession: /^(1|true|yes|on)$/i.test(env.MINICODE_REQUIRE_SESSION ?? ''),
    permanentShortLinks: /^(1|true|yes|on)$/i.test(env.MINICODE_PERMANENT_SHORT_LINKS ?? ''),
    poster: { imageHosts: parseImageHosts(env.MINICODE_IMAGE_HOSTS) },
  }
}

/** MINICODE_CORS: '*' for any origin, or a comma-separated list of origins; unset = off. */
function corsFromEnv(value: string | undefined): HandlerOptions['cors'] {
  if (!value) return undefined
  return value === '*' ? true : list(value, ',')
}

function list(value: string | undefined, separator: string | RegExp): string[] {
  return (value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean)
}
