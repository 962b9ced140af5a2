import Taro from '@tarojs/taro'
import { MiniCodeError, utf8Decode, type MiniCodeErrorCode } from '@minicode/core'
import { requestBytes, type RawResponse, type RequestTransport } from './taro-request'

/** Where a backend gets the session token it sends as `x-minicode-session`. */
export interface SessionSource {
  /** A token: the cached one, else a new login (one at a time, however many codes ask). */
  token(): Promise<string>
  /** Forgets `token` (the server refused it), so the next token() logs in again. */
  drop(token: string): void
}

/**
 * Sends a request with the session's token (none without a session); when the server answers 401
 * (expired, or its key changed) the token is dropped and the request sent once more with a new one.
 * Every request of httpBackend (codes, scenes, links) goes through here.
 */
export async function sendWithSession(
  session: SessionSource | undefined,
  send: (token?: string) => Promise<RawResponse>,
): Promise<RawResponse> {
  const token = session ? await session.token() : undefined
  const res = await send(token)
  if (!session || !token || res.statusCode !== 401) return res
  session.drop(token)
  return send(await session.token())
}

export interface WeChatSessionOptions {
  /** The server's session endpoint, e.g. 'https://api.example.com/session'. */
  url: string
  /** Gives a fresh login code. Default Taro.login (wx.login on WeChat). */
  login?: () => PromiseLike<{ code: string }>
  /** Default 10000 ms per request. */
  timeoutMs?: number
  /** Replaces `Taro.request`. */
  transport?: RequestTransport
}

interface SessionAnswer {
  token?: unknown
  expiresIn?: unknown
  error?: { code?: unknown; message?: unknown; errcode?: number }
}

// Renew a minute early, so a token is not sent in its last seconds.
const EARLY_MS = 60_000

/**
 * WeChat login sessions for `@minicode/server`: `Taro.login` gives a one-time code, `POST /session`
 * exchanges it (on the server, which keeps the app secret) for a short-lived signed token, cached
 * here until shortly before it expires.
 *
 * @example httpBackend({ url: 'https://api.example.com/minicode', session: 'wechat' })
 */
export function wechatSession(options: WeChatSessionOptions): SessionSource {
  const { url, timeoutMs = 10000, transport } = options
  let cached: { token: string; until: number } | null = null
  let pending: Promise<string> | null = null

  const login = async (): Promise<string> => {
    const { code } = await (options.login ? options.login() : Taro.login())
    const res = await requestBytes(
      { url, method: 'POST', header: { 'content-type': 'application/json' }, data: { code }, timeoutMs },
      transport,
    )
    let body: SessionAnswer | null = null
    try {
      body = res.bytes ? JSON.parse(utf8Decode(res.bytes)) : (res.data as SessionAnswer)
    } catch {
      // not JSON: handled below
    }
    const ok = res.statusCode >= 200 && res.statusCode < 300
    if (!body || !ok || typeof body.token !== 'string') {
      // The server's JSON error ('unauthorized' with WeChat's 40029 / 40163, 'rate_limited', …).
      const error = body?.error
      if (typeof error?.code === 'string') {
        throw new MiniCodeError(error.code as MiniCodeErrorCode, String(error.message || ''), {
          errcode: error.errcode,
          status: res.statusCode,
        })
      }
      throw new MiniCodeError(
        'http_status',
        __DEV__ ? `${url} answered HTTP ${res.statusCode} without a session token.` : '',
        {
          status: res.statusCode,
        },
      )
    }
    const lifetimeMs = typeof body.expiresIn === 'number' ? body.expiresIn * 1000 : 0
    cached = { token: body.token, until: Date.now() + lifetimeMs - EARLY_MS }
    return body.token
  }

  return {
    token() {
      if (cached && cached.until > Date.now()) return Promise.resolve(cached.token)
      if (!pending) {
        pending = login()
        const clear = () => {
          pending = null
        }
        pending.then(clear, clear)
      }
      return pending
    },
    drop(token) {
      if (cached?.token === token) cached = null
    },
  }
}
