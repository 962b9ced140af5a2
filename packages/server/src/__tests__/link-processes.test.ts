import { useServersOnRedis } from './server-processes'

const setting = useServersOnRedis()

const asks = [
  ['/urllink', { path: 'pages/item/index', query: 'id=7' }],
  ['/scheme', { path: 'pages/item/index', query: 'id=7' }],
  ['/shortlink', { pageUrl: 'pages/item/index?id=7' }],
] as const

test('four server processes on a real redis-server missing the same links at once make each link once', async () => {
  const { sim } = setting
  const servers = await setting.startServers(4)
  // Slow link calls, so every process is still waiting on WeChat when the others miss the same link.
  sim.raw.inject({ kind: 'delay', ms: 300 }, { times: 100, endpoint: 'link' })
  const requests = servers.flatMap((s) =>
    asks.flatMap(([path, body]) =>
      [1, 2, 3].map(() =>
        fetch(`${s.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    ),
  )
  const responses = await Promise.all(requests)
  expect(responses.map((r) => r.status)).toEqual(new Array(36).fill(200))
  const links = await Promise.all(responses.map(async (r) => ((await r.json()) as { link: string }).link))
  // Every process hands out the same three links: one upstream call each.
  expect(new Set(links).size).toBe(3)
  expect(sim.raw.stats().linkCalls).toBe(3)
  await setting.stopServers()
}, 60_000)
