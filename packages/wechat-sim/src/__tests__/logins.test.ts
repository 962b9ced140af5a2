import { SIM_APP_ID, SIM_APP_SECRET, startWeChatSim, type RunningWeChatSim } from '../index'
import { parseArgs } from '../cli'
import { postCode, getStable } from './helpers'

let sim: RunningWeChatSim
beforeAll(async () => {
  sim = await startWeChatSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

async function exchange(code: string | null, params: Record<string, string> = {}) {
  const query = new URLSearchParams({
    appid: SIM_APP_ID,
    secret: SIM_APP_SECRET,
    grant_type: 'authorization_code',
    ...params,
  })
  if (code !== null) query.set('js_code', code)
  const res = await fetch(`${sim.url}/sns/jscode2session?${query}`)
  return (await res.json()) as { openid?: string; session_key?: string; errcode?: number; errmsg?: string }
}

describe('/sns/jscode2session', () => {
  test('a login code gives the user its stable openid and a session_key, once; a reused code is 40163', async () => {
    const first = await exchange(sim.login('alice'))
    expect(first).toEqual({
      openid: sim.openidOf('alice'),
      session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/),
    })
    expect(first.openid).toMatch(/^o[\w-]{27}$/)
    const code = sim.login('alice')
    const second = await exchange(code)
    // Same user, same openid; a new session_key each login.
    expect(second.openid).toBe(first.openid)
    expect(second.session_key).not.toBe(first.session_key)
    expect(await exchange(code)).toEqual({
      errcode: 40163,
      errmsg: expect.stringMatching(/^code been used rid: /),
    })
    expect((await exchange(sim.login('bob'))).openid).not.toBe(first.openid)
    expect(sim.sessionKeys()).toHaveLength(3)
    expect(sim.stats().jscode2session).toBe(4)
    // Login exchanges are neither token nor code calls.
    expect(sim.stats()).toEqual(expect.objectContaining({ tokenCalls: 0, codeCalls: 0 }))
  })

  test("test codes 'testcode:<user>:<nonce>' need no issuing and also work once", async () => {
    const a = await exchange('testcode:carol:1')
    expect(a.openid).toBe(sim.openidOf('carol'))
    expect((await exchange('testcode:carol:2')).openid).toBe(a.openid)
    expect((await exchange('testcode:carol:1')).errcode).toBe(40163)
  })

  test('unknown, malformed and expired codes are 40029 invalid code; a missing one 41008', async () => {
    expect(await exchange('0a3Xyz00000000000000000000000000')).toEqual({
      errcode: 40029,
      errmsg: expect.stringMatching(/^invalid code rid: /),
    })
    expect((await exchange('testcode:bad user:1')).errcode).toBe(40029)
    const late = sim.login('dave')
    sim.advance(5 * 60_000)
    expect((await exchange(late)).errcode).toBe(40029)
    expect((await exchange(null)).errcode).toBe(41008)
    expect(sim.sessionKeys()).toHaveLength(0)
  })

  test('wrong credentials or grant_type are refused like the token endpoint', async () => {
    expect((await exchange(sim.login(), { secret: 'nope' })).errcode).toBe(40125)
    expect((await exchange(sim.login(), { appid: 'wxother' })).errcode).toBe(40013)
    expect((await exchange(sim.login(), { grant_type: 'client_credential' })).errcode).toBe(40002)
  })

  test('POST /__sim/login issues a code over HTTP', async () => {
    const res = (await (
      await fetch(`${sim.url}/__sim/login`, { method: 'POST', body: '{"user":"erin"}' })
    ).json()) as { code: string; openid: string }
    expect(res.openid).toBe(sim.openidOf('erin'))
    expect((await exchange(res.code)).openid).toBe(res.openid)
  })

  test("code faults don't hit logins; 'any' faults do", async () => {
    sim.inject({ kind: 'busy' })
    expect((await exchange(sim.login())).openid).toBeDefined()
    sim.clearFaults()
    sim.inject({ kind: 'busy' }, { endpoint: 'any' })
    expect((await exchange(sim.login())).errcode).toBe(-1)
  })
})

describe('quota set at start', () => {
  test('numUsed starts where asked: the next Num-Used follows it, and 45029 comes at the quota', async () => {
    const small = await startWeChatSim({ quota: 10, numUsed: 8 })
    try {
      const { access_token: token } = (await getStable(small)) as { access_token: string }
      expect(small.stats().numUsed).toBe(8)
      expect((await postCode(small, '/wxa/getwxacode', token, { path: 'pages/a' })).numUsed).toBe('9')
      expect((await postCode(small, '/wxa/getwxacode', token, { path: 'pages/b' })).numUsed).toBe('10')
      const over = await postCode(small, '/wxa/getwxacode', token, { path: 'pages/c' })
      expect(JSON.parse(Buffer.from(over.bytes).toString()).errcode).toBe(45029)
      small.reset()
      expect(small.stats().numUsed).toBe(8)
    } finally {
      await small.close()
    }
  })

  test('--quota and --num-used flags', () => {
    expect(parseArgs(['--quota', '100', '--num-used', '95'])).toEqual({ port: 0, quota: 100, numUsed: 95 })
    expect(() => parseArgs(['--num-used', '-1'])).toThrow(/--num-used must be a whole number/)
  })
})
