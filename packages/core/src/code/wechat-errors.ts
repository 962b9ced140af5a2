import type { MiniCodeErrorCode } from '../errors'

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

const TOKEN_INVALID = [40001, 40014, 42001]
const RETRYABLE = [-1, 45009, 45011, 40001, 40014, 42001]
const CODE_OF: Record<number, MiniCodeErrorCode> = {
  45009: 'rate_limited',
  45011: 'rate_limited',
  45029: 'quota_exhausted',
}

const TOKEN = 'the access token is invalid or expired: refresh it (stable_token) and retry once'

// DESIGN.md "WeChat facts" plus the account errors people meet when they first wire up a server.
// Advice only, so production client bundles leave it out (the server always has it).
const ADVICE: Record<number, string> = __DEV__
  ? {
      [-1]: 'WeChat is busy: retry with backoff',
      0: 'WeChat answered JSON without an image: check the API path and the request body',
      40001: TOKEN,
      40014: TOKEN,
      42001: TOKEN,
      40013: 'the appid is invalid: check WECHAT_APPID (a mini-program appid, starting with "wx")',
      40125:
        'the app secret is invalid: check WECHAT_APPSECRET (reset it in the mini-program admin if unsure)',
      40164: "the server's IP is not on the mini-program's API IP allow-list: add it in the admin console",
      41002: 'the appid is missing: set WECHAT_APPID',
      41004: 'the app secret is missing: set WECHAT_APPSECRET',
      40097: 'WeChat rejected the arguments: check width (280–1280), line_color (0–255) and env_version',
      40129:
        "the scene holds characters WeChat does not allow: use 1–32 of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ (a short id mapped server-side)",
      40169: 'the scene is too long (max 32 characters) or the body was not valid JSON',
      41030:
        "the page does not exist in the released version: pass checkPath: false (with envVersion 'trial' or 'develop' while testing), or publish the page first",
      40159: 'the path is invalid or too long: get ≤ 1024 characters, createQRCode ≤ 128 bytes',
      45009: 'the API call rate limit was hit: slow down and retry later',
      45011: 'the per-minute API limit was hit: retry after a minute',
      45029:
        'the 100,000 code quota of wxacode.get + createQRCode is used up: use getUnlimited (kind "unlimited") instead',
      85096: 'scancode_time is a reserved field: do not send it',
      47001: 'the request body was not valid JSON: send a JSON object with Content-Type application/json',
      48001:
        'this API is not authorised for the app: use a verified mini-program appid with the code permission',
    }
  : {}

/** Whether the same call may succeed later (after a backoff, or after a token refresh). */
export function isRetryableWeChatError(errcode: number): boolean {
  return RETRYABLE.includes(errcode)
}

/**
 * Explains a WeChat errcode: a message that says what to do, whether a retry may help, and the
 * MiniCodeError code to report it with.
 *
 * @example describeWeChatError(45029, 'reach max') // { code: 'quota_exhausted', retryable: false, ... }
 */
export function describeWeChatError(errcode: number, errmsg?: string): WeChatErrorInfo {
  const said = errmsg ? ` (${errmsg})` : ''
  const advice = __DEV__
    ? `: ${ADVICE[errcode] ?? 'see the errcode in WeChat\'s "wxacode" documentation'}`
    : ''
  return {
    message: `WeChat errcode ${errcode}${said}${advice}.`,
    retryable: isRetryableWeChatError(errcode),
    code: CODE_OF[errcode] ?? 'wechat_error',
    tokenInvalid: TOKEN_INVALID.includes(errcode),
  }
}
