import { randomBytes } from 'node:crypto'
import { createQrPng } from '@minicode/core'
import { readCodeBody } from './code-body'
import { ERRMSG, SIM_APP_ID, SIM_APP_SECRET } from './constants'
import { FaultQueue, parseFault } from './faults'
import { LinkDesk, type LinkEndpoint } from './links'
import { LoginBook } from './logins'
import { RateWindow } from './rate-window'
import { TokenBook } from './tokens'
import type {
  SimEndpoint,
  SimFault,
  SimFaultOptions,
  SimReply,
  SimRequest,
  SimStats,
  WeChatSimOptions,
} from './types'

/** The simulator without a transport: feed it requests, read its state. */
export interface WeChatSim {
  readonly appId: string
  readonly appSecret: string
  /** Answers one request (WeChat endpoints and the /__sim/* control endpoints). Never rejects. */
  handle(request: SimRequest): Promise<SimReply>
  stats(): SimStats
  /** Back to a fresh start: tokens, counts, quota use, rate windows, faults and clock offset. */
  reset(): void
  /** Queues a fault (or, for revokeToken, acts at once). Throws a TypeError for a malformed fault. */
  inject(fault: SimFault, options?: SimFaultOptions): void
  clearFaults(): void
  /** Replaces the clock (ms). */
  setClock(now: () => number): void
  /** Moves the clock forward by `ms` (token expiry, rate windows) without sleeping. */
  advance(ms: number): void
  /** A fresh one-time login code for `user` (default 'test-user'), as wx.login gives the mini-program. */
  login(user?: string): string
  /** The openid `/sns/jscode2session` answers for `user`'s codes (stable per app). */
  openidOf(user: string): string
  /** Every session_key handed out since the last reset, so a test can check none of them leaks. */
  sessionKeys(): string[]
  /** Ends pending delays at once (used by close). */
  dispose(): void
}

const ENDPOINTS: Record<string, SimEndpoint> = {
  '/cgi-bin/token': 'token',
  '/cgi-bin/stable_token': 'stable_token',
  '/wxa/getwxacodeunlimit': 'getwxacodeunlimit',
  '/wxa/getwxacode': 'getwxacode',
  '/cgi-bin/wxaapp/createwxaqrcode': 'createwxaqrcode',
  '/sns/jscode2session': 'jscode2session',
  '/wxa/generate_urllink': 'generate_urllink',
  '/wxa/generatescheme': 'generatescheme',
  '/wxa/genwxashortlink': 'genwxashortlink',
}
const LINK_ENDPOINTS: readonly SimEndpoint[] = ['generate_urllink', 'generatescheme', 'genwxashortlink']

/**
 * A faithful stand-in for WeChat's token and code API, as a pure request handler. See
 * {@link startWeChatSim} for the loopback HTTP server around it.
 */
export function createWeChatSim(options: WeChatSimOptions = {}): WeChatSim {
  const appId = options.appId ?? SIM_APP_ID
  const appSecret = options.appSecret ?? SIM_APP_SECRET
  const ttlMs = (options.tokenTtlSeconds ?? 7200) * 1000
  const overlapMs = (options.tokenOverlapSeconds ?? 300) * 1000
  const quota = options.quota ?? 100_000
  const startNumUsed = options.numUsed ?? 0
  const latencyMs = options.latencyMs ?? 0
  const rules = { releasedPages: options.releasedPages, homePage: options.homePage ?? 'pages/index/index' }
  const limits: Partial<Record<SimEndpoint, number>> = {
    getwxacodeunlimit: 5000,
    getwxacode: 5000,
    createwxaqrcode: 5000,
    stable_token: 10_000,
  }
  if (typeof options.ratePerMinute === 'number') {
    limits.getwxacodeunlimit = limits.getwxacode = limits.createwxaqrcode = options.ratePerMinute
  } else Object.assign(limits, options.ratePerMinute)

  let clock = options.now ?? Date.now
  let offset = 0
  const now = () => clock() + offset
  const faults = new FaultQueue()
  const sleepers = new Set<{ timer: ReturnType<typeof setTimeout>; done: () => void }>()
  let tokens: TokenBook
  let logins: LoginBook
  let links: LinkDesk
  const linkRules = { ...rules, appName: options.appName ?? '示例小程序' }
  let windows: Partial<Record<SimEndpoint, RateWindow>>
  let stats: SimStats

  function fresh(): void {
    tokens = new TokenBook(ttlMs, overlapMs)
    logins = new LoginBook(appId)
    links = new LinkDesk(linkRules, options.linkQuotas)
    windows = {}
    for (const [endpoint, limit] of Object.entries(limits)) {
      if (typeof limit === 'number' && Number.isFinite(limit))
        windows[endpoint as SimEndpoint] = new RateWindow(limit)
    }
    faults.clear()
    offset = 0
    stats = {
      token: 0,
      stable_token: 0,
      getwxacodeunlimit: 0,
      getwxacode: 0,
      createwxaqrcode: 0,
      jscode2session: 0,
      tokenCalls: 0,
      codeCalls: 0,
      images: 0,
      tokensIssued: 0,
      failures: 0,
      tokenErrors: 0,
      generate_urllink: 0,
      generatescheme: 0,
      genwxashortlink: 0,
      linkCalls: 0,
      links: 0,
      permanentShortLinks: links.permanentUsed,
      errcodes: {},
      numUsed: startNumUsed,
      quota,
      pendingFaults: 0,
    }
  }
  fresh()

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => sleeper.done(), ms),
        done: () => {
          clearTimeout(sleeper.timer)
          sleepers.delete(sleeper)
          resolve()
        },
      }
      sleepers.add(sleeper)
    })
  }

  function json(value: unknown, status = 200): SimReply {
    return {
      status,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: new TextEncoder().encode(JSON.stringify(value)),
    }
  }

  function fail(errcode: number, errmsg?: string, status = 200): SimReply {
    stats.failures++
    stats.errcodes[errcode] = (stats.errcodes[errcode] ?? 0) + 1
    const rid = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`
    return json({ errcode, errmsg: `${errmsg ?? ERRMSG[errcode] ?? 'error'} rid: ${rid}` }, status)
  }

  function inject(fault: SimFault, opts: SimFaultOptions = {}): void {
    const parsed = parseFault(fault, opts)
    if (parsed.fault.kind === 'revokeToken') tokens.revoke(now(), parsed.fault.token)
    else faults.add(parsed.fault, parsed.options)
  }

  async function handle(request: SimRequest): Promise<SimReply> {
    try {
      const url = new URL(request.url, 'http://sim.local')
      if (url.pathname.startsWith('/__sim/')) return control(request, url)
      const endpoint = ENDPOINTS[url.pathname]
      if (!endpoint) return fail(40066, undefined, 404)
      stats[endpoint]++
      if (endpoint === 'token' || endpoint === 'stable_token') stats.tokenCalls++
      else if (LINK_ENDPOINTS.includes(endpoint)) stats.linkCalls++
      else if (endpoint !== 'jscode2session') stats.codeCalls++
      await sleep(latencyMs)
      const fault = faults.take(endpoint)
      if (fault?.kind === 'delay') await sleep(fault.ms)
      if (fault?.kind === 'busy') return fail(-1)
      if (fault?.kind === 'rate') return fail(45009)
      if (fault?.kind === 'errcode') return fail(fault.errcode, fault.errmsg)
      if (fault?.kind === 'reset') {
        stats.failures++
        return { status: 0, headers: {}, body: new Uint8Array(0), destroy: true }
      }
      const reply = await answer(endpoint, request, url)
      if ((fault?.kind === 'truncate' || fault?.kind === 'empty') && reply.status === 200) {
        stats.failures++
        if (reply.headers['content-type'] === 'image/jpeg') stats.images--
        const keep = fault.kind === 'empty' ? 0 : Math.max(1, Math.floor(reply.body.length / 2))
        return { ...reply, body: reply.body.subarray(0, keep) }
      }
      return reply
    } catch (error) {
      // A bug here must still answer: WeChat's own "system error".
      return fail(-1, `system error (${error instanceof Error ? error.message : String(error)})`)
    }
  }

  async function answer(endpoint: SimEndpoint, request: SimRequest, url: URL): Promise<SimReply> {
    const body = request.body ?? new Uint8Array(0)
    const t = now()
    if (endpoint === 'token') {
      const q = url.searchParams
      const credentials = checkCredentials(q.get('grant_type'), q.get('appid'), q.get('secret'))
      if (credentials) return fail(credentials)
      if (windows.token && !windows.token.take(t)) return fail(45009)
      const issued = tokens.fetchToken(t)
      stats.tokensIssued = tokens.issued
      return json({ access_token: issued.token, expires_in: issued.expiresIn })
    }
    if (endpoint === 'jscode2session') return exchangeLogin(url.searchParams, t)
    if (request.method.toUpperCase() !== 'POST') return fail(43002)
    if (endpoint === 'stable_token') {
      let b: Record<string, unknown>
      try {
        b = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
        if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new TypeError('not an object')
      } catch {
        return fail(47001)
      }
      const credentials = checkCredentials(b.grant_type, b.appid, b.secret)
      if (credentials) return fail(credentials)
      if (b.force_refresh !== undefined && typeof b.force_refresh !== 'boolean') return fail(40097)
      if (windows.stable_token && !windows.stable_token.take(t)) return fail(45009)
      const result = tokens.fetchStable(t, b.force_refresh === true)
      stats.tokensIssued = tokens.issued
      if ('errcode' in result) return fail(result.errcode)
      return json({ access_token: result.token, expires_in: result.expiresIn })
    }

    const check = tokens.check(url.searchParams.get('access_token'), t)
    if (!check.ok) {
      stats.tokenErrors++
      return fail(check.errcode)
    }
    const window = windows[endpoint]
    if (window && !window.take(t)) return fail(45009)
    if (LINK_ENDPOINTS.includes(endpoint)) return makeLink(endpoint as LinkEndpoint, body, t)
    const look = readCodeBody(endpoint as 'getwxacodeunlimit', body, rules)
    if ('errcode' in look) return fail(look.errcode)
    const counted = endpoint !== 'getwxacodeunlimit'
    if (counted && stats.numUsed >= quota) return fail(45029)
    const png = render(look)
    stats.images++
    // WeChat labels every code image/jpeg, transparent PNGs included.
    const headers: Record<string, string> = { 'content-type': 'image/jpeg' }
    if (counted) headers['num-used'] = String(++stats.numUsed)
    return { status: 200, headers, body: png }
  }

  function makeLink(endpoint: LinkEndpoint, body: Uint8Array, t: number): SimReply {
    let input: unknown
    try {
      input = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
    } catch {
      return fail(47001)
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(47001)
    const result = links.answer(endpoint, input as Record<string, unknown>, t)
    stats.links = links.issued
    stats.permanentShortLinks = links.permanentUsed
    if ('errcode' in result) return fail(result.errcode)
    return json({ errcode: 0, errmsg: 'ok', ...result.body })
  }

  // Drawing costs ms per image: keep the last few, so benches measure the caller, not the PNG encoder.
  const images = new Map<string, Uint8Array>()
  function render(look: { text: string; width: number; dark: string; transparent: boolean }): Uint8Array {
    const key = JSON.stringify([look.text, look.width, look.dark, look.transparent])
    let png = images.get(key)
    if (png) {
      images.delete(key)
    } else {
      const light = look.transparent ? 'transparent' : '#ffffff'
      try {
        png = createQrPng(look.text, { size: look.width, ecc: 'M', dark: look.dark, light })
      } catch {
        // e.g. line_color white on white: WeChat would still draw something; draw it black.
        png = createQrPng(look.text, { size: look.width, ecc: 'M', light })
      }
    }
    images.set(key, png)
    if (images.size > 512) images.delete(images.keys().next().value as string)
    return png
  }

  function checkCredentials(
    grantType: unknown,
    id: unknown,
    secret: unknown,
    expectedGrant = 'client_credential',
  ): number | undefined {
    if (!id) return 41002
    if (id !== appId) return 40013
    if (!secret) return 41004
    if (secret !== appSecret) return 40125
    if (grantType !== expectedGrant) return 40002
    return undefined
  }

  // GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code: the session of a
  // wx.login code, once. The answer carries the session_key, which must never leave the server.
  function exchangeLogin(q: URLSearchParams, t: number): SimReply {
    const credentials = checkCredentials(
      q.get('grant_type'),
      q.get('appid'),
      q.get('secret'),
      'authorization_code',
    )
    if (credentials) return fail(credentials)
    const code = q.get('js_code')
    if (!code) return fail(41008)
    const result = logins.exchange(code, t)
    if ('errcode' in result) return fail(result.errcode)
    return json(result)
  }

  function control(request: SimRequest, url: URL): SimReply {
    const route = `${request.method.toUpperCase()} ${url.pathname}`
    if (route === 'GET /__sim/stats') return json(read())
    if (route === 'POST /__sim/reset') {
      fresh()
      return json({ ok: true })
    }
    if (route === 'POST /__sim/login') {
      let user = 'test-user'
      try {
        const input = JSON.parse(new TextDecoder().decode(request.body ?? new Uint8Array(0)) || '{}') as {
          user?: unknown
        }
        if (input.user !== undefined) user = String(input.user)
      } catch {
        return json({ ok: false, error: 'POST /__sim/login takes JSON such as {"user":"alice"}.' }, 400)
      }
      return json({ code: logins.issue(user, now()), openid: logins.openidOf(user) })
    }
    if (route === 'POST /__sim/clear-faults' || route === 'DELETE /__sim/fault') {
      faults.clear()
      return json({ ok: true })
    }
    if (route === 'POST /__sim/fault' || route === 'POST /__sim/advance') {
      let input: unknown
      try {
        input = JSON.parse(new TextDecoder().decode(request.body ?? new Uint8Array(0)))
        if (route === 'POST /__sim/advance') advance((input as { ms: number }).ms)
        else for (const fault of Array.isArray(input) ? input : [input]) inject(fault as SimFault)
      } catch (error) {
        return json({ ok: false, error: error instanceof Error ? error.message : String(error) }, 400)
      }
      return json({ ok: true, pendingFaults: faults.size })
    }
    return json({ ok: false, error: `unknown control route ${route}` }, 404)
  }

  function read(): SimStats {
    return { ...stats, errcodes: { ...stats.errcodes }, pendingFaults: faults.size }
  }

  function advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new TypeError('advance takes a number of ms ≥ 0.')
    offset += ms
  }

  return {
    appId,
    appSecret,
    handle,
    stats: read,
    reset: fresh,
    inject,
    clearFaults: () => faults.clear(),
    setClock(next) {
      clock = next
    },
    advance,
    login: (user = 'test-user') => logins.issue(user, now()),
    openidOf: (user) => logins.openidOf(user),
    sessionKeys: () => [...logins.sessionKeys],
    dispose() {
      for (const sleeper of [...sleepers]) sleeper.done()
    },
  }
}
