import { useServersOnRedis } from './server-processes'

const setting = useServersOnRedis()

test('four server processes sharing a real redis-server fetch the token once and each code once', async () => {
  const { sim } = setting
  const servers = await setting.startServers(4)
  // Cold start: every process is asked for the same 10 codes at once.
  const asks = servers.flatMap((s) =>
    Array.from({ length: 10 }, (_, i) =>
      fetch(`${s.url}/minicode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene: `mp=${i}` }),
      }),
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
  await setting.stopServers()
}, 60_000)
