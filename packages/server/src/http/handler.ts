import { createHash, timingSafeEqual } from 'node:crypto'
import { MiniCodeError, isMiniCodeError, validateCodeRequest, type CodeRequest } from '@minicode/core'
import type { CachedCode, CodeService } from '../code-service'
import { fastResponse } from './fast-response'
import { requestFromQuery } from './query'
import { createRateLimiter, parseRateLimit, type RateLimitOption } from './rate-limit'

export interface HandlerOptions {
  service: Pick<CodeService, 'get'>
  /** Accepted API keys (`Authorization: Bearer <key>` or `x-api-key`). Empty or omitted = open. */
  apiKeys?: readonly string[]
  /**
   * Pages codes may open: 'pages/product/index', or a prefix ending in '*'. Omitted = any page.
   * A code without a page (home page) is always allowed.
   */
  allowPages?: readonly string[]
  /** Per client (API key, else IP). Default '600/min'; 'off' disables. */
  rateLimit?: RateLimitOption
  /** Largest accepted POST body in bytes. Default 4096. */
  maxBodyBytes?: number
  /** CORS: true = any origin, or the allowed origins. Default off. */
  cors?: boolean | string | readonly string[]
  /** Where server-side failures (5xx) are reported. Default console.error. Never gets the secret. */
  log?: (line: string) => void
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
  payload_too_large: 413,
  wechat_error: 502,
  not_an_image: 502,
  network: 502,
  http_status: 502,
  busy: 503,
  quota_exhausted: 503,
  timeout: 504,
}

const sha = (text: string) => createHash('sha256').update(text).digest()

/**
 * The minicode HTTP endpoint as a web-standard handler: `POST /minicode` (JSON CodeRequest),
 * `GET /minicode?scene=…&page=…`, `GET /healthz`. Mount it with `toNodeListener`, `expressMiddleware`
 * or `koaMiddleware`, or hand it to any fetch-style runtime.
 *
 * @example
 * http.createServer(toNodeListener(createHandler({ service, apiKeys: ['k1'] }))).listen(8787)
 */
export function createHandler(options: HandlerOptions): MiniCodeHandler {
  const { service } = options
  const maxBodyBytes = options.maxBodyBytes ?? 4096
  const keyDigests = (options.apiKeys ?? []).filter(Boolean).map(sha)
  const rate = parseRateLimit(options.rateLimit)
  const limiter = rate ? createRateLimiter(rate) : null
  const allow = options.allowPages?.map((p) => p.replace(/^\/+/, ''))
  const log = options.log ?? ((line: string) => console.error(line))
  const corsOrigins = options.cors === true ? ['*'] : typeof options.cors === 'string' ? [options.cors] : options.cors ? [...options.cors] : []

  const corsHeaders = (request: Request): Record<string, string> => {
    if (corsOrigins.length === 0) return {}
    const origin = request.headers.get('origin') ?? ''
    const allowed = corsOrigins.includes('*') ? '*' : corsOrigins.includes(origin) ? origin : ''
    if (!allowed) return {}
    return { 'access-control-allow-origin': allowed, 'access-control-expose-headers': 'ETag, Retry-After', vary: 'Origin' }
  }

  const fail = (error: unknown, extra: Record<string, string>): Response => {
    if (!isMiniCodeError(error)) {
      log(`[minicode] internal error: ${error instanceof Error ? error.message : String(error)}`)
      return json(500, { error: { code: 'internal', message: 'The server failed unexpectedly. Try again; report it if it persists.' } }, extra)
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
    if (status >= 500) log(`[minicode] ${status} ${error.code}${error.errcode !== undefined ? ` errcode ${error.errcode}` : ''}: ${error.message}`)
    const body: { code: string; message: string; errcode?: number; field?: string } = { code: error.code, message: error.message }
    if (error.errcode !== undefined) body.errcode = error.errcode
    if (error.field !== undefined) body.field = error.field
    return json(status, { error: body }, headers)
  }

  const authorize = (request: Request): string | null => {
    const header = request.headers.get('authorization')
    const key = request.headers.get('x-api-key') ?? (header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : null)
    if (keyDigests.length === 0) return key ? `key:${key}` : null
    if (!key) throw new MiniCodeError('unauthorized', 'An API key is required: send Authorization: Bearer <key> or x-api-key.')
    const digest = sha(key)
    // Constant time per key, over fixed-length digests.
    if (!keyDigests.some((k) => timingSafeEqual(k, digest))) throw new MiniCodeError('unauthorized', 'The API key is not valid.')
    return `key:${key}`
  }

  const checkPage = (request: CodeRequest) => {
    if (!allow) return
    const target = (request.kind === 'limited' || request.kind === 'qrcode' ? request.path : request.page) ?? ''
    const page = target.split('?')[0]!.replace(/^\/+/, '')
    if (page === '') return
    const ok = allow.some((p) => (p.endsWith('*') ? page.startsWith(p.slice(0, -1)) : page === p))
    if (!ok) throw new MiniCodeError('forbidden', `Page '${page.slice(0, 128)}' is not in this server's allowPages.`, { field: request.kind === 'limited' || request.kind === 'qrcode' ? 'path' : 'page' })
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
      if (url.pathname !== '/minicode') return json(404, { error: { code: 'not_found', message: 'Not found. The endpoint is /minicode.' } })
      extra = corsHeaders(request)
      if (request.method === 'OPTIONS') {
        return fastResponse(
          204,
          {
            ...extra,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'content-type, authorization, x-api-key, if-none-match',
            'access-control-max-age': '86400',
          },
          null,
        )
      }
      if (request.method !== 'GET' && request.method !== 'POST') return methodNotAllowed('GET, POST, OPTIONS', extra)
      const client = authorize(request) ?? `ip:${info?.remoteAddress ?? 'unknown'}`
      if (limiter) {
        const wait = limiter.take(client)
        if (wait > 0) {
          const error = { code: 'rate_limited', message: `Too many requests from this client: retry in ${wait} s.` }
          return json(429, { error }, { ...extra, 'retry-after': String(wait) })
        }
      }
      // Normalised first (e.g. '/pages/a' -> 'pages/a'), so allowPages sees the page WeChat will open.
      const codeRequest = request.method === 'GET' ? fromQuery(url) : validateCodeRequest(await readJson(request, maxBodyBytes))
      checkPage(codeRequest)
      const code = await service.get(codeRequest)
      return serveCode(request, code, extra)
    } catch (error) {
      return fail(error, extra)
    }
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return fastResponse(status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body))
}

function methodNotAllowed(allow: string, extra: Record<string, string> = {}): Response {
  return json(405, { error: { code: 'method_not_allowed', message: `Use ${allow}.` } }, { ...extra, allow })
}

function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

async function readJson(request: Request, maxBodyBytes: number): Promise<CodeRequest> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    await request.body?.cancel().catch(() => undefined)
    throw new MiniCodeError('invalid_request', 'Send the CodeRequest as JSON with Content-Type: application/json.', { field: 'content-type', status: 415 })
  }
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxBodyBytes) {
    await request.body?.cancel().catch(() => undefined)
    throw tooLarge(maxBodyBytes)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBodyBytes) {
        // Stop reading at once: a huge body is never buffered.
        await reader.cancel().catch(() => undefined)
        throw tooLarge(maxBodyBytes)
      }
      chunks.push(value)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim()) throw new MiniCodeError('invalid_request', 'The request body is empty: send a JSON CodeRequest such as {"scene":"id=42"}.')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new MiniCodeError('invalid_request', 'The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MiniCodeError('invalid_request', 'The request body must be a JSON object (a CodeRequest).')
  }
  return parsed as CodeRequest
}

function tooLarge(max: number): MiniCodeError {
  return new MiniCodeError('payload_too_large', `The request body is larger than ${max} bytes. A CodeRequest is small: check what you send.`)
}
