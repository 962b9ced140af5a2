import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { bundle } from './bundle'
import { startRedis } from './redis-server'
import { startTestSim, type TestSim } from './test-sim'

let sim: TestSim
let redis: Awaited<ReturnType<typeof startRedis>>
const children: ChildProcess[] = []

beforeAll(async () => {
  ;[sim, redis] = await Promise.all([startTestSim(), startRedis()])
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  await sim.close()
  await redis.stop()
})

function startProcess(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c))
  child.stderr!.on('data', (c: Buffer) => (out += c))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start: ${out}`)), 15_000)
    child.stdout!.on('data', () => {
      const m = /READY (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]!, output: () => out })
      }
    })
    child.once('exit', (code) => reject(new Error(`server process exited ${code}: ${out}`)))
  })
}

test('four server processes sharing a real redis-server fetch the token once and each code once', async () => {
  const script = await bundle(join(__dirname, 'fixtures/server-process.ts'))
  const env = {
    WECHAT_APPID: sim.appId,
    WECHAT_APPSECRET: sim.appSecret,
    WECHAT_API_BASE: sim.url,
    REDIS_URL: redis.url,
    MINICODE_RATE_LIMIT: 'off',
  }
  const servers = await Promise.all([1, 2, 3, 4].map(() => startProcess(script, env)))
  // Cold start: every process is asked for the same 10 codes at once.
  const asks = servers.flatMap((s) =>
    Array.from({ length: 10 }, (_, i) =>
      fetch(`${s.url}/minicode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scene: `mp=${i}` }) }),
    ),
  )
  const responses = await Promise.all(asks)
  expect(responses.map((r) => r.status)).toEqual(new Array(40).fill(200))
  const etags = new Set(responses.map((r) => r.headers.get('etag')))
  expect(etags.size).toBe(10)
  const stats = await sim.counts()
  expect(stats.token).toBe(1)
  // Each process coalesces its own misses, and the Redis lock coalesces across processes.
  expect(stats.code).toBe(10)
  // Warm: another round is served from Redis or memory, no upstream call.
  const again = await Promise.all(servers.map((s) => fetch(`${s.url}/minicode?scene=mp%3D3`)))
  expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200])
  expect((await sim.counts()).code).toBe(stats.code)
  // A revoked token: processes refresh through the Redis lock, once in total.
  await sim.revokeToken()
  const after = await Promise.all(servers.map((s, i) => fetch(`${s.url}/minicode?scene=new${i}`)))
  expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200])
  expect((await sim.counts()).token).toBe(2)
  for (const s of servers) expect(s.output()).not.toContain(sim.appSecret)
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.child.once('exit', () => resolve())
          s.child.kill('SIGTERM')
        }),
    ),
  )
}, 60_000)
