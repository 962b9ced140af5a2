import { MiniCodeError, utf8Decode } from '@minicode/core'
import type { EntryLink, LinkKind, LinkRequest } from '@minicode/core'
import { decodeHttpResponse } from './http-backend'
import { requestBytes, type RawResponse, type RequestTransport } from './taro-request'
import { sendWithSession, type SessionSource } from './wechat-session'

/** What a link ask needs from the backend it belongs to. */
export interface LinkAskOptions {
  /** The endpoint of this kind, e.g. 'https://api.example.com/urllink'. */
  url: string
  headers: Record<string, string>
  timeoutMs: number
  transport?: RequestTransport
  session?: SessionSource
  signal?: AbortSignal
}

/** `…/minicode` → `…/urllink`: the server serves links beside codes. */
export function linkUrlBeside(codeUrl: string, kind: LinkKind): string {
  return codeUrl.replace(/[^/?#]*([?#].*)?$/, kind)
}

/**
 * POSTs a link request to the server's `/urllink`, `/scheme` or `/shortlink` and reads its JSON
 * answer. A session token is sent as for codes, and renewed once on a 401. Errors: the server's own
 * code ('invalid_request' with `field`, 'forbidden', 'quota_exhausted', …), 'http_status', 'timeout',
 * 'network', 'cancelled'.
 */
export async function askLink(request: LinkRequest, options: LinkAskOptions): Promise<EntryLink> {
  const { url, session } = options
  const send = (token?: string) =>
    requestBytes(
      {
        url,
        method: 'POST',
        header: {
          'content-type': 'application/json',
          ...options.headers,
          ...(token ? { 'x-minicode-session': token } : {}),
        },
        data: request,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      },
      options.transport,
    )
  const res = await sendWithSession(session, send)
  return decodeLinkResponse(res, url)
}

/** The link in a response, or the error it stands for. */
export function decodeLinkResponse(res: RawResponse, url: string): EntryLink {
  if (res.statusCode >= 200 && res.statusCode < 300) {
    const answer = parseJson(res) as Partial<EntryLink> | null
    if (answer && typeof answer.link === 'string' && answer.link) {
      return { kind: answer.kind as LinkKind, link: answer.link, expiresAt: answer.expiresAt ?? null }
    }
    throw new MiniCodeError(
      'http_status',
      __DEV__ ? `${url} answered HTTP ${res.statusCode} without a link. Check the URL.` : '',
      { status: res.statusCode, retryable: false },
    )
  }
  // Not 2xx: the same reading as a code's failure (our server's JSON error keeps its code and field).
  decodeHttpResponse(res, url)
  throw new MiniCodeError('http_status', '', { status: res.statusCode })
}

function parseJson(res: RawResponse): unknown {
  if (res.data && typeof res.data === 'object' && !res.bytes) return res.data
  try {
    return JSON.parse(utf8Decode(res.bytes ?? new Uint8Array(0)))
  } catch {
    return null
  }
}
