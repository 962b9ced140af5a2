import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { bundle } from './bundle'
import { useServersOnRedis } from './server-processes'

// 850 of 1,000 used at start; 100 kept in reserve: exactly 50 new codes may be made.
const setting = useServersOnRedis({ quota: 1000, numUsed: 850 })

/** Resolves once `read()` has not changed for half a second (at most 20 s). */
async function settled(read: () => number): Promise<void> {
  const end = Date.now() + 20_000
  let last = read()
  let since = Date.now()
  while (Date.now() - since < 500 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const now = read()
    if (now !== last) {
      last = now
      since = Date.now()
    }
  }
}

test('four server processes sharing a real redis-server never go below the reserve under 200 concurrent asks', async () => {
  const { sim } = setting
  const env = setting.serverEnv({
    MINICODE_KINDS: 'unlimited,limited,qrcode',
    MINICODE_QUOTA_TOTAL: '1000',
    MINICODE_QUOTA_RESERVE: '100',
    MINICODE_QUOTA_DAILY: 'off',
  })
  const servers = await setting.startServers(4, env)
  // One code first, so the ledger knows Num-Used and the 200 below race for the last 49 all at once.
  const first = await fetch(`${servers[0]!.url}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'limited', path: 'pages/item/index?n=first' }),
  })
  expect(first.status).toBe(200)
  const asks = Array.from({ length: 200 }, (_, i) =>
    fetch(`${servers[i % 4]!.url}/minicode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The smallest width: the simulator draws each new code, and this machine is shared.
      body: JSON.stringify({
        kind: i % 3 ? 'limited' : 'qrcode',
        path: `pages/item/index?n=${i}`,
        width: 280,
      }),
    }).then(async (res) => ({
      status: res.status,
      body:
        res.status === 200 ? null : ((await res.json()) as { error: { code: string; remaining?: number } }),
    })),
  )
  const answers = await Promise.all(asks)
  const ok = answers.filter((a) => a.status === 200).length
  const refused = answers.filter((a) => a.status === 503 && a.body?.error.code === 'quota_exhausted')
  // Never below the reserve: the simulator is the judge of the codes actually made (once it is idle:
  // a call the server gave up on may still finish there).
  await settled(() => sim.raw.stats().numUsed)
  expect(sim.raw.stats().numUsed).toBeLessThanOrEqual(900)
  // A code call can time out when this machine is loaded; WeChat may have made that code anyway, so
  // the guard keeps its reservation (and the exact count below then differs). Anything else is listed.
  const others = answers.filter((a) => a.status !== 200 && !refused.includes(a)).map((a) => a.body?.error)
  expect(others.filter((e) => e?.code !== 'timeout')).toEqual([])
  if (others.length > 0)
    return console.warn(`${others.length} code calls timed out under load; exact counts skipped`)
  expect({ ok, refused: refused.length }).toEqual({ ok: 49, refused: 151 })
  expect(sim.raw.stats().numUsed).toBe(900)
  expect(new Set(refused.map((a) => a.body!.error.remaining))).toEqual(new Set([100]))

  // minicode quota reads the same ledger.
  const cli = await bundle(join(__dirname, 'fixtures/cli-entry.ts'))
  const child = spawn(process.execPath, [cli, 'quota', '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  await rm(dirname(cli), { recursive: true, force: true })
  expect(code).toBe(0)
  expect(JSON.parse(out)).toEqual({
    quota: 1000,
    reserve: 100,
    dailyCap: null,
    used: 900,
    inflight: 0,
    today: 50,
    remaining: 100,
  })
  for (const s of servers) expect(s.output()).not.toContain(sim.appSecret)
}, 90_000)
