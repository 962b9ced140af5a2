import type { MiniCodeErrorCode } from './errors'

/** What an errcode from WeChat means for the caller. */
export interface WeChatErrorInfo {
  /** A message for people: the errcode, WeChat's errmsg, and what to do next. */
  message: string
  /** Whether the same call may succeed later (after a backoff, or after a token refresh). */
  retryable: boolean
  /** 'rate_limited' for 45009/45011, 'quota_exhausted' for 45029, otherwise 'wechat_error'. */
  code: MiniCodeErrorCode
  /** True for 40001/40014/42001: drop the cached access token (if it is the one that failed) and retry once. */
  tokenInvalid: boolean
}

interface Entry {
  advice: string
  retryable?: boolean
  code?: MiniCodeErrorCode
  tokenInvalid?: boolean
}

const TOKEN: Entry = {
  advice: 'the access token is invalid or expired: refresh it (stable_token) and retry once',
  retryable: true,
  tokenInvalid: true,
}

// DESIGN.md "WeChat facts" plus the account errors people meet when they first wire up a server.
const TABLE: Record<number, Entry> = {
  [-1]: { advice: 'WeChat is busy: retry with backoff', retryable: true },
  0: { advice: 'WeChat answered JSON without an image: check the API path and the request body' },
  40001: TOKEN,
  40014: TOKEN,
  42001: TOKEN,
  40013: { advice: 'the appid is invalid: check WECHAT_APPID (a mini-program appid, starting with "wx")' },
  40125: { advice: 'the app secret is invalid: check WECHAT_APPSECRET (reset it in the mini-program admin if unsure)' },
  40164: { advice: "the server's IP is not on the mini-program's API IP allow-list: add it in the admin console" },
  41002: { advice: 'the appid is missing: set WECHAT_APPID' },
  41004: { advice: 'the app secret is missing: set WECHAT_APPSECRET' },
  40097: { advice: 'WeChat rejected the arguments: check width (280–1280), line_color (0–255) and env_version' },
  40129: {
    advice:
      "the scene holds characters WeChat does not allow: use 1–32 of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ (a short id mapped server-side)",
  },
  40169: { advice: 'the scene is too long (max 32 characters) or the body was not valid JSON' },
  41030: {
    advice:
      "the page does not exist in the released version: pass checkPath: false (with envVersion 'trial' or 'develop' while testing), or publish the page first",
  },
  40159: { advice: 'the path is invalid or too long: get ≤ 1024 characters, createQRCode ≤ 128 bytes' },
  45009: { advice: 'the API call rate limit was hit: slow down and retry later', retryable: true, code: 'rate_limited' },
  45011: { advice: 'the per-minute API limit was hit: retry after a minute', retryable: true, code: 'rate_limited' },
  45029: {
    advice: 'the 100,000 code quota of wxacode.get + createQRCode is used up: use getUnlimited (kind "unlimited") instead',
    code: 'quota_exhausted',
  },
  85096: { advice: 'scancode_time is a reserved field: do not send it' },
  47001: { advice: 'the request body was not valid JSON: send a JSON object with Content-Type application/json' },
  48001: { advice: 'this API is not authorised for the app: use a verified mini-program appid with the code permission' },
}

/**
 * Explains a WeChat errcode: a message that says what to do, whether a retry may help, and the
 * MiniCodeError code to report it with.
 *
 * @example describeWeChatError(45029, 'reach max') // { code: 'quota_exhausted', retryable: false, ... }
 */
export function describeWeChatError(errcode: number, errmsg?: string): WeChatErrorInfo {
  const entry: Entry | undefined = TABLE[errcode]
  const said = errmsg ? ` (${errmsg})` : ''
  const advice = entry ? entry.advice : 'see the errcode in WeChat\'s "wxacode" documentation'
  return {
    message: `WeChat errcode ${errcode}${said}: ${advice}.`,
    retryable: entry?.retryable ?? false,
    code: entry?.code ?? 'wechat_error',
    tokenInvalid: entry?.tokenInvalid ?? false,
  }
}
