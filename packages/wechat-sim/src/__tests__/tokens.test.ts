import { SIM_APP_ID, SIM_APP_SECRET, startWeChatSim, type RunningWeChatSim } from '../index'
import { errcodeOf, getStable, getToken, postCode } from './helpers'

let sim: RunningWeChatSim
let clock = Date.UTC(2026, 0, 5, 3, 0, 0)
beforeAll(async () => {
  sim = await startWeChatSim({ now: () => clock })
})
afterAll(() => sim.close())
beforeEach(() => {
  sim.reset()
  clock = Date.UTC(2026, 0, 5, 3, 0, 0)
})

const MIN = 60_000
/** The errcode a code call with `token` gets (0 for an image). */
async function use(token: string | null): Promise<number> {
  const r = await postCode(sim, '/wxa/getwxacodeunlimit', token, { scene: 'a=1' })
  return r.type === 'image/jpeg' ? 0 : errcodeOf(r.bytes)
}

describe('GET /cgi-bin/token', () => {
  test('answers a token with expires_in 7200 as JSON', async () => {
    const res = await fetch(
      `${sim.url}/cgi-bin/token?grant_type=client_credential&appid=${SIM_APP_ID}&secret=${SIM_APP_SECRET}`,
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await res.json()) as { access_token: string; expires_in: number }
    expect(body.expires_in).toBe(7200)
    expect(body.access_token).toMatch(/^\d+_[A-Za-z0-9_-]{100,}$/)
    expect(await use(body.access_token)).toBe(0)
  })

  test.each([
    [40013, 'a wrong appid', 'wx0000000000000000', SIM_APP_SECRET],
    [41002, 'a missing appid', '', SIM_APP_SECRET],
    [40125, 'a wrong secret', SIM_APP_ID, '0'.repeat(32)],
    [41004, 'a missing secret', SIM_APP_ID, ''],
  ])('errcode %i for %s, as HTTP 200 JSON, and no token issued', async (errcode, _name, appid, secret) => {
    const body = await getToken(sim, appid, secret)
    expect(body.errcode).toBe(errcode)
    expect(body.errmsg).toEqual(expect.any(String))
    expect(body.access_token).toBeUndefined()
    expect(sim.stats()).toEqual(expect.objectContaining({ token: 1, tokensIssued: 0, failures: 1 }))
  })

  test('a wrong grant_type answers 40002', async () => {
    const res = await fetch(
      `${sim.url}/cgi-bin/token?grant_type=password&appid=${SIM_APP_ID}&secret=${SIM_APP_SECRET}`,
    )
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40002)
  })

  test('a refetch issues a new token; the previous one works only for the 5 min overlap', async () => {
    const first = (await getToken(sim)).access_token as string
    clock += 10 * MIN
    const second = (await getToken(sim)).access_token as string
    expect(second).not.toBe(first)
    clock += 5 * MIN - 1000
    expect(await use(first)).toBe(0)
    clock += 1000
    expect(await use(first)).toBe(40001)
    expect(await use(second)).toBe(0)
    expect(sim.stats().tokenErrors).toBe(1)
  })

  test('a token expires after expires_in with 42001', async () => {
    const token = (await getToken(sim)).access_token as string
    clock += 7200_000 - 1
    expect(await use(token)).toBe(0)
    clock += 1
    expect(await use(token)).toBe(42001)
  })

  test('advance() moves the same clock', async () => {
    const token = (await getToken(sim)).access_token as string
    sim.advance(7200_000)
    expect(await use(token)).toBe(42001)
  })

  test('missing, malformed and unknown tokens answer 41001, 40014, 40001', async () => {
    expect(await use(null)).toBe(41001)
    expect(await use('')).toBe(41001)
    expect(await use('not a token')).toBe(40014)
    expect(await use(`99_${'A'.repeat(128)}`)).toBe(40001)
    expect(sim.stats().tokenErrors).toBe(4)
  })

  test('a configurable ttl and overlap', async () => {
    const short = await startWeChatSim({ tokenTtlSeconds: 60, tokenOverlapSeconds: 10, now: () => clock })
    try {
      const body = await getToken(short)
      expect(body.expires_in).toBe(60)
      await getToken(short)
      clock += 10_000
      const r = await postCode(short, '/wxa/getwxacodeunlimit', body.access_token as string, { scene: 'x' })
      expect(errcodeOf(r.bytes)).toBe(40001)
    } finally {
      await short.close()
    }
  })
})

describe('POST /cgi-bin/stable_token', () => {
  test('normal mode gives every caller the same token with the time left', async () => {
    const a = await getStable(sim)
    clock += 30 * MIN
    const b = await getStable(sim, { force_refresh: false })
    expect(b.access_token).toBe(a.access_token)
    expect(a.expires_in).toBe(7200)
    expect(b.expires_in).toBe(7200 - 30 * 60)
    expect(sim.stats()).toEqual(expect.objectContaining({ stable_token: 2, tokensIssued: 1 }))
    expect(await use(a.access_token as string)).toBe(0)
  })

  test('within 5 min of expiry normal mode issues a new token; the old one works until its own expiry', async () => {
    const a = (await getStable(sim)).access_token as string
    clock += 7200_000 - 5 * MIN - 1
    expect((await getStable(sim)).access_token).toBe(a)
    clock += 1
    const b = (await getStable(sim)).access_token as string
    expect(b).not.toBe(a)
    expect(await use(a)).toBe(0)
    clock += 5 * MIN
    expect(await use(a)).toBe(42001)
    expect(await use(b)).toBe(0)
  })

  test('it is isolated from /cgi-bin/token: a token refetch leaves the stable token alone', async () => {
    const stable = (await getStable(sim)).access_token as string
    const plain = (await getToken(sim)).access_token as string
    expect(plain).not.toBe(stable)
    await getToken(sim)
    clock += 6 * MIN
    expect(await use(stable)).toBe(0)
    expect(await use(plain)).toBe(40001)
  })

  test('force_refresh issues a new token and ends the previous one at once', async () => {
    const a = (await getStable(sim)).access_token as string
    const b = (await getStable(sim, { force_refresh: true })).access_token as string
    expect(b).not.toBe(a)
    expect(await use(a)).toBe(40001)
    expect(await use(b)).toBe(0)
    expect((await getStable(sim)).access_token).toBe(b)
  })

  test('force_refresh needs 30 s between calls (45011) and allows 20 a day (45009), reset the next day (UTC+8)', async () => {
    expect((await getStable(sim, { force_refresh: true })).access_token).toEqual(expect.any(String))
    clock += 29_999
    expect((await getStable(sim, { force_refresh: true })).errcode).toBe(45011)
    clock += 1
    for (let i = 2; i <= 20; i++) {
      expect((await getStable(sim, { force_refresh: true })).access_token).toEqual(expect.any(String))
      clock += 30_000
    }
    expect((await getStable(sim, { force_refresh: true })).errcode).toBe(45009)
    // A refused force_refresh keeps the current token.
    const current = (await getStable(sim)).access_token as string
    expect(await use(current)).toBe(0)
    // 03:00 UTC = 11:00 Beijing; the Beijing day ends at 16:00 UTC.
    clock = Date.UTC(2026, 0, 5, 15, 59, 59)
    expect((await getStable(sim, { force_refresh: true })).errcode).toBe(45009)
    clock = Date.UTC(2026, 0, 5, 16, 0, 0)
    expect((await getStable(sim, { force_refresh: true })).access_token).toEqual(expect.any(String))
  })

  test.each([
    [40013, 'a wrong appid', { appid: 'wx0000000000000000' }],
    [40125, 'a wrong secret', { secret: 'nope' }],
    [41004, 'a missing secret', { secret: undefined }],
    [40002, 'a wrong grant_type', { grant_type: 'x' }],
    [40097, 'a string force_refresh', { force_refresh: 'true' }],
  ])('errcode %i for %s', async (errcode, _name, body) => {
    expect((await getStable(sim, body)).errcode).toBe(errcode)
    expect(sim.stats().tokensIssued).toBe(0)
  })

  test('a body that is not JSON answers 47001; GET answers 43002', async () => {
    const bad = await fetch(`${sim.url}/cgi-bin/stable_token`, { method: 'POST', body: 'appid=x&secret=y' })
    expect(((await bad.json()) as { errcode: number }).errcode).toBe(47001)
    const get = await fetch(`${sim.url}/cgi-bin/stable_token`)
    expect(((await get.json()) as { errcode: number }).errcode).toBe(43002)
  })
})

describe('revokeToken', () => {
  test('revokes every token at once; the next stable_token call issues a new one', async () => {
    const stable = (await getStable(sim)).access_token as string
    const plain = (await getToken(sim)).access_token as string
    sim.inject({ kind: 'revokeToken' })
    expect(await use(stable)).toBe(40001)
    expect(await use(plain)).toBe(40001)
    const next = (await getStable(sim)).access_token as string
    expect(next).not.toBe(stable)
    expect(await use(next)).toBe(0)
  })

  test('revokes only the named token', async () => {
    const a = (await getToken(sim)).access_token as string
    const b = (await getStable(sim)).access_token as string
    sim.inject({ kind: 'revokeToken', token: a })
    expect(await use(a)).toBe(40001)
    expect(await use(b)).toBe(0)
  })
})
