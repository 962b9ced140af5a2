import {
  MiniCodeError,
  isMiniCodeError,
  validateCodeRequest,
  type CodeKind,
  type CodeRequest,
} from '@minicode/core'
import type { CachedCode, CodeService } from '../code-service'
import { createSessionSigner } from '../session/session-token'
import type { LoginIdentity } from '../wechat-client'
import type { LinkService } from '../links/link-service'
import { createCallerCheck } from './caller'
import { fastResponse } from './fast-response'
import { requestFromQuery } from './query'
import { readJson } from './read-json'
import { createRateLimiter, parseRateLimit, type RateLimitOption } from './rate-limit'
import { createLinkRoutes } from './link-routes'
import { createRequestPolicy } from './request-policy'
import { createLongScenes, SCENE_ROUTE_PREFIX } from './scene-routes'
import type { SceneStore } from '../scenes/scene-store'
import { createPosterRoute, type PosterRouteOptions } from './poster-route'

export interface HandlerOptions {
  service: Pick<CodeService, 'get'>
  /**
   * Accepted API keys (`Authorization: Bearer <key>` or `x-api-key`), for server-to-server callers.
   * Empty or omitted = no key needed (unless `requireSession`). A key shipped in a mini-program is not
   * a secret: anyone can unpack the package. Mini-programs use sessions.
   */
  apiKeys?: readonly string[]
  /**
   * Kinds of code this endpoint makes. Default ['unlimited']: 'limited' and 'qrcode' share a lifetime
   * quota of 100,000 codes per app (each new path spends one, forever), so they are 403 until allowed.
   */
  kinds?: readonly CodeKind[]
  /**
   * Pages codes may open: 'pages/product/index', or a prefix ending in '*'. Omitted = any page.
   * A code without a page (home page) is always allowed.
   */
  allowPages?: readonly string[]
  /**
   * Scenes codes may carry, as patterns: literal scene characters plus `<digits>`, `<letters>`,
   * `<alnum>`, `<word>`, `<hex>` (see README). E.g. ['id=<digits>']. Omitted = any scene.
   */
  allowScenes?: readonly string[]
  /**
   * Long scenes: a POST may carry `data` (a JSON object, ≤ 2 KB canonical) instead of `scene`; it is
   * kept here under an id scene, and `GET /scene/:id` gives it back. `createSceneStore({ store, secret })`.
   */
  scenes?: SceneStore
  /** WeChat login sessions: `POST /session` {code} answers a signed token (see SessionOptions). */
  sessions?: SessionOptions
  /**
   * Every code ask must carry a session token (`x-minicode-session`) or a valid API key; the rate
   * limit then counts per openid. Needs `sessions`.
   */
  requireSession?: boolean
  /** Per client (API key, session openid, else IP). Default '600/min'; 'off' disables. */
  rateLimit?: RateLimitOption
  /** Largest accepted POST body in bytes. Default 4096. */
  maxBodyBytes?: number
  /** CORS: true = any origin, or the allowed origins. Default off. */
  cors?: boolean | string | readonly string[]
  /** Where server-side failures (5xx) are reported. Default console.error. Never gets the secret. */
  log?: (line: string) => void
  /** Serves `POST /urllink`, `/scheme`, `/shortlink` with these links (`createLinkService`). Omitted = 404. */
  links?: Pick<LinkService, 'get'>
  /** Permanent short links spend a lifetime quota of 100,000: 403 unless true. Default false. */
  permanentShortLinks?: boolean
  /** `POST /poster`: image hosts, size caps, render time limit, cache (see PosterRouteOptions). */
  poster?: PosterRouteOptions
}

/** Sessions from WeChat login (`POST /session`). */
export interface SessionOptions {
  /** Exchanges a wx.login code for the user's identity: `client.exchangeLoginCode`. */
  exchange(code: string): Promise<LoginIdentity>
  /**
   * Key material for the tokens' HMAC: the same on every instance behind a load balancer. At least 32
   * bytes; `minicode serve` uses MINICODE_SESSION_SECRET, else derives it from the app secret.
   */
  secret: string | Uint8Array
  /** Token lifetime in seconds. Default 7200 (2 hours); clients log in again on a 401. */
  ttlSeconds?: number
  /** The clock in ms (tests). Default Date.now. */
  now?: () => number
}

/** What the transport knows that a Request doesn't. */
export interface RequestInfo {
  remoteAddress?: string
}

export type MiniCodeHandler = (request: Request, info?: RequestInfo) => Promise<Response>

const STATUS: Partial<Record<string, number>> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  wechat_error: 502,
  not_an_image: 502,
  network: 502,
  http_status: 502,
  busy: 503,
  store_unavailable: 503,
  quota_exhausted: 503,
  timeout: 504,
  unsupported: 501,
}

/**
 * The minicode HTTP endpoint as a web-standard handler: `POST /minicode` (JSON CodeRequest),
 * `GET /minicode?scene=…&page=…`, `POST /session` (with `sessions`), `GET /healthz`. Mount it with
 * `toNodeListener`, `expressMiddleware` or `koaMiddleware`, or hand it to any fetch-style runtime.
 *
 * @example
 * http.createServer(toNodeListener(createHandler({ service, apiKeys: ['k1'] }))).listen(8787)
 */
export function createHandler(options: HandlerOptions): MiniCodeHandler {
  const { service, sessions } = options
  const maxBodyBytes = options.maxBodyBytes ?? 4096
  const rate = parseRateLimit(options.rateLimit)
  const limiter = rate ? createRateLimiter(rate) : null
  const checkPolicy = createRequestPolicy(options)
  const log = options.log ?? ((line: string) => console.error(line))
  const corsOrigins = originsOf(options.cors)
  if (options.requireSession && !sessions) {
    throw new MiniCodeError(
      'invalid_request',
      'requireSession needs the sessions option (how to exchange login codes, and the token key).',
      { field: 'sessions' },
    )
  }
  const signer = sessions ? createSessionSigner(sessions.secret) : null
  const now = sessions?.now ?? Date.now
  const identify = createCallerCheck({
    apiKeys: options.apiKeys,
    signer,
    requireSession: options.requireSession,
    now,
  })
  const sessionTtl = sessions?.ttlSeconds ?? 7200

  const corsHeaders = (request: Request): Record<string, string> => {
    if (corsOrigins.length === 0) return {}
    const origin = request.headers.get('origin') ?? ''
    let allowed = ''
    if (corsOrigins.includes('*')) allowed = '*'
    else if (corsOrigins.includes(origin)) allowed = origin
    if (!allowed) return {}
    return {
      'access-control-allow-origin': allowed,
      'access-control-expose-headers': 'ETag, Retry-After, X-Minicode-Scene',
      vary: 'Origin',
    }
  }

  const fail = (error: unknown, extra: Record<string, string>): Response => {
    if (!isMiniCodeError(error)) {
      log(`[minicode] internal error: ${error instanceof Error ? error.message : String(error)}`)
      return json(
        500,
        {
          error: {
            code: 'internal',
            message: 'The server failed unexpectedly. Try again; report it if it persists.',
          },
        },
        extra,
      )
    }
    let status = STATUS[error.code] ?? 500
    const headers = { ...extra }
    if (error.code === 'rate_limited') {
      // Upstream (WeChat 45009) throttling is the server's problem, not this client's.
      status = 503
      headers['retry-after'] = '60'
    }
    if (error.code === 'invalid_request' && error.status === 415) status = 415
    if (error.code === 'busy') headers['retry-after'] = '1'
    if (error.code === 'store_unavailable') headers['retry-after'] = '5'
    if (status >= 500)
      log(
        `[minicode] ${status} ${error.code}${error.errcode !== undefined ? ` errcode ${error.errcode}` : ''}: ${error.message}`,
      )
    const body: { code: string; message: string; errcode?: number; field?: string; remaining?: number } = {
      code: error.code,
      message: error.message,
    }
    if (error.errcode !== undefined) body.errcode = error.errcode
    if (error.field !== undefined) body.field = error.field
    // The quota guard's refusal says how many codes remain.
    const remaining = (error as { remaining?: unknown }).remaining
    if (typeof remaining === 'number') body.remaining = remaining
    return json(status, { error: body }, headers)
  }

  /** null when `client` may go on, else the 429. */
  const throttle = (client: string, extra: Record<string, string>): Response | null => {
    const wait = limiter ? limiter.take(client) : 0
    if (wait <= 0) return null
    const error = { code: 'rate_limited', message: `Too many requests from this client: retry in ${wait} s.` }
    return json(429, { error }, { ...extra, 'retry-after': String(wait) })
  }

  const serveCode = (request: Request, code: CachedCode, extra: Record<string, string>): Response => {
    const headers: Record<string, string> = {
      ...extra,
      etag: code.etag,
      'cache-control': 'public, max-age=31536000, immutable',
    }
    const inm = request.headers.get('if-none-match')
    if (inm && matchesEtag(inm, code.etag)) return fastResponse(304, headers, null)
    headers['content-type'] = code.mime
    headers['content-length'] = String(code.bytes.length)
    return fastResponse(200, headers, code.bytes)
  }

  // GET query string -> its validated, frozen request: repeat asks for a code skip parsing and
  // validation, and the service recognises the frozen object (its key is memoised too).
  const parsedQueries = new Map<string, CodeRequest>()
  const fromQuery = (url: URL): CodeRequest => {
    let known = parsedQueries.get(url.search)
    if (!known) {
      known = Object.freeze(validateCodeRequest(requestFromQuery(url.searchParams)))
      if (parsedQueries.size >= 1000) parsedQueries.delete(parsedQueries.keys().next().value as string)
      parsedQueries.set(url.search, known)
    }
    return known
  }

  const longScenes = createLongScenes(options.scenes, (request, address, extra) =>
    throttle(identify(request, address), extra),
  )

  /** `GET|POST /minicode`: who asks, how often, what for, then the code. */
  const codeRoute: Route = async (request, url, info, extra) => {
    if (request.method !== 'GET' && request.method !== 'POST')
      return methodNotAllowed('GET, POST, OPTIONS', extra)
    const limited = throttle(identify(request, info?.remoteAddress), extra)
    if (limited) return limited
    // Normalised first (e.g. '/pages/a' -> 'pages/a'), so the policy sees the page WeChat will open.
    const codeRequest =
      request.method === 'GET'
        ? longScenes.checkScene(fromQuery(url))
        : longScenes.fromBody(await readJson(request, maxBodyBytes))
    checkPolicy(codeRequest)
    // A long scene's data is stored once the policy allowed the code, before WeChat is asked.
    const sceneId = await longScenes.keep(codeRequest)
    if (sceneId) extra = { ...extra, 'x-minicode-scene': sceneId }
    return serveCode(request, await service.get(codeRequest), extra)
  }

  /** `POST /session` {code}: the wx.login code exchanged server-side for a signed, short-lived token. */
  const sessionRoute: Route = async (request, _url, info, extra) => {
    if (!sessions || !signer)
      return json(
        404,
        { error: { code: 'not_found', message: 'Sessions are not enabled on this server.' } },
        extra,
      )
    if (request.method !== 'POST') return methodNotAllowed('POST, OPTIONS', extra)
    // Each exchange costs an upstream call: limited per IP like anonymous code asks.
    const limited = throttle(`ip:${info?.remoteAddress ?? 'unknown'}`, extra)
    if (limited) return limited
    const body = await readJson(request, maxBodyBytes, 'login code ({"code": …})')
    const identity = await sessions.exchange(body.code as string)
    const { token, expiresAt } = signer.sign(identity.openid, now(), sessionTtl)
    return json(
      200,
      { token, openid: identity.openid, expiresIn: sessionTtl, expiresAt },
      { ...extra, 'cache-control': 'no-store' },
    )
  }

  /** `GET /scene/:id`: a long scene's data. */
  const sceneRoute: Route = (request, url, info, extra) =>
    longScenes.route(request, url, info?.remoteAddress, extra)

  // One entry per path, so new endpoints (links, scenes) are one more line.
  const routes: Record<string, Route> = { '/minicode': codeRoute, '/session': sessionRoute }
  if (options.links) {
    const { links, allowPages, permanentShortLinks } = options
    const linkOptions = { links, allowPages, permanentShortLinks, maxBodyBytes, identify, throttle, now }
    Object.assign(routes, createLinkRoutes(linkOptions))
  }
  routes['/poster'] = createPosterRoute(options.poster ?? {}, { service, identify, throttle })

  return async (request, info) => {
    let extra: Record<string, string> = {}
    try {
      let url: URL
      try {
        url = new URL(request.url)
      } catch {
        throw new MiniCodeError('invalid_request', 'The request URL is malformed.')
      }
      if (url.pathname === '/healthz') {
        if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed('GET, HEAD')
        return json(200, { ok: true })
      }
      let route = Object.prototype.hasOwnProperty.call(routes, url.pathname)
        ? routes[url.pathname]
        : undefined
      if (url.pathname.startsWith(SCENE_ROUTE_PREFIX)) route = sceneRoute
      if (!route)
        return json(404, { error: { code: 'not_found', message: 'Not found. The endpoint is /minicode.' } })
      extra = corsHeaders(request)
      if (request.method === 'OPTIONS') {
        return fastResponse(
          204,
          {
            ...extra,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers':
              'content-type, authorization, x-api-key, x-minicode-session, if-none-match',
            'access-control-max-age': '86400',
          },
          null,
        )
      }
      return await route(request, url, info, extra)
    } catch (error) {
      return fail(error, extra)
    }
  }
}

type Route = (
  request: Request,
  url: URL,
  info: RequestInfo | undefined,
  extra: Record<string, string>,
) => Promise<Response>

/** The `cors` option as a list: '*' for any origin, or the allowed origins (empty = CORS off). */
function originsOf(cors: HandlerOptions['cors']): string[] {
  if (cors === true) return ['*']
  if (typeof cors === 'string') return [cors]
  return cors ? [...cors] : []
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body)
  // With its length, Node sends the answer in one piece instead of chunked encoding.
  const length = String(Buffer.byteLength(text))
  return fastResponse(
    status,
    { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': length },
    text,
  )
}

function methodNotAllowed(allow: string, extra: Record<string, string> = {}): Response {
  return json(405, { error: { code: 'method_not_allowed', message: `Use ${allow}.` } }, { ...extra, allow })
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
