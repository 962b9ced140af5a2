import { randomBytes } from 'node:crypto'

type Chain = 'token' | 'stable'

interface TokenRecord {
  chain: Chain
  expiresAt: number
  /** Set when a newer token superseded it (after the overlap) or it was revoked. */
  invalidAfter?: number
}

/** What a token check found: ok, or the errcode WeChat answers. */
export type TokenCheck = { ok: true } | { ok: false; errcode: 40001 | 40014 | 41001 | 42001 }

const SHAPE = /^\d+_[A-Za-z0-9_-]{20,}$/
const DAY_MS = 86_400_000
const BEIJING_MS = 8 * 3_600_000

/**
 * The two token chains of one app. They are isolated from each other as WeChat documents:
 * - /cgi-bin/token: every call issues a new token; the previous one works for the overlap only.
 * - /cgi-bin/stable_token: normal mode returns the current token until `overlap` before expiry;
 *   force_refresh issues a new one and invalidates the previous at once (20 a day, 30 s apart).
 */
export class TokenBook {
  private tokens = new Map<string, TokenRecord>()
  private stable: string | undefined
  private forceDay = -1
  private forceCount = 0
  private lastForceAt = -Infinity
  private serial = 0
  issued = 0

  constructor(
    private ttlMs: number,
    private overlapMs: number,
  ) {}

  /** GET /cgi-bin/token. */
  fetchToken(now: number): { token: string; expiresIn: number } {
    for (const record of this.tokens.values()) {
      if (record.chain === 'token') supersede(record, now + this.overlapMs)
    }
    return { token: this.issue('token', now), expiresIn: this.ttlMs / 1000 }
  }

  /** POST /cgi-bin/stable_token; errcode 45009 past 20 forced refreshes a day, 45011 within 30 s. */
  fetchStable(
    now: number,
    force: boolean,
  ): { token: string; expiresIn: number } | { errcode: 45009 | 45011 } {
    const current = this.stable && this.tokens.get(this.stable)
    if (force) {
      const day = Math.floor((now + BEIJING_MS) / DAY_MS)
      if (day !== this.forceDay) {
        this.forceDay = day
        this.forceCount = 0
      }
      if (this.forceCount >= 20) return { errcode: 45009 }
      if (now - this.lastForceAt < 30_000) return { errcode: 45011 }
      this.forceCount++
      this.lastForceAt = now
      if (current) supersede(current, now)
    } else if (current && this.isLive(current, now) && now < current.expiresAt - this.overlapMs) {
      return { token: this.stable as string, expiresIn: Math.floor((current.expiresAt - now) / 1000) }
    }
    // A normal-mode renewal leaves the old token working until its own expiry.
    this.stable = this.issue('stable', now)
    return { token: this.stable, expiresIn: this.ttlMs / 1000 }
  }

  /** The errcode WeChat answers for `token` on an API call, if any. */
  check(token: string | null, now: number): TokenCheck {
    if (!token) return { ok: false, errcode: 41001 }
    const record = this.tokens.get(token)
    if (!record) return { ok: false, errcode: SHAPE.test(token) ? 40001 : 40014 }
    if (
      record.invalidAfter !== undefined &&
      now >= record.invalidAfter &&
      record.invalidAfter < record.expiresAt
    ) {
      return { ok: false, errcode: 40001 }
    }
    if (now >= record.expiresAt) return { ok: false, errcode: 42001 }
    return { ok: true }
  }

  /** Revokes one token, or every token issued so far. */
  revoke(now: number, token?: string): void {
    for (const [key, record] of this.tokens) {
      if (token === undefined || key === token) supersede(record, now)
    }
  }

  private isLive(record: TokenRecord, now: number): boolean {
    return now < record.expiresAt && (record.invalidAfter === undefined || now < record.invalidAfter)
  }

  private issue(chain: Chain, now: number): string {
    this.prune(now)
    const token = `${++this.serial}_${randomBytes(96).toString('base64url')}`
    this.tokens.set(token, { chain, expiresAt: now + this.ttlMs })
    this.issued++
    return token
  }

  // Forget tokens dead for a day (they then answer 40001 instead of 42001, as old tokens do).
  private prune(now: number): void {
    if (this.tokens.size < 1000) return
    for (const [key, record] of this.tokens) {
      if (Math.min(record.expiresAt, record.invalidAfter ?? Infinity) + DAY_MS < now) this.tokens.delete(key)
    }
  }
}

function supersede(record: TokenRecord, at: number): void {
  record.invalidAfter = Math.min(record.invalidAfter ?? Infinity, at)
}
