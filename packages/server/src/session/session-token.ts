import { createHmac, timingSafeEqual } from 'node:crypto'

// A session token: `mcs1.<payload>.<signature>`, both parts base64url.
// payload = JSON { o: openid, e: expiry in Unix seconds }; signature = HMAC-SHA256(key, 'mcs1.' + payload).
// Stateless: any process with the key checks it, so no session store is shared behind a load balancer.
// Signed, not encrypted: the openid is readable by whoever holds the token (it is the user's own).
const PREFIX = 'mcs1.'
const SIGNATURE_CHARS = 43 // 32 bytes in base64url, unpadded

/** What a valid token carries. */
export interface SessionClaims {
  openid: string
  /** Expiry, Unix seconds. */
  expiresAt: number
}

/** Why a token was refused: not one of ours (malformed or tampered or signed with another key), or too old. */
export type SessionCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: 'invalid' | 'expired' }

export interface SessionSigner {
  sign(openid: string, nowMs: number, ttlSeconds: number): { token: string; expiresAt: number }
  verify(token: string, nowMs: number): SessionCheck
}

// Tokens whose signature was checked, so a client's next asks cost a map lookup instead of an HMAC.
// Only genuine tokens get in (a forged one fails the HMAC), and expiry is still checked on every ask.
const REMEMBERED = 10_000

/**
 * Signs and checks session tokens with a key derived from `secret` (HMAC-SHA256 of a fixed label), so
 * the secret itself never signs anything a client can see.
 */
export function createSessionSigner(secret: string | Uint8Array): SessionSigner {
  const key = createHmac('sha256', secret).update('minicode session key v1').digest()
  const mac = (text: string) => createHmac('sha256', key).update(text).digest()
  const checked = new Map<string, SessionClaims>()

  const expiry = (claims: SessionClaims, nowMs: number): SessionCheck =>
    claims.expiresAt * 1000 <= nowMs ? { ok: false, reason: 'expired' } : { ok: true, claims }

  return {
    sign(openid, nowMs, ttlSeconds) {
      const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds
      const payload = Buffer.from(JSON.stringify({ o: openid, e: expiresAt })).toString('base64url')
      const signed = PREFIX + payload
      return { token: `${signed}.${mac(signed).toString('base64url')}`, expiresAt }
    },
    verify(token, nowMs) {
      const known = checked.get(token)
      if (known) return expiry(known, nowMs)
      const dot = token.lastIndexOf('.')
      if (!token.startsWith(PREFIX) || token.length - dot - 1 !== SIGNATURE_CHARS || token.length > 512)
        return { ok: false, reason: 'invalid' }
      const signed = token.slice(0, dot)
      // Compared as text, constant time: base64url decoding ignores a last character's spare bits, so
      // comparing decoded bytes would accept more than one spelling of a signature.
      const given = Buffer.from(token.slice(dot + 1), 'latin1')
      const expected = Buffer.from(mac(signed).toString('base64url'), 'latin1')
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'invalid' }
      let claims: { o?: unknown; e?: unknown }
      try {
        claims = JSON.parse(Buffer.from(signed.slice(PREFIX.length), 'base64url').toString('utf8'))
      } catch {
        return { ok: false, reason: 'invalid' }
      }
      if (typeof claims.o !== 'string' || typeof claims.e !== 'number')
        return { ok: false, reason: 'invalid' }
      const genuine = { openid: claims.o, expiresAt: claims.e }
      // Oldest out first (a Map keeps insertion order).
      if (checked.size >= REMEMBERED) checked.delete(checked.keys().next().value as string)
      checked.set(token, genuine)
      return expiry(genuine, nowMs)
    },
  }
}
