import { createHash, randomBytes } from 'node:crypto'

/** What `/sns/jscode2session` answers for a login code: the session, or WeChat's errcode. */
export type LoginResult = { openid: string; session_key: string } | { errcode: 40029 | 40163 }

/** How long a wx.login code can be exchanged, as WeChat documents it (5 minutes). */
const CODE_TTL_MS = 5 * 60_000
// Test codes a fake Taro.login can make up without asking the simulator: `testcode:<user>:<nonce>`.
const TEST_CODE = /^testcode:([A-Za-z0-9_-]{1,32}):[A-Za-z0-9_-]{1,64}$/

/**
 * The login side of one app: wx.login codes and the sessions they are exchanged for.
 * - Codes from {@link issue} (or test codes `testcode:<user>:<nonce>`) work once, within 5 minutes.
 * - The same user always gets the same openid (per app), as on WeChat; each exchange a new session_key.
 */
export class LoginBook {
  private issued = new Map<string, { user: string; expiresAt: number }>()
  private used = new Set<string>()
  /** session_keys handed out, so tests can check none of them leaks. */
  readonly sessionKeys: string[] = []

  constructor(private appId: string) {}

  /** A fresh one-time code for `user`, as wx.login would give the mini-program. */
  issue(user: string, now: number): string {
    const code = randomBytes(24).toString('base64url').slice(0, 32)
    this.issued.set(code, { user, expiresAt: now + CODE_TTL_MS })
    return code
  }

  /** The stable openid of a user of this app (28 characters starting with 'o', like WeChat's). */
  openidOf(user: string): string {
    return `o${createHash('sha256').update(`${this.appId}:${user}`).digest('base64url').slice(0, 27)}`
  }

  /** Exchanges a code once: 40163 when it was used already, 40029 when unknown or expired. */
  exchange(code: string, now: number): LoginResult {
    if (this.used.has(code)) return { errcode: 40163 }
    const issued = this.issued.get(code)
    const test = TEST_CODE.exec(code)
    const user = issued && issued.expiresAt > now ? issued.user : test?.[1]
    if (user === undefined) return { errcode: 40029 }
    this.issued.delete(code)
    this.used.add(code)
    const sessionKey = randomBytes(16).toString('base64')
    this.sessionKeys.push(sessionKey)
    return { openid: this.openidOf(user), session_key: sessionKey }
  }
}
