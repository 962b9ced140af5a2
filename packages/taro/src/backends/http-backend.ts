import { MiniCodeError, decodeCodeResponse, utf8Decode, utf8Encode } from '@minicode/core'
import type {
  CodeBackend,
  CodeImage,
  CodeRequest,
  EntryLink,
  LinkKind,
  LinkRequest,
  SceneBackend,
} from '@minicode/core'
import { askLink, linkUrlBeside } from './link-request'
import { sceneLookup } from './scene-lookup'
import { requestBytes, type RawResponse, type RequestTransport } from './taro-request'
import { sendWithSession, wechatSession, type SessionSource } from './wechat-session'

export interface HttpBackendOptions {
  /** Your minicode server's endpoint, e.g. 'https://api.example.com/minicode'. */
  url: string
  /** Extra request headers, e.g. `{ 'x-api-key': '…' }`. */
  headers?: Record<string, string>
  /** Give up after this many ms with a 'timeout' error. Default 10000. */
  timeoutMs?: number
  /** 'POST' (default) sends the request as JSON; 'GET' sends it as a query string (cacheable by CDNs). */
  method?: 'POST' | 'GET'
  /** Replaces `Taro.request` (tests, or another HTTP client with the same shape). */
  transport?: RequestTransport
  /**
   * 'wechat': log in with Taro.login, exchange the code at the server's `POST /session` (`sessionUrl`)
   * and send the token as `x-minicode-session`; a 401 renews it once. Or your own SessionSource.
   */
  session?: 'wechat' | SessionSource
  /** The session endpoint. Default: `url` with its last path segment replaced by 'session'. */
  sessionUrl?: string
  /** Where `scene(id)` looks long scenes up (id appended). Default: `url`'s last segment -> 'scene/'. */
  sceneUrl?: string
  /** Each link kind's endpoint. Default: beside `url` (…/minicode → …/urllink, …/scheme, …/shortlink). */
  linkUrls?: Partial<Record<LinkKind, string>>
}

/** A code backend that also looks long scenes up and asks the server for entry links. */
export interface HttpBackend extends CodeBackend, SceneBackend {
  /**
   * A URL Link, URL Scheme or Short Link from the server's `POST /urllink|/scheme|/shortlink`
   * (cached there until shortly before it expires).
   *
   * @example
   * const { link } = await backend.link({ kind: 'urllink', path: 'pages/item/index', query: 'id=42' })
   */
  link(request: LinkRequest, options?: { signal?: AbortSignal }): Promise<EntryLink>
}

/** GET query in the server's spelling: `lineColor=r,g,b`, booleans as 'true'/'false'. */
function toQuery(request: CodeRequest): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue
    if (key === 'lineColor') {
      const { r, g, b } = value as { r: number; g: number; b: number }
      query.lineColor = `${r},${g},${b}`
    } else {
      query[key] = String(value)
    }
  }
  return query
}

/** The image in a response, or the error it stands for. */
export function decodeHttpResponse(res: RawResponse, url: string): CodeImage {
  const ok = res.statusCode >= 200 && res.statusCode < 300
  // A platform that parsed the JSON body for us: give it back its bytes.
  const bytes = res.bytes ?? parsedBodyBytes(res.data)
  try {
    const image = decodeCodeResponse(bytes, res.contentType)
    if (ok) return image
  } catch (error) {
    const e = error as MiniCodeError
    // A JSON error keeps its code whatever the HTTP status: our server's own ('rate_limited',
    // 'invalid_request' with its field…), or WeChat's passed through by a proxy ('wechat_error').
    if (e.code !== 'not_an_image') {
      // A fresh error of decodeCodeResponse's, so it is ours to complete with the status.
      if (res.statusCode) (e as { status?: number }).status = res.statusCode
      throw e
    }
    if (ok) throw e
  }
  throw new MiniCodeError('http_status', __DEV__ ? statusAdvice(res.statusCode, bytes, url) : '', {
    status: res.statusCode,
    retryable: res.statusCode >= 500 || res.statusCode === 429 || res.statusCode === 408,
  })
}

/** session: 'wechat': logins exchanged at `sessionUrl`, by default beside the code URL (…/minicode -> …/session). */
function wechatSessionFor(options: HttpBackendOptions, timeoutMs: number): SessionSource {
  const url = options.sessionUrl || options.url.replace(/[^/?#]*([?#].*)?$/, 'session')
  return wechatSession({ url, timeoutMs, transport: options.transport })
}

/** The bytes of a body the platform parsed as JSON for us (none when it gave nothing). */
function parsedBodyBytes(data: unknown): Uint8Array {
  if (data && typeof data === 'object') return utf8Encode(JSON.stringify(data))
  return new Uint8Array(0)
}

function statusAdvice(status: number, bytes: Uint8Array, url: string): string {
  const preview = utf8Decode(bytes.subarray(0, 2048))
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
  return `${url} answered HTTP ${status || 'with no status'} without a code image${preview ? ` ("${preview}")` : ''}. Check the URL and the server's logs.`
}

/**
 * Codes from your minicode server (`@minicode/server`'s `POST /minicode`): Taro.request with an
 * arraybuffer response, the bytes checked by core (a JSON body is an error, whatever its label).
 * Errors: the server's own code ('rate_limited', 'invalid_request', …), 'wechat_error',
 * 'not_an_image', 'timeout', 'network', 'http_status' (with `status`), 'cancelled'.
 * `scene(id)` fetches a long scene's data (`GET /scene/:id`) for `resolveScene` and `useScene`.
 *
 * @example
 * const backend = httpBackend({ url: 'https://api.example.com/minicode', headers: { 'x-api-key': KEY } })
 */
export function httpBackend(options: HttpBackendOptions): HttpBackend {
  const { url, headers = {}, timeoutMs = 10000, method = 'POST', transport } = options
  if (typeof url !== 'string' || !/^(https?:)?\/\/|^\//i.test(url)) {
    throw new MiniCodeError(
      'invalid_request',
      __DEV__ ? `httpBackend needs an http(s) url, got ${JSON.stringify(url)}.` : '',
      { field: 'url' },
    )
  }
  const session = options.session === 'wechat' ? wechatSessionFor(options, timeoutMs) : options.session
  return {
    name: `http ${method} ${url}`,
    link: (request, { signal } = {}) =>
      askLink(request, {
        url: options.linkUrls?.[request.kind] ?? linkUrlBeside(url, request.kind),
        headers,
        timeoutMs,
        transport,
        session,
        signal,
      }),
    async fetchCode(request, { signal } = {}) {
      // Long-scene data is a JSON object: it goes as a POST body whatever the method option says.
      const verb = request.data ? 'POST' : method
      const send = (token?: string) =>
        requestBytes(
          {
            url,
            method: verb,
            header: {
              ...(verb === 'POST' ? { 'content-type': 'application/json' } : {}),
              ...headers,
              ...(token ? { 'x-minicode-session': token } : {}),
            },
            data: verb === 'POST' ? request : toQuery(request),
            timeoutMs,
            signal,
          },
          transport,
        )
      const res = await sendWithSession(session, send)
      return decodeHttpResponse(res, url)
    },
    // resolveScene's lookup: GET /scene/:id beside the code endpoint, same headers and session.
    scene: sceneLookup({
      baseUrl: options.sceneUrl || url.replace(/[^/?#]*([?#].*)?$/, 'scene/'),
      headers,
      timeoutMs,
      transport,
      session,
    }),
  }
}
