// npm run bench:server — the server budgets, each measured in this one run, loopback only.
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWeChatSim } from '@minicode/wechat-sim'
import { createCodeService, createHandler, createWeChatClient, toNodeListener } from '../src/index'
import { main as cli } from '../src/cli/main'
import { linkBudgets } from './links'
import { runLoad, type LoadResult } from './load'
import { cliPosterBudget, renderBudget, warmPosterBudget } from './poster-bench'

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  )
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/** Load from a separate process, so the generator doesn't share the server's event loop. */
function load(
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string> = {},
  /** A POST body: JSON text, or '@' and a file's path for its bytes (a poster spec is too big for argv). */
  body = '',
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      ['load', url, String(seconds), String(connections), JSON.stringify(headers), body],
      { stdio: 'inherit' },
    )
    child.once('message', (m) => resolve(m as LoadResult))
    child.once('exit', (code) => (code ? reject(new Error(`load generator exited ${code}`)) : undefined))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
let failed = false
const check = (ok: boolean, line: string) => {
  if (!ok) failed = true
  console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`)
}

async function warm() {
  const sim = await startWeChatSim({ port: 0 })
  const client = createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url })
  const service = createCodeService({ client })
  const handlerServer = createServer(toNodeListener(createHandler({ service, rateLimit: 'off' })))
  handlerServer.keepAliveTimeout = 30_000
  // The same, but every ask must carry a WeChat login session token (HMAC-SHA256 checked per request).
  const sessions = {
    exchange: (code: string) => client.exchangeLoginCode(code),
    secret: 'bench session key of 32 characters!',
  }
  const sessionServer = createServer(
    toNodeListener(createHandler({ service, rateLimit: 'off', requireSession: true, sessions })),
  )
  sessionServer.keepAliveTimeout = 30_000
  const path = '/minicode?scene=id%3D42&page=pages/index/index'
  const handlerUrl = (await listen(handlerServer)) + path
  const sessionBase = await listen(sessionServer)
  const login = await fetch(`${sessionBase}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"code":"testcode:bench:1"}',
  })
  const { token } = (await login.json()) as { token: string }
  const sessionHeaders = { 'x-minicode-session': token }
  const sessionUrl = sessionBase + path
  const first = await fetch(handlerUrl)
  const bytes = new Uint8Array(await first.arrayBuffer())
  const headers = {
    'content-type': first.headers.get('content-type')!,
    'content-length': String(bytes.length),
    etag: first.headers.get('etag')!,
    'cache-control': first.headers.get('cache-control')!,
  }
  // The baseline: node:http answering the same bytes and headers from memory.
  const bare = createServer((_req, res) => {
    res.writeHead(200, headers)
    res.end(bytes)
  })
  bare.keepAliveTimeout = 30_000
  const bareUrl = (await listen(bare)) + path
  const seconds = Number(process.env.BENCH_SECONDS ?? 4)
  const connections = 32
  await load(bareUrl, 1, connections)
  await load(handlerUrl, 1, connections)
  await load(sessionUrl, 1, connections, sessionHeaders)
  const bareRuns: number[] = []
  const handlerRuns: number[] = []
  const sessionRuns: number[] = []
  for (let round = 0; round < 3; round++) {
    // Interleaved, so machine noise hits all alike.
    const b = await load(bareUrl, seconds, connections)
    const h = await load(handlerUrl, seconds, connections)
    const s = await load(sessionUrl, seconds, connections, sessionHeaders)
    if (
      b.errors ||
      h.errors ||
      s.errors ||
      (h.statuses[200] ?? 0) !== h.requests ||
      (s.statuses[200] ?? 0) !== s.requests
    ) {
      throw new Error(`load errors: ${JSON.stringify({ b, h, s })}`)
    }
    bareRuns.push(b.perSecond)
    handlerRuns.push(h.perSecond)
    sessionRuns.push(s.perSecond)
    console.log(
      `  round ${round + 1}: bare ${b.perSecond.toFixed(0)} req/s, handler ${h.perSecond.toFixed(0)} req/s, with session ${s.perSecond.toFixed(0)} req/s`,
    )
  }
  const ratio = median(handlerRuns) / median(bareRuns)
  check(
    ratio >= 0.7,
    `warm cache: handler ${median(handlerRuns).toFixed(0)} req/s vs bare node:http ${median(bareRuns).toFixed(0)} req/s = ${ratio.toFixed(2)}x (budget >= 0.7x; ${bytes.length}-byte code, ${connections} keep-alive connections, medians of 3)`,
  )
  const cost = 1 - median(sessionRuns) / median(handlerRuns)
  check(
    cost <= 0.1,
    `session tokens: warm cache with a session required ${median(sessionRuns).toFixed(0)} req/s vs without ${median(handlerRuns).toFixed(0)} req/s: the check costs ${(cost * 100).toFixed(1)}% (budget <= 10%; HMAC-SHA256 on a token's first ask, remembered after; medians of 3)`,
  )
  // The same comparison without sockets, which machine noise hardly moves: the handler's own time per ask.
  const plain = createHandler({ service, rateLimit: 'off' })
  const guarded = createHandler({ service, rateLimit: 'off', requireSession: true, sessions })
  const [without, withSession] = await handlerMicros([
    [plain, new Request(`http://localhost${path}`)],
    [guarded, new Request(`http://localhost${path}`, { headers: sessionHeaders })],
  ])
  console.log(
    `  in-process: ${without!.toFixed(1)} us per warm ask without a session, ${withSession!.toFixed(1)} us with (medians of 7 rounds of 20,000)`,
  )
  await Promise.all([stop(handlerServer), stop(sessionServer), stop(bare)])
  await sim.close()
}

/** Median µs per call of each handler on its own request, rounds interleaved. */
async function handlerMicros(cases: [(request: Request) => Promise<Response>, Request][]): Promise<number[]> {
  const rounds: number[][] = cases.map(() => [])
  for (let round = 0; round < 7; round++) {
    for (const [i, [handler, request]] of cases.entries()) {
      const started = performance.now()
      for (let n = 0; n < 20_000; n++) await handler(request)
      rounds[i]!.push(((performance.now() - started) * 1000) / 20_000)
    }
  }
  return rounds.map(median)
}

async function cold() {
  const sim = await startWeChatSim({ port: 0 })
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 60_000,
  })
  const server = createServer(
    toNodeListener(createHandler({ service: createCodeService({ client }), rateLimit: 'off' })),
  )
  const url = await listen(server)
  const started = performance.now()
  let next = 0
  const statuses: Record<number, number> = {}
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < 2000) {
        const i = next++
        const res = await fetch(`${url}/minicode?scene=cold-${i % 100}`)
        await res.arrayBuffer()
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    }),
  )
  const ms = performance.now() - started
  const stats = sim.stats()
  check(
    stats.tokenCalls === 1 && stats.codeCalls === 100 && statuses[200] === 2000,
    `cold cache: 2000 requests, concurrency 100, 100 distinct codes -> ${stats.tokenCalls} token call, ${stats.codeCalls} code calls upstream, ${statuses[200] ?? 0}x 200 in ${(ms / 1000).toFixed(1)} s (budget: exactly 1 and 100)`,
  )
  await stop(server)
  await sim.close()
}

async function gen() {
  const n = Number(process.env.BENCH_GEN_CODES ?? 10_000)
  const perWindow = Number(process.env.BENCH_GEN_RATE ?? 100)
  // The sim's clock runs 60x: its per-minute window is one real second, so the run shows many windows
  // in ~n/perWindow seconds instead of as many minutes. The sim counts calls in that sliding window.
  const t0 = Date.now()
  const sim = await startWeChatSim({
    port: 0,
    ratePerMinute: perWindow,
    tokenTtlSeconds: 86_400 * 60,
    now: () => t0 + (Date.now() - t0) * 60,
  })
  const dir = await mkdtemp(join(tmpdir(), 'minicode-bench-gen-'))
  const csv = ['scene,page', ...Array.from({ length: n }, (_, i) => `g=${i},pages/product/index`)].join('\n')
  await writeFile(join(dir, 'codes.csv'), csv)
  const started = performance.now()
  const code = await cli(
    [
      'gen',
      '--input',
      join(dir, 'codes.csv'),
      '--out',
      join(dir, 'out'),
      '--concurrency',
      '32',
      '--rate',
      `${perWindow}/s`,
    ],
    {
      env: {
        ...process.env,
        WECHAT_APPID: sim.appId,
        WECHAT_APPSECRET: sim.appSecret,
        WECHAT_API_BASE: sim.url,
      },
      stdout: { write: () => true },
      stderr: { write: () => true, isTTY: false },
    },
  )
  const seconds = (performance.now() - started) / 1000
  const stats = sim.stats()
  // Sliding window of perWindow calls per second: the fastest schedule sends a window's worth, then
  // waits for the window to slide; the last batch needs no wait after it.
  const allowed = Math.floor((n - 1) / perWindow)
  const ratio = seconds / allowed
  check(
    code === 0 && stats.images === n && ratio <= 1.1,
    `minicode gen: ${n} codes in ${seconds.toFixed(1)} s vs ${allowed} s the sim's limit (${perWindow}/window) allows = ${ratio.toFixed(3)}x (budget <= 1.1x); exit ${code}, ${stats.images} images, ${stats.errcodes['45009'] ?? 0}x 45009`,
  )
  await sim.close()
  await rm(dir, { recursive: true, force: true })
}

async function run() {
  if (process.argv[2] === 'load') {
    const [, , , url, seconds, connections, headers, body] = process.argv
    const result = await runLoad(url!, {
      seconds: Number(seconds),
      connections: Number(connections),
      headers: JSON.parse(headers ?? '{}'),
      body: body?.startsWith('@') ? new Uint8Array(readFileSync(body.slice(1))) : body || undefined,
    })
    process.send!(result, () => process.exit(0))
    return
  }
  const only = process.env.BENCH_ONLY
  if (!only || only === 'warm') await warm()
  if (!only || only === 'cold') await cold()
  if (!only || only === 'gen') await gen()
  if (!only || only === 'links') await linkBudgets({ load, check, listen, stop })
  if (!only || only === 'poster') await renderBudget(check)
  if (!only || only === 'poster') await warmPosterBudget(check, load)
  if (!only || only === 'poster-cli') await cliPosterBudget(check)
  process.exitCode = failed ? 1 : 0
}

run().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
