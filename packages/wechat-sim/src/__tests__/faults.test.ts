import { startWeChatSim, type RunningWeChatSim } from '../index'
import { decodeQr, errcodeOf, getStable, getToken, postCode } from './helpers'

const UNLIMITED = '/wxa/getwxacodeunlimit'
let sim: RunningWeChatSim
let token: string
beforeAll(async () => {
  sim = await startWeChatSim()
})
afterAll(() => sim.close())
beforeEach(async () => {
  sim.reset()
  token = (await getToken(sim)).access_token as string
})

const code = () => postCode(sim, UNLIMITED, token, { scene: 'f=1' })
const ok = (r: { type: string | null; bytes: Uint8Array }) =>
  r.type === 'image/jpeg' && decodeQr(r.bytes).text === 'pages/index/index?scene=f%3D1'

test('busy answers -1 the given number of times, then the call works', async () => {
  sim.inject({ kind: 'busy' }, { times: 2 })
  expect(errcodeOf((await code()).bytes)).toBe(-1)
  expect(errcodeOf((await code()).bytes)).toBe(-1)
  expect(ok(await code())).toBe(true)
  expect(sim.stats()).toEqual(
    expect.objectContaining({ getwxacodeunlimit: 3, images: 1, failures: 2, pendingFaults: 0 }),
  )
})

test('rate answers 45009; errcode answers any errcode', async () => {
  sim.inject({ kind: 'rate' })
  sim.inject({ kind: 'errcode', errcode: 48001, errmsg: 'api unauthorized' })
  expect(errcodeOf((await code()).bytes)).toBe(45009)
  const r = await code()
  expect(errcodeOf(r.bytes)).toBe(48001)
  expect(JSON.parse(Buffer.from(r.bytes).toString()).errmsg).toMatch(/^api unauthorized rid: /)
})

test('delay holds the answer for ms', async () => {
  sim.inject({ kind: 'delay', ms: 300 })
  const start = Date.now()
  expect(ok(await code())).toBe(true)
  expect(Date.now() - start).toBeGreaterThanOrEqual(290)
  const quick = Date.now()
  await code()
  expect(Date.now() - quick).toBeLessThan(250)
})

test('truncate sends the first half of the image with a matching length; empty sends none', async () => {
  const full = await code()
  sim.inject({ kind: 'truncate' })
  const cut = await code()
  expect(cut.type).toBe('image/jpeg')
  expect(cut.bytes.length).toBe(Math.floor(full.bytes.length / 2))
  expect(Buffer.from(cut.bytes).equals(Buffer.from(full.bytes.subarray(0, cut.bytes.length)))).toBe(true)
  sim.inject({ kind: 'empty' })
  const empty = await code()
  expect(empty.status).toBe(200)
  expect(empty.type).toBe('image/jpeg')
  expect(empty.bytes.length).toBe(0)
  expect(sim.stats()).toEqual(expect.objectContaining({ images: 1, failures: 2 }))
})

test('reset drops the connection', async () => {
  sim.inject({ kind: 'reset' })
  await expect(code()).rejects.toThrow()
  expect(ok(await code())).toBe(true)
})

test('a fault hits only its endpoint: token, stable_token, tokens, any', async () => {
  sim.inject({ kind: 'busy' }, { endpoint: 'token' })
  expect(ok(await code())).toBe(true)
  expect((await getToken(sim)).errcode).toBe(-1)
  sim.inject({ kind: 'busy', endpoint: 'tokens', times: 2 } as never)
  expect((await getStable(sim)).errcode).toBe(-1)
  expect((await getToken(sim)).errcode).toBe(-1)
  sim.inject({ kind: 'rate' }, { endpoint: 'getwxacode' })
  expect(ok(await code())).toBe(true)
  expect(errcodeOf((await postCode(sim, '/wxa/getwxacode', token, { path: 'p' })).bytes)).toBe(45009)
  sim.inject({ kind: 'busy' }, { endpoint: 'any' })
  expect((await getStable(sim)).errcode).toBe(-1)
})

test('faults queue in order and clearFaults drops them', async () => {
  sim.inject({ kind: 'busy' })
  sim.inject({ kind: 'rate' })
  sim.inject({ kind: 'empty' }, { times: Infinity })
  expect(errcodeOf((await code()).bytes)).toBe(-1)
  expect(errcodeOf((await code()).bytes)).toBe(45009)
  for (let i = 0; i < 3; i++) expect((await code()).bytes.length).toBe(0)
  expect(sim.stats().pendingFaults).toBe(1)
  sim.clearFaults()
  expect(ok(await code())).toBe(true)
})

test('a malformed fault throws a TypeError naming the problem', () => {
  expect(() => sim.inject({ kind: 'explode' } as never)).toThrow(/kind must be one of/)
  expect(() => sim.inject({ kind: 'delay' } as never)).toThrow(/ms/)
  expect(() => sim.inject({ kind: 'busy' }, { times: 0 })).toThrow(/times/)
  expect(() => sim.inject({ kind: 'busy' }, { endpoint: 'nope' as never })).toThrow(/endpoint/)
})

test('latencyMs delays every WeChat call', async () => {
  const slow = await startWeChatSim({ latencyMs: 150 })
  try {
    const start = Date.now()
    await getToken(slow)
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
  } finally {
    await slow.close()
  }
})

test('close() ends at once even with a delayed call pending', async () => {
  const other = await startWeChatSim()
  const t = (await getToken(other)).access_token as string
  other.inject({ kind: 'delay', ms: 60_000 })
  const pending = postCode(other, UNLIMITED, t, { scene: 'a' }).catch((error: unknown) => error)
  await new Promise((r) => setTimeout(r, 50))
  const start = Date.now()
  await other.close()
  expect(Date.now() - start).toBeLessThan(1000)
  // fetch's TypeError comes from another realm under jest: check its message.
  expect(String(((await pending) as { message?: string })?.message)).toMatch(
    /fetch failed|terminated|socket/i,
  )
})

describe('control over HTTP', () => {
  test('GET /__sim/stats counts calls per endpoint, not counting itself', async () => {
    await getStable(sim)
    await code()
    await postCode(sim, '/wxa/getwxacode', token, { path: 'p' })
    await postCode(sim, '/cgi-bin/wxaapp/createwxaqrcode', token, { path: 'p' })
    await postCode(sim, '/cgi-bin/wxaapp/createwxaqrcode', 'x', { path: 'p' })
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json()
    expect(stats).toEqual({
      token: 1,
      stable_token: 1,
      getwxacodeunlimit: 1,
      getwxacode: 1,
      createwxaqrcode: 2,
      jscode2session: 0,
      tokenCalls: 2,
      codeCalls: 4,
      images: 3,
      tokensIssued: 2,
      failures: 1,
      tokenErrors: 1,
      generate_urllink: 0,
      generatescheme: 0,
      genwxashortlink: 0,
      linkCalls: 0,
      links: 0,
      permanentShortLinks: 0,
      errcodes: { 40014: 1 },
      numUsed: 2,
      quota: 100000,
      pendingFaults: 0,
    })
  })

  test('POST /__sim/fault queues faults (one or a list); bad ones answer 400', async () => {
    const res = await fetch(`${sim.url}/__sim/fault`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'busy', times: 2 }, { kind: 'revokeToken' }]),
    })
    expect(await res.json()).toEqual({ ok: true, pendingFaults: 1 })
    expect(errcodeOf((await code()).bytes)).toBe(-1)
    expect(errcodeOf((await code()).bytes)).toBe(-1)
    expect(errcodeOf((await code()).bytes)).toBe(40001)
    const bad = await fetch(`${sim.url}/__sim/fault`, { method: 'POST', body: '{"kind":"nope"}' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/kind/)
    await fetch(`${sim.url}/__sim/fault`, { method: 'POST', body: '{"kind":"rate","times":5}' })
    await fetch(`${sim.url}/__sim/clear-faults`, { method: 'POST' })
    expect(sim.stats().pendingFaults).toBe(0)
  })

  test('POST /__sim/advance moves the clock; POST /__sim/reset starts afresh', async () => {
    await fetch(`${sim.url}/__sim/advance`, { method: 'POST', body: '{"ms":7200000}' })
    expect(errcodeOf((await code()).bytes)).toBe(42001)
    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(200)
    expect(sim.stats()).toEqual(
      expect.objectContaining({ token: 0, getwxacodeunlimit: 0, failures: 0, tokensIssued: 0 }),
    )
    expect(errcodeOf((await code()).bytes)).toBe(40001)
  })
})
