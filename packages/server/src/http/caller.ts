import { createHash, timingSafeEqual } from 'node:crypto'
import { MiniCodeError } from '@minicode/core'
import type { SessionSigner } from '../session/session-token'

export interface CallerOptions {
  /** Accepted API keys; empty = none needed (unless requireSession). */
  apiKeys?: readonly string[]
  /** Checks `x-minicode-session` tokens; null when sessions are off. */
  signer: SessionSigner | null
  requireSession?: boolean
  now: () => number
}

const sha = (text: string) => createHash('sha256').update(text).digest()

function apiKeyOf(request: Request): string | null {
  const header = request.headers.get('authorization')
  return (
    request.headers.get('x-api-key') ??
    (header && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : null)
  )
}

/**
 * Who is asking, as the rate limit counts them: `openid:…` for a session token, `key:…` for an API
 * key, else `ip:…`. Throws 'unauthorized' for a bad token or key, or when one is required and missing.
 */
export function createCallerCheck(
  options: CallerOptions,
): (request: Request, remoteAddress?: string) => string {
  const keyDigests = (options.apiKeys ?? []).filter(Boolean).map(sha)
  const { signer, now } = options

  return (request, remoteAddress) => {
    const token = request.headers.get('x-minicode-session')
    if (token !== null && signer) {
      const check = signer.verify(token, now())
      if (!check.ok) {
        throw new MiniCodeError(
          'unauthorized',
          check.reason === 'expired'
            ? 'The session token has expired: log in again (POST /session with a fresh Taro.login code).'
            : 'The session token is not valid here (altered, or signed with another key): log in again (POST /session).',
          { field: 'x-minicode-session' },
        )
      }
      return `openid:${check.claims.openid}`
    }
    const key = apiKeyOf(request)
    if (key !== null && keyDigests.length > 0) {
      // Constant time per key, over fixed-length digests.
      const digest = sha(key)
      if (!keyDigests.some((k) => timingSafeEqual(k, digest))) {
        throw new MiniCodeError('unauthorized', 'The API key is not valid.')
      }
      return `key:${key}`
    }
    if (options.requireSession) {
      throw new MiniCodeError(
        'unauthorized',
        'This server needs a WeChat login session: POST /session {"code": <Taro.login code>}, then send the token as x-minicode-session' +
          (keyDigests.length > 0 ? ' (server-to-server callers: an API key).' : '.'),
      )
    }
    if (keyDigests.length > 0) {
      throw new MiniCodeError(
        'unauthorized',
        'An API key is required: send Authorization: Bearer <key> or x-api-key.',
      )
    }
    return key ? `key:${key}` : `ip:${remoteAddress ?? 'unknown'}`
  }
}
