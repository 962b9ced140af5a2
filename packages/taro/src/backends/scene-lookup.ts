import { MiniCodeError, utf8Decode, type SceneData } from '@minicode/core'
import { decodeHttpResponse } from './http-backend'
import { requestBytes, type RequestTransport } from './taro-request'
import { sendWithSession, type SessionSource } from './wechat-session'

export interface SceneLookupOptions {
  /** The scene route's base, ending in '/scene/': the id is appended, URI-encoded. */
  baseUrl: string
  headers: Record<string, string>
  timeoutMs: number
  transport?: RequestTransport
  session?: SessionSource
}

/**
 * `GET /scene/:id` on a minicode server: the data a long scene's id stands for. Same headers and
 * session as the code requests (a 401 renews the session once). Rejects with the server's code
 * ('not_found' for an unknown id, 'store_unavailable', 'unauthorized', 'rate_limited'…), 'timeout',
 * 'network', 'cancelled', or 'http_status'.
 */
export function sceneLookup(options: SceneLookupOptions) {
  const { baseUrl, headers, timeoutMs, transport, session } = options
  return async (id: string, { signal }: { signal?: AbortSignal } = {}): Promise<SceneData> => {
    const url = baseUrl + encodeURIComponent(id)
    const send = (token?: string) =>
      requestBytes(
        {
          url,
          method: 'GET',
          header: { ...headers, ...(token ? { 'x-minicode-session': token } : {}) },
          timeoutMs,
          signal,
        },
        transport,
      )
    const res = await sendWithSession(session, send)
    if (res.statusCode !== 200) {
      // The server's JSON error keeps its code ('not_found', …); anything else is 'http_status'.
      decodeHttpResponse(res, url)
    }
    const data = parseData(res.bytes, res.data)
    if (!data) {
      throw new MiniCodeError(
        'http_status',
        __DEV__ ? `${url} answered 200 without a scene's { id, data } JSON. Is it a minicode server?` : '',
        { status: res.statusCode },
      )
    }
    return data
  }
}

/** `data` of a `{ id, data }` body, as bytes or as the platform already parsed it. */
function parseData(bytes: Uint8Array | null, parsed: unknown): SceneData | null {
  let body = parsed
  if (bytes) {
    try {
      body = JSON.parse(utf8Decode(bytes))
    } catch {
      return null
    }
  }
  const data = (body as { data?: unknown } | null)?.data
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as SceneData) : null
}
