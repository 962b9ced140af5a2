import type { MiniCodeErrorCode } from '../errors'
import { describeWeChatError, type WeChatErrorInfo } from '../code/wechat-errors'
import type { LinkKind } from './link-types'

// The errcodes urllink/urlscheme/shortlink.generate document, explained. Their meaning differs from
// the code APIs' in places: 45009 here is the DAILY cap, not a per-minute rate.
const LINK_CODE_OF: Record<number, MiniCodeErrorCode> = {
  44990: 'rate_limited',
  45009: 'quota_exhausted',
  85400: 'quota_exhausted',
}
const LINK_RETRYABLE = [44990]

const ADVICE: Record<number, string> = __DEV__
  ? {
      40002:
        'this app may not make links: only verified mini-programs of non-individual accounts in mainland China can',
      40013: "the app's permission to make links was blocked by WeChat",
      40066:
        'page_url is not a page of the released version (no leading "/"): publish the page or fix the path',
      40165:
        'path is not a page of the released version (no query in path): publish the page or fix the path',
      40212:
        "query is too long (max 1024) or holds characters WeChat refuses: use 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~%",
      40225: 'page_title is not accepted (WeChat refuses illegal content): change the title',
      85079: 'the mini-program has no released version yet: links open released pages only',
      85400:
        'the lifetime quota of 100,000 permanent short links (or long-lived schemes) is used up: make temporary ones (isPermanent: false)',
      85401: 'expire_time must be between 1 minute and 30 days ahead, expire_interval 1–30 days',
      85402: "env_version must be 'release', 'trial' or 'develop'",
      44990: 'links are made too fast (over 100 a second): slow down and retry',
      45009:
        "today's quota is used up (URL Links + Schemes: 500,000 a day; short links: 1,000,000 a day): cache links and retry tomorrow",
    }
  : {}

/**
 * Explains an errcode of the link APIs like {@link describeWeChatError} does for codes: 44990 (too
 * fast) is 'rate_limited' and retryable, 45009 (the daily cap) and 85400 (the permanent quota)
 * 'quota_exhausted'; token errors and -1 as for codes; the rest 'wechat_error'.
 */
export function describeLinkError(errcode: number, errmsg?: string, kind?: LinkKind): WeChatErrorInfo {
  const base = describeWeChatError(errcode, errmsg)
  const advice = ADVICE[errcode]
  if (advice === undefined && LINK_CODE_OF[errcode] === undefined) return base
  const code = LINK_CODE_OF[errcode] ?? 'wechat_error'
  const said = errmsg ? ` (${errmsg})` : ''
  const api = kind ? ` making a ${kind}` : ''
  return {
    message: `WeChat errcode ${errcode}${api}${said}${__DEV__ ? `: ${advice}` : ''}.`,
    // A used-up quota stays used up today (45009) or for ever (85400): retrying only spends calls.
    retryable: code !== 'quota_exhausted' && (base.retryable || LINK_RETRYABLE.includes(errcode)),
    code,
    tokenInvalid: base.tokenInvalid,
  }
}
