import {
  MiniCodeError,
  decodeCodeResponse,
  describeWeChatError,
  isMiniCodeError,
  toWeChatBody,
  validateCodeRequest,
  type CodeRequest,
  type EntryLink,
  type ImageMime,
  type LinkRequest,
  type SchemeRequest,
  type ShortLinkRequest,
  type UrlLinkRequest,
} from '@minicode/core'
import { createLinkCaller } from './links/link-client'
import { backoffMs, fetchFailure, scrub, sleep } from './retry'
import { memoryStore } from './stores/memory-store'
import type { Store } from './stores/store'
import { createTokenManager } from './token-manager'

export interface WeChatClientOptions {
  appId: string
  /** Server-side only. Never appears in an error, a log line or a response. */
  appSecret: string
  /** Default 'https://api.weixin.qq.com'. Point it at wechat-sim in tests. */
  apiBase?: string
  /** Where the access token lives; use `redisStore` when several processes share one app. Default memory. */
  tokenStore?: Store
  /** Use `POST /cgi-bin/stable_token` (same token for every caller). Default true. */
  stableToken?: boolean
  /** Per upstream call, in ms. Default 10000. */
  timeoutMs?: number
  /** Extra attempts after errcode -1 or a network error, with jittered backoff. Default 2. */
  retries?: number
  /** Default the global fetch. */
  fetch?: typeof fetch
  /** The clock in ms, for links' expiry (tests). Default Date.now. */
  now?: () => number
}

export interface CodeResult {
  bytes: Uint8Array
  mime: ImageMime
  /** get/createQRCode: codes used of the shared quota (WeChat's `Num-Used` header). */
  numUsed?: number
}

export interface WeChatClient {
  /** Validates (before any network call), fetches, and returns the image decided by its bytes. */
  getCode(request: CodeRequest): Promise<CodeResult>
  /** A valid access token, for other WeChat APIs. */
  getAccessToken(): Promise<string>
  /**
   * Exchanges a `wx.login` code at `/sns/jscode2session` for the user's openid (and unionid when the
   * app has one). The session_key WeChat answers with is dropped here: it never leaves this function.
   * Throws 'unauthorized' with errcode 40029 (invalid or expired code) or 40163 (code already used).
   */
  exchangeLoginCode(code: string): Promise<LoginIdentity>
  /** A URL Link (`https://wxaurl.cn/…`, `/wxa/generate_urllink`), validated before the call. */
  generateUrlLink(request: Omit<UrlLinkRequest, 'kind'>): Promise<EntryLink>
  /** A URL Scheme (`weixin://dl/business/?t=…`, `/wxa/generatescheme`), validated before the call. */
  generateScheme(request: Omit<SchemeRequest, 'kind'>): Promise<EntryLink>
  /** A Short Link (`#小程序://…`, `/wxa/genwxashortlink`), validated before the call. */
  generateShortLink(request: Omit<ShortLinkRequest, 'kind'>): Promise<EntryLink>
  /** Any of the three, by `request.kind`. */
  generateLink(request: LinkRequest): Promise<EntryLink>
}

/** Who logged in, as `/sns/jscode2session` says. */
export interface LoginIdentity {
  openid: string
  unionid?: string
}

// The login errcodes a client can do something about, explained.
const LOGIN_ERRORS: Record<number, { code: 'unauthorized' | 'forbidden' | 'rate_limited'; advice: string }> =
  {
    40029: {
      code: 'unauthorized',
      advice:
        'the login code is not valid (unknown, from another app, or older than 5 minutes): call Taro.login again',
    },
    40163: {
      code: 'unauthorized',
      advice: 'the login code was already used (each wx.login code works once): call Taro.login again',
    },
    40226: { code: 'forbidden', advice: 'WeChat blocked this user as high risk' },
    45011: {
      code: 'rate_limited',
      advice: 'too many logins for this user in a minute: wait, then log in again',
    },
  }

/**
 * WeChat's code API with DESIGN.md's token rules.
 *
 * @example
 * const client = createWeChatClient({ appId, appSecret, tokenStore: redisStore(process.env.REDIS_URL!) })
 * const { bytes, mime } = await client.getCode({ scene: 'id=42', page: 'pages/product/index' })
 */
export function createWeChatClient(options: WeChatClientOptions): WeChatClient {
  const { appId, appSecret } = options
  if (!appId || !appSecret) {
    throw new MiniCodeError(
      'invalid_request',
      'createWeChatClient needs appId and appSecret (WECHAT_APPID, WECHAT_APPSECRET).',
      {
        field: appId ? 'appSecret' : 'appId',
      },
    )
  }
  const apiBase = (options.apiBase ?? 'https://api.weixin.qq.com').replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 10_000
  const retries = options.retries ?? 2
  const fetchImpl = options.fetch ?? globalThis.fetch
  const tokens = createTokenManager({
    appId,
    appSecret,
    apiBase,
    store: options.tokenStore ?? memoryStore(),
    stableToken: options.stableToken ?? true,
    timeoutMs,
    retries,
    fetch: fetchImpl,
  })

  const callOnce = async (path: string, body: string, token: string): Promise<CodeResult> => {
    let response: Response
    let bytes: Uint8Array
    try {
      response = await fetchImpl(`${apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      bytes = new Uint8Array(await response.arrayBuffer())
    } catch (error) {
      throw fetchFailure(error, 'Fetching the code from WeChat', timeoutMs, appSecret)
    }
    let image: { bytes: Uint8Array; mime: ImageMime }
    try {
      image = decodeCodeResponse(bytes, response.headers.get('content-type') ?? undefined) as typeof image
    } catch (error) {
      throw classify(error, response.status)
    }
    if (!response.ok) {
      throw new MiniCodeError('http_status', `WeChat answered HTTP ${response.status}. Try again later.`, {
        status: response.status,
      })
    }
    const numUsed = Number(response.headers.get('num-used') ?? NaN)
    return Number.isFinite(numUsed) ? { ...image, numUsed } : image
  }

  const classify = (error: unknown, status: number): MiniCodeError => {
    if (!isMiniCodeError(error)) {
      return new MiniCodeError('not_an_image', `WeChat's answer could not be read (HTTP ${status}).`, {
        cause: String(error),
      })
    }
    const errcode = error.errcode
    const message = scrub(error.message, appSecret)
    if (errcode === undefined) {
      if (status >= 500)
        return new MiniCodeError('http_status', `WeChat answered HTTP ${status}. Try again later.`, {
          status,
        })
      return message === error.message
        ? error
        : new MiniCodeError(error.code, message, { retryable: error.retryable })
    }
    // -1 is 'busy' (retried with backoff); 45009 'rate_limited'; 45029 'quota_exhausted'; else 'wechat_error'.
    const info = describeWeChatError(errcode)
    const code = errcode === -1 ? 'busy' : info.code
    return new MiniCodeError(code, message, { errcode, retryable: info.retryable || errcode === -1 })
  }

  const exchangeOnce = async (code: string): Promise<LoginIdentity> => {
    const query = new URLSearchParams({
      appid: appId,
      secret: appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    })
    let data: { openid?: unknown; unionid?: unknown; errcode?: unknown; errmsg?: unknown }
    try {
      const response = await fetchImpl(`${apiBase}/sns/jscode2session?${query}`, {
        signal: AbortSignal.timeout(timeoutMs),
      })
      data = (await response.json()) as typeof data
    } catch (error) {
      throw fetchFailure(error, 'Exchanging the login code with WeChat', timeoutMs, appSecret)
    }
    // Only the identity is kept; data.session_key goes out of scope here.
    if (typeof data?.openid === 'string' && data.openid && !data.errcode) {
      return typeof data.unionid === 'string'
        ? { openid: data.openid, unionid: data.unionid }
        : { openid: data.openid }
    }
    const errcode = typeof data?.errcode === 'number' ? data.errcode : -2
    const errmsg = scrub(String(data?.errmsg ?? 'no openid in the answer'), appSecret).slice(0, 200)
    if (errcode === -1)
      throw new MiniCodeError(
        'busy',
        `WeChat is busy (errcode -1) checking the login code. Try again shortly.`,
        { errcode },
      )
    const known = LOGIN_ERRORS[errcode]
    if (known)
      throw new MiniCodeError(
        known.code,
        `WeChat refused the login code (errcode ${errcode}: ${errmsg}): ${known.advice}.`,
        { errcode },
      )
    throw new MiniCodeError(
      'wechat_error',
      `WeChat refused the login code exchange (errcode ${errcode}: ${errmsg}). Check WECHAT_APPID and WECHAT_APPSECRET.`,
      {
        errcode,
        retryable: false,
      },
    )
  }

  const generateLink = createLinkCaller({
    apiBase,
    appSecret,
    tokens,
    timeoutMs,
    retries,
    fetch: fetchImpl,
    now: options.now ?? Date.now,
  })

  return {
    generateLink,
    generateUrlLink: (request) => generateLink({ ...request, kind: 'urllink' }),
    generateScheme: (request) => generateLink({ ...request, kind: 'scheme' }),
    generateShortLink: (request) => generateLink({ ...request, kind: 'shortlink' }),
    getAccessToken: () => tokens.get(),
    async exchangeLoginCode(code) {
      if (typeof code !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(code)) {
        throw new MiniCodeError(
          'invalid_request',
          'code must be the string Taro.login (wx.login) gave, at most 128 printable characters.',
          { field: 'code' },
        )
      }
      for (let attempt = 0; ; attempt++) {
        try {
          return await exchangeOnce(code)
        } catch (error) {
          const err = error as MiniCodeError
          // A code works once: retry only when WeChat said busy (a lost answer may have used the code).
          if (err.code === 'busy' && attempt < retries) {
            await sleep(backoffMs(attempt))
            continue
          }
          throw err
        }
      }
    },
    async getCode(request) {
      // Validation first: a bad request costs no token and no upstream call.
      const valid = validateCodeRequest(request)
      const { path, body } = toWeChatBody(valid) as { path: string; body: unknown }
      const json = typeof body === 'string' ? body : JSON.stringify(body)
      let tokenRetried = false
      for (let attempt = 0; ;) {
        const token = await tokens.get()
        try {
          return await callOnce(path, json, token)
        } catch (error) {
          const err = error as MiniCodeError
          if (err.errcode !== undefined && describeWeChatError(err.errcode).tokenInvalid && !tokenRetried) {
            // Drop the token only if it is still the one that failed: another caller may have refreshed.
            tokenRetried = true
            await tokens.invalidate(token)
            continue
          }
          // Retried: -1, network failures, 5xx, and images cut short in transit.
          const truncated = err.code === 'not_an_image' && err.retryable
          const transient =
            err.code === 'busy' ||
            err.code === 'network' ||
            truncated ||
            (err.code === 'http_status' && (err.status ?? 0) >= 500)
          if (transient && attempt < retries) {
            await sleep(backoffMs(attempt++))
            continue
          }
          throw err
        }
      }
    },
  }
}
