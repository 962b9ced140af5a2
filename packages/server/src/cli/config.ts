import { MiniCodeError } from '@minicode/core'
import { createCodeService, type CodeService } from '../code-service'
import { fileStore } from '../stores/file-store'
import { memoryStore } from '../stores/memory-store'
import { redisStore } from '../stores/redis-store'
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
  client: WeChatClient
  service: CodeService
  stores: Store[]
}

/** Builds client + service from DESIGN.md's env names (REDIS_URL shares tokens and codes; MINICODE_CACHE_DIR keeps codes on disk). */
export function wireFromEnv(env: Env, upstream: Upstream | null): Wiring {
  const appId = upstream?.appId ?? env.WECHAT_APPID
  const appSecret = upstream?.appSecret ?? env.WECHAT_APPSECRET
  if (!appId || !appSecret) {
    throw new MiniCodeError('invalid_request', 'Set WECHAT_APPID and WECHAT_APPSECRET, or run with --sim to use the local WeChat simulator.')
  }
  const stores: Store[] = []
  const redis = env.REDIS_URL ? redisStore(env.REDIS_URL) : null
  if (redis) stores.push(redis)
  const client = createWeChatClient({
    appId,
    appSecret,
    apiBase: upstream?.apiBase ?? env.WECHAT_API_BASE ?? undefined,
    tokenStore: redis ?? memoryStore(),
  })
  const cache = redis ?? (env.MINICODE_CACHE_DIR ? fileStore(env.MINICODE_CACHE_DIR) : undefined)
  const service = createCodeService({
    client,
    cache,
    onCacheError: (error) => console.error(`[minicode] code cache failed: ${(error as Error)?.message ?? error}`),
  })
  return { client, service, stores }
}

export function apiKeysFromEnv(env: Env): string[] {
  return (env.MINICODE_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
}
