import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Redis from 'ioredis'
import { serve, type RunningServer } from '@minicode/server'
import { startRedis, type RunningRedis } from './redis-server'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(90_000)

type Kind = 'knownCode' | 'knownScene' | 'knownData' | 'newCode' | 'newData' | 'newLink'
interface Outcome {
  kind: Kind
  status: number
  ms: number
  startedAt: number
  endedAt: number
  errorCode?: string
  sceneId?: string | null
}

let sim: TestSim
let redis: RunningRedis
let dir: string
let server: RunningServer
const logged: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minicode-redis-'))
  ;[sim, redis] = await Promise.all([startTestSim(), startRedis({ dir })])
  jest.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)))
})
afterAll(async () => {
  await server?.close()
  await redis?.stop()
  await sim?.close()
  await rm(dir, { recursive: true, force: true })
  jest.restoreAllMocks()
})

test('killing redis-server under load: known codes and scenes still served, new codes made, new long scenes refused with 503, nothing waits, and it all comes back', async () => {
  server = await serve({
    port: 0,
    env: {
      WECHAT_APPID: sim.appId,
      WECHAT_APPSECRET: sim.appSecret,
      WECHAT_API_BASE: sim.url,
      REDIS_URL: redis.url,
      MINICODE_RATE_LIMIT: 'off',
    },
  })
  const base = server.url
  const postJson = (route: string, body: unknown) =>
    fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
  const postData = (data: unknown) => postJson('/minicode', { data })

  // Warm: five codes and three long scenes known to this process (and stored in Redis).
  const known = [0, 1, 2].map((i) => ({ campaign: 'spring', shop: i, note: 'x'.repeat(40) }))
  for (let i = 0; i < 5; i++) expect((await fetch(`${base}/minicode?scene=k%3D${i}`)).status).toBe(200)
  const knownIds: string[] = []
  for (const data of known) {
    const res = await postData(data)
    expect(res.status).toBe(200)
    knownIds.push(res.headers.get('x-minicode-scene')!)
  }
  expect((await sim.counts()).token).toBe(1)

  let fresh = 0
  const ask = async (kind: Kind, i: number): Promise<Outcome> => {
    const startedAt = Date.now()
    let res: Response
    if (kind === 'knownCode') res = await fetch(`${base}/minicode?scene=k%3D${i % 5}`)
    else if (kind === 'knownScene') res = await fetch(`${base}/scene/${knownIds[i % 3]}`)
    else if (kind === 'knownData') res = await postData(known[i % 3])
    else if (kind === 'newCode') res = await fetch(`${base}/minicode?scene=n${fresh++}`)
    else if (kind === 'newLink')
      res = await postJson('/urllink', { path: 'pages/index/index', query: `n=${fresh++}` })
    else res = await postData({ order: fresh++ })
    const body = new Uint8Array(await res.arrayBuffer())
    const endedAt = Date.now()
    const outcome: Outcome = { kind, status: res.status, ms: endedAt - startedAt, startedAt, endedAt }
    if (res.headers.get('content-type')?.startsWith('application/json') && res.status !== 200) {
      outcome.errorCode = JSON.parse(Buffer.from(body).toString()).error.code
    }
    outcome.sceneId = res.headers.get('x-minicode-scene')
    return outcome
  }

  // Load: eight clients asking in turn for known codes, known scenes, known and new data, new codes
  // and links (made at WeChat while the link cache is away).
  const kinds: Kind[] = [
    'knownCode',
    'knownScene',
    'knownData',
    'knownCode',
    'newData',
    'knownScene',
    'newCode',
    'newLink',
  ]
  const outcomes: Outcome[] = []
  let loading = true
  const clients = Array.from({ length: 8 }, async (_, c) => {
    for (let i = c; loading; i++) outcomes.push(await ask(kinds[i % kinds.length]!, i))
  })
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  // Long phases: on a loaded machine a new code takes over a second.
  await pause(2500)
  const killedAt = Date.now()
  await redis.kill()
  const downFrom = Date.now()
  await pause(3000)
  const downUntil = Date.now()
  redis = await startRedis({ port: redis.port, dir })
  // Back by itself: the first new long scene accepted again.
  let backAt = 0
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const res = await postData({ probe: Date.now() })
    if (res.status === 200) {
      backAt = Date.now()
      break
    }
    await pause(100)
  }
  expect(backAt).toBeGreaterThan(0)
  await pause(2500)
  loading = false
  await Promise.all(clients)

  const during = outcomes.filter((o) => o.startedAt >= downFrom && o.endedAt <= downUntil)
  const before = outcomes.filter((o) => o.endedAt < killedAt)
  const after = outcomes.filter((o) => o.startedAt > backAt)
  const kindsIn = (phase: Outcome[]) => [...new Set(phase.map((o) => o.kind))].sort()
  const all = [...new Set(kinds)].sort()
  expect({ before: kindsIn(before), during: kindsIn(during), after: kindsIn(after) }).toEqual({
    before: all,
    during: all,
    after: all,
  })
  // Before and after: everything answered.
  expect(before.filter((o) => o.status !== 200)).toEqual([])
  expect(after.filter((o) => o.status !== 200)).toEqual([])
  // While Redis is away: what is known is served, new codes are made, new long scenes are refused.
  expect(during.filter((o) => o.kind !== 'newData' && o.status !== 200)).toEqual([])
  const refused = during.filter((o) => o.kind === 'newData')
  expect(refused.map((o) => [o.status, o.errorCode])).toEqual(refused.map(() => [503, 'store_unavailable']))
  // Whatever straddled the kill or the restart: served, or that same clear refusal.
  for (const o of outcomes) {
    if (o.status !== 200)
      expect([o.kind, o.status, o.errorCode]).toEqual(['newData', 503, 'store_unavailable'])
  }
  // Nobody waited on the dead Redis: commands fail at once while it is away (a queued command would
  // wait for the reconnect, a new code's three commands 2 s each for their timeouts).
  const slowest = Math.max(...outcomes.map((o) => o.ms))
  const slowestDuring = Math.max(...during.map((o) => o.ms))
  expect(slowestDuring).toBeLessThan(2000)
  expect(slowest).toBeLessThan(5000)
  // One token for the whole run: the outage caused no refresh at all, let alone a storm.
  expect((await sim.counts()).token).toBe(1)

  // Every long scene answered 200 is in Redis after the restart (append-only file, fsync always).
  const check = new Redis(redis.url)
  try {
    const accepted = new Set(outcomes.filter((o) => o.sceneId && o.status === 200).map((o) => o.sceneId!))
    expect(accepted.size).toBeGreaterThan(3)
    for (const id of accepted) expect(await check.exists(`minicode:scene:${id}`)).toBe(1)
  } finally {
    check.disconnect()
  }
  // One line when Redis went away, one when it came back, not one per failed reconnect.
  expect(logged.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1)
  expect(logged.filter((l) => l.includes('Redis is back'))).toHaveLength(1)
  // The failures of each request while it was away: a line now and then, not one per request.
  expect(logged.filter((l) => l.includes('code cache failed')).length).toBeLessThanOrEqual(2)
  const linkFailures = logged.filter((l) => l.includes('link cache failed'))
  expect(linkFailures.length).toBeGreaterThanOrEqual(1)
  expect(linkFailures.length).toBeLessThanOrEqual(2)
  console.log(
    `redis outage: ${outcomes.length} asks, ${during.length} while down (${refused.length} new long scenes refused), slowest ${slowest} ms (${slowestDuring} ms while down)`,
  )
})
