import {
  createCodeService,
  createHandler,
  createSessionSigner,
  createWeChatClient,
  toNodeListener,
  type HandlerOptions,
} from '@minicode/server'
import { listen } from './listen'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

const SECRET = 'a session key of at least thirty-two characters'

/** A handler with sessions on the simulator; every log line and response body is kept for the leak check. */
async function serve(options: Partial<HandlerOptions> = {}, clock = { now: Date.now() }) {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
    retries: 0,
  })
  const logs: string[] = []
  const seen: string[] = []
  const handler = createHandler({
    service: createCodeService({ client }),
    rateLimit: 'off',
    log: (line) => logs.push(line),
    sessions: {
      exchange: (code) => client.exchangeLoginCode(code),
      secret: SECRET,
      ttlSeconds: 600,
      now: () => clock.now,
    },
    ...options,
  })
  const app = await listen(toNodeListener(handler))
  const record = async (res: Response) => {
    const text = Buffer.from(await res.clone().arrayBuffer()).toString('latin1')
    seen.push(text, JSON.stringify([...res.headers]))
    return res
  }
  const login = async (code: string) =>
    record(
      await fetch(`${app.url}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      }),
    )
  const ask = async (token?: string, scene = 's1', headers: Record<string, string> = {}) =>
    record(
      await fetch(`${app.url}/minicode?scene=${scene}`, {
        headers: token ? { 'x-minicode-session': token, ...headers } : headers,
      }),
    )
  return { app, logs, seen, login, ask, clock }
}

test('POST /session exchanges a login code for a signed token carrying the openid; codes then need it', async () => {
  const s = await serve({ requireSession: true })
  try {
    const res = await s.login(sim.raw.login('alice'))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { token: string; openid: string; expiresIn: number; expiresAt: number }
    expect(body).toEqual({
      token: expect.stringMatching(/^mcs1\.[\w-]+\.[\w-]{43}$/),
      openid: sim.raw.openidOf('alice'),
      expiresIn: 600,
      expiresAt: expect.any(Number),
    })
    expect(body.expiresAt).toBe(Math.floor(s.clock.now / 1000) + 600)
    // Without a token: 401 saying how to get one; with it: the code.
    const none = await s.ask()
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('POST /session')
    expect((await s.ask(body.token)).status).toBe(200)
    expect(sim.raw.stats().jscode2session).toBe(1)
  } finally {
    await s.app.close()
  }
})

test('tampered, foreign-key and expired tokens are 401 (expiry by an injected clock)', async () => {
  const s = await serve({ requireSession: true })
  try {
    const { token } = (await (await s.login(sim.raw.login('bob'))).json()) as { token: string }
    // Every single-character change anywhere in the token is refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    const statuses = new Set<number>()
    for (let i = 0; i < token.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(token[i]!) + 1 + (i % 7)) % alphabet.length]!
      const tampered = token.slice(0, i) + swapped + token.slice(i + 1)
      statuses.add((await s.ask(tampered)).status)
    }
    expect([...statuses]).toEqual([401])
    // A token for another openid, re-signed with another key.
    const foreign = createSessionSigner('another server key, also thirty-two chars').sign(
      sim.raw.openidOf('bob'),
      s.clock.now,
      600,
    ).token
    const refused = await s.ask(foreign)
    expect(refused.status).toBe(401)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/not valid/)
    expect((await s.ask(token)).status).toBe(200)
    s.clock.now += 599_000
    expect((await s.ask(token)).status).toBe(200)
    s.clock.now += 1_000
    const expired = await s.ask(token)
    expect(expired.status).toBe(401)
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(
      /expired: log in again/,
    )
  } finally {
    await s.app.close()
  }
})

test("a reused or invalid login code is 401 with WeChat's errcode explained", async () => {
  const s = await serve()
  try {
    const code = sim.raw.login('carol')
    expect((await s.login(code)).status).toBe(200)
    const reused = await s.login(code)
    expect(reused.status).toBe(401)
    const reusedBody = (await reused.json()) as { error: { code: string; errcode: number; message: string } }
    expect(reusedBody.error).toMatchObject({ code: 'unauthorized', errcode: 40163 })
    expect(reusedBody.error.message).toMatch(/already used.*Taro\.login again/)
    const invalid = await s.login('0a3Xyz00000000000000000000000000')
    expect(invalid.status).toBe(401)
    const invalidBody = (await invalid.json()) as {
      error: { code: string; errcode: number; message: string }
    }
    expect(invalidBody.error).toMatchObject({ code: 'unauthorized', errcode: 40029 })
    expect(invalidBody.error.message).toMatch(/not valid/)
    // Malformed bodies never reach WeChat.
    const before = sim.raw.stats().jscode2session
    for (const bad of [{}, { code: '' }, { code: 42 }, { code: 'x'.repeat(200) }, { code: 'has space' }]) {
      const res = await fetch(`${s.app.url}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bad),
      })
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 })
    }
    expect(sim.raw.stats().jscode2session).toBe(before)
    expect((await fetch(`${s.app.url}/session`)).status).toBe(405)
  } finally {
    await s.app.close()
  }
})

test('with sessions the rate limit counts per openid, not per IP', async () => {
  const s = await serve({ rateLimit: '2/min', requireSession: true })
  try {
    // /session itself is limited per IP: log in the two users first.
    const alice = ((await (await s.login('testcode:alice:1')).json()) as { token: string }).token
    const bob = ((await (await s.login('testcode:bob:1')).json()) as { token: string }).token
    const statuses = async (token: string) => [
      (await s.ask(token)).status,
      (await s.ask(token)).status,
      (await s.ask(token)).status,
    ]
    // Same IP (loopback) for both: each openid has its own bucket.
    expect(await statuses(alice)).toEqual([200, 200, 429])
    expect(await statuses(bob)).toEqual([200, 200, 429])
    // A new token for the same openid shares its bucket.
    const aliceAgain = (await (await s.login('testcode:alice:2')).json()) as {
      token?: string
      error?: unknown
    }
    expect(aliceAgain.error).toMatchObject({ code: 'rate_limited' })
  } finally {
    await s.app.close()
  }
})

test('API keys still work beside sessions (server-to-server)', async () => {
  const s = await serve({ requireSession: true, apiKeys: ['server-key'] })
  try {
    expect((await s.ask(undefined, 's2', { 'x-api-key': 'server-key' })).status).toBe(200)
    expect((await s.ask(undefined, 's2', { 'x-api-key': 'wrong' })).status).toBe(401)
    const none = await s.ask(undefined, 's2')
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('API key')
  } finally {
    await s.app.close()
  }
})

test('the app secret and the session_key appear in no response and no log line', async () => {
  const s = await serve({ requireSession: true })
  try {
    const token = ((await (await s.login(sim.raw.login('dave'))).json()) as { token: string }).token
    await s.ask(token)
    await s.login(sim.raw.login('erin'))
    await s.login('testcode:erin:1')
    await s.login('testcode:erin:1')
    await s.login('bogus-code')
    // Failures that are logged (5xx): WeChat busy, and an upstream that is gone.
    sim.raw.inject({ kind: 'busy' }, { endpoint: 'jscode2session', times: 5 })
    expect((await s.login(sim.raw.login('frank'))).status).toBe(503)
    sim.raw.clearFaults()
    sim.raw.inject(
      { kind: 'errcode', errcode: 40125, errmsg: `invalid appsecret ${sim.appSecret}` },
      { endpoint: 'jscode2session' },
    )
    expect((await s.login(sim.raw.login('gina'))).status).toBe(502)
    const keys = sim.raw.sessionKeys()
    expect(keys.length).toBe(3)
    expect(s.logs.length).toBeGreaterThan(0)
    for (const text of [...s.seen, ...s.logs]) {
      expect(text).not.toContain(sim.appSecret)
      for (const key of keys) expect(text).not.toContain(key)
    }
  } finally {
    await s.app.close()
  }
})

test('requireSession without sessions is a configuration error', () => {
  expect(() =>
    createHandler({
      service: {
        get: async () => {
          throw new Error('unused')
        },
      },
      requireSession: true,
    }),
  ).toThrow(expect.objectContaining({ code: 'invalid_request', field: 'sessions' }))
})
