import Redis from 'ioredis'
import {
  createCodeService,
  createHandler,
  createQuotaGuard,
  createWeChatClient,
  memoryStore,
  redisQuotaLedger,
  storeQuotaLedger,
  toNodeListener,
  type QuotaLedger,
  type QuotaRules,
} from '@minicode/server'
import { formatQuota } from '../cli/quota'
import { listen } from './listen'
import { startRedis } from './redis-server'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
let redis: Awaited<ReturnType<typeof startRedis>>
let client: Redis
beforeAll(async () => {
  ;[sim, redis] = await Promise.all([startTestSim({ quota: 100, numUsed: 80 }), startRedis()])
  client = new Redis(redis.url)
})
afterAll(async () => {
  client.disconnect()
  await Promise.all([sim.close(), redis.stop()])
})
beforeEach(async () => {
  sim.reset()
  await client.flushall()
})

const post = (url: string, body: unknown) =>
  fetch(`${url}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function serve(ledger: QuotaLedger, rules: Partial<QuotaRules>) {
  const wechat = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
    retries: 0,
  })
  const quota = createQuotaGuard({ ledger, quota: 100, ...rules })
  const service = createCodeService({ client: wechat, quota })
  const app = await listen(
    toNodeListener(
      createHandler({
        service,
        rateLimit: 'off',
        kinds: ['unlimited', 'limited', 'qrcode'],
        log: () => undefined,
      }),
    ),
  )
  return { app, quota }
}

test('defaults: limited and qrcode are 403 naming the setting, with 0 upstream calls', async () => {
  const wechat = createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url })
  const app = await listen(
    toNodeListener(createHandler({ service: createCodeService({ client: wechat }), log: () => undefined })),
  )
  try {
    for (const body of [
      { kind: 'limited', path: 'pages/a/index?x=1' },
      { kind: 'qrcode', path: 'pages/a/index?x=2' },
    ]) {
      const res = await post(app.url, body)
      expect(res.status).toBe(403)
      const { error } = (await res.json()) as { error: { code: string; field: string; message: string } }
      expect(error).toMatchObject({ code: 'forbidden', field: 'kind' })
      expect(error.message).toContain('MINICODE_KINDS')
    }
    expect(await sim.counts()).toEqual(expect.objectContaining({ token: 0, code: 0 }))
    expect((await post(app.url, { scene: 'ok' })).status).toBe(200)
  } finally {
    await app.close()
  }
})

describe.each([
  ['memory store', () => storeQuotaLedger(memoryStore(), 'wxapp')],
  ['redis (Lua)', () => redisQuotaLedger(client, 'wxapp')],
])('quota guard with a %s ledger', (_name, makeLedger) => {
  test('stops at the reserve, says how many remain, still serves cached codes; unlimited codes are not counted', async () => {
    // The sim has used 80 of 100; keep 10 in reserve: 10 new codes may be made, then 503.
    const { app, quota } = await serve(makeLedger(), { reserve: 10, dailyCap: Infinity })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 13; i++)
        statuses.push(
          (await post(app.url, { kind: i % 2 ? 'qrcode' : 'limited', path: `pages/a/index?i=${i}` })).status,
        )
      expect(statuses).toEqual([...new Array(10).fill(200), 503, 503, 503])
      expect(sim.raw.stats().numUsed).toBe(90)
      const refused = await post(app.url, { kind: 'limited', path: 'pages/a/index?i=99' })
      const { error } = (await refused.json()) as {
        error: { code: string; remaining: number; message: string }
      }
      expect(error).toMatchObject({ code: 'quota_exhausted', remaining: 10 })
      expect(error.message).toMatch(/Only 10 of the app's 100 .*MINICODE_QUOTA_RESERVE/)
      // Cached: still served, no upstream call.
      const calls = (await sim.counts()).code
      expect((await post(app.url, { kind: 'limited', path: 'pages/a/index?i=0' })).status).toBe(200)
      expect((await post(app.url, { scene: 'unlimited-still-works' })).status).toBe(200)
      expect((await sim.counts()).code).toBe(calls + 1)
      expect(await quota.read()).toEqual({ used: 90, inflight: 0, today: 10, remaining: 10 })
    } finally {
      await app.close()
    }
  })

  test('the daily cap refuses new codes; failed calls give their reservation back; 45029 marks the quota used up', async () => {
    const { app, quota } = await serve(makeLedger(), { reserve: 0, dailyCap: 3 })
    try {
      await sim.inject({ errcode: 40159, count: 1 })
      expect((await post(app.url, { kind: 'limited', path: 'pages/a/index?d=0' })).status).toBe(502)
      for (let i = 1; i <= 3; i++)
        expect((await post(app.url, { kind: 'limited', path: `pages/a/index?d=${i}` })).status).toBe(200)
      const capped = await post(app.url, { kind: 'limited', path: 'pages/a/index?d=4' })
      expect(capped.status).toBe(503)
      const { error } = (await capped.json()) as { error: { message: string; remaining: number } }
      expect(error.message).toMatch(/Today's cap of 3 .*MINICODE_QUOTA_DAILY/)
      expect(error.remaining).toBe(17)
      expect(await quota.read()).toEqual({ used: 83, inflight: 0, today: 3, remaining: 17 })
    } finally {
      await app.close()
    }
    const exhausted = await serve(makeLedger(), { reserve: 0, dailyCap: Infinity })
    try {
      await sim.inject({ errcode: 45029, count: 1 })
      expect((await post(exhausted.app.url, { kind: 'limited', path: 'pages/a/index?e=1' })).status).toBe(503)
      const calls = (await sim.counts()).code
      const after = await post(exhausted.app.url, { kind: 'limited', path: 'pages/a/index?e=2' })
      expect(((await after.json()) as { error: { remaining: number } }).error.remaining).toBe(0)
      expect((await sim.counts()).code).toBe(calls)
    } finally {
      await exhausted.app.close()
    }
  })

  test('a call that timed out keeps its reservation: WeChat may have made that code anyway', async () => {
    const { app, quota } = await serve(makeLedger(), { reserve: 0, dailyCap: Infinity })
    try {
      expect((await post(app.url, { kind: 'limited', path: 'pages/a/index?t=0' })).status).toBe(200)
      await sim.inject({ delayMs: 2500, count: 1 })
      expect((await post(app.url, { kind: 'limited', path: 'pages/a/index?t=1' })).status).toBe(504)
      // Counted as in flight (and today) until a later Num-Used tells, or the reservation lapses.
      expect(await quota.read()).toMatchObject({ used: 81, inflight: 1, today: 2, remaining: 18 })
      // The simulator did make it: the next answer's Num-Used includes it.
      await new Promise((resolve) => setTimeout(resolve, 600))
      expect((await post(app.url, { kind: 'limited', path: 'pages/a/index?t=2' })).status).toBe(200)
      expect(await quota.read()).toMatchObject({ used: 83, inflight: 1, today: 3 })
    } finally {
      await app.close()
    }
  })

  test('while Num-Used is unknown, one code at a time finds it out; concurrent asks never pass the reserve', async () => {
    const { app } = await serve(makeLedger(), { reserve: 15, dailyCap: Infinity })
    try {
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          post(app.url, { kind: 'limited', path: `pages/a/index?c=${i}` }),
        ),
      )
      const statuses = responses.map((r) => r.status).sort()
      expect(statuses.filter((s) => s === 200)).toHaveLength(5)
      expect(statuses.filter((s) => s === 503)).toHaveLength(25)
      expect(sim.raw.stats().numUsed).toBe(85)
    } finally {
      await app.close()
    }
  })
})

test('minicode quota prints the figures and whether new codes are refused', () => {
  const rules = { quota: 100_000, reserve: 1000, dailyCap: 1000 }
  const unknown = formatQuota(rules, { used: null, inflight: 0, today: 0, remaining: null }, {})
  expect(unknown).toMatch(/used +unknown/)
  expect(unknown).toMatch(/this process only/)
  const low = formatQuota(
    rules,
    { used: 99_100, inflight: 1, today: 12, remaining: 899 },
    { REDIS_URL: 'redis://x' },
  )
  expect(low).toMatch(/used +99100 \(the last Num-Used/)
  expect(low).toMatch(/remaining +899/)
  expect(low).toMatch(/today +12 new of 1000/)
  expect(low).toMatch(/are refused/)
})
