import {
  LINK_ANSWER_FIELD,
  MiniCodeError,
  describeLinkError,
  linkExpiresAt,
  toWeChatLinkBody,
  validateLinkRequest,
  type EntryLink,
  type LinkRequest,
} from '@minicode/core'
import { backoffMs, fetchFailure, scrub, sleep } from '../retry'
import type { TokenManager } from '../token-manager'

export interface LinkCallerOptions {
  apiBase: string
  appSecret: string
  tokens: TokenManager
  timeoutMs: number
  retries: number
  fetch: typeof fetch
  /** The clock in ms: expireTime's window and expiresAt. */
  now: () => number
}

/**
 * Makes one link at WeChat: validated before any call (a bad request costs no token and no quota),
 * then the token rules of codes (a token error drops that token and retries once), and retries with
 * backoff for -1, 44990 (too fast), network failures and 5xx. Quota errcodes are never retried.
 */
export function createLinkCaller(options: LinkCallerOptions): (request: LinkRequest) => Promise<EntryLink> {
  const { apiBase, appSecret, tokens, timeoutMs, retries, now } = options

  const callOnce = async (request: LinkRequest, body: string, path: string, token: string) => {
    let status: number
    let data: Record<string, unknown>
    try {
      const response = await options.fetch(`${apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = response.status
      const text = await response.text()
      try {
        data = JSON.parse(text) as Record<string, unknown>
      } catch {
        data = {}
      }
    } catch (error) {
      throw fetchFailure(error, `Making the ${request.kind} at WeChat`, timeoutMs, appSecret)
    }
    const errcode = typeof data.errcode === 'number' ? data.errcode : 0
    const link = data[LINK_ANSWER_FIELD[request.kind]]
    if (errcode === 0 && typeof link === 'string' && link) {
      return { kind: request.kind, link, expiresAt: linkExpiresAt(request, now()) }
    }
    if (errcode === 0) {
      if (status >= 500)
        throw new MiniCodeError('http_status', `WeChat answered HTTP ${status}. Try again later.`, { status })
      throw new MiniCodeError(
        'wechat_error',
        `WeChat answered HTTP ${status} without a ${LINK_ANSWER_FIELD[request.kind]} field. Check apiBase.`,
        { status, retryable: false },
      )
    }
    const errmsg = scrub(String(data.errmsg ?? ''), appSecret).slice(0, 200)
    const info = describeLinkError(errcode, errmsg, request.kind)
    const code = errcode === -1 ? 'busy' : info.code
    throw new MiniCodeError(code, info.message, { errcode, retryable: info.retryable })
  }

  return async (input) => {
    const request = validateLinkRequest(input, { now })
    const { path, body } = toWeChatLinkBody(request)
    const json = JSON.stringify(body)
    let tokenRetried = false
    for (let attempt = 0; ;) {
      const token = await tokens.get()
      try {
        return await callOnce(request, json, path, token)
      } catch (error) {
        const err = error as MiniCodeError
        if (err.errcode !== undefined && describeLinkError(err.errcode).tokenInvalid && !tokenRetried) {
          tokenRetried = true
          await tokens.invalidate(token)
          continue
        }
        const refused = err.code === 'busy' || err.errcode === 44990
        // A lost answer may have made the link: never spend a second permanent short link on it.
        const lost = err.code === 'network' || (err.code === 'http_status' && (err.status ?? 0) >= 500)
        const permanent = request.kind === 'shortlink' && request.isPermanent === true
        const transient = refused || (lost && !permanent)
        if (transient && attempt < retries) {
          await sleep(backoffMs(attempt++))
          continue
        }
        throw err
      }
    }
  }
}
