// The link budgets of `npm run bench:server`: upstream calls under a cold burst, and warm answers
// against a bare node:http server sending the same bytes.
import { createServer, type Server } from 'node:http'
import { startWeChatSim } from '@minicode/wechat-sim'
import {
  createCodeService,
  createHandler,
  createLinkService,
  createWeChatClient,
  toNodeListener,
} from '../src/index'
import type { LoadResult } from './load'

export interface LinkBenchTools {
  load(
    url: string,
    seconds: number,
    connections: number,
    headers?: Record<string, string>,
    body?: string,
  ): Promise<LoadResult>
  check(ok: boolean, line: string): void
  listen(server: Server): Promise<string>
  stop(server: Server): Promise<void>
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function linkBudgets({ load, check, listen, stop }: LinkBenchTools): Promise<void> {
  const sim = await startWeChatSim({ port: 0 })
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 60_000,
  })
  const links = createLinkService({ client })
  const handler = createHandler({ service: createCodeService({ client }), links, rateLimit: 'off' })
  const server = createServer(toNodeListener(handler))
  server.keepAliveTimeout = 30_000
  const base = await listen(server)

  // Cold: 2,000 asks, 100 at a time, over 100 distinct links.
  const started = performance.now()
  let next = 0
  const statuses: Record<number, number> = {}
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < 2000) {
        const i = next++
        const res = await fetch(`${base}/urllink`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ path: 'pages/item/index', query: `id=${i % 100}` }),
        })
        await res.arrayBuffer()
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    }),
  )
  const ms = performance.now() - started
  const stats = sim.stats()
  check(
    stats.tokenCalls === 1 && stats.linkCalls === 100 && statuses[200] === 2000,
    `links cold: 2000 POST /urllink, concurrency 100, 100 distinct links -> ${stats.tokenCalls} token call, ${stats.linkCalls} link calls upstream, ${statuses[200] ?? 0}x 200 in ${(ms / 1000).toFixed(1)} s (budget: exactly 1 and 100)`,
  )

  // Warm: one link asked again and again, against node:http answering its bytes from memory.
  const body = JSON.stringify({ path: 'pages/item/index', query: 'id=7' })
  const first = await fetch(`${base}/urllink`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  const bytes = Buffer.from(await first.arrayBuffer())
  const headers = {
    'content-type': first.headers.get('content-type')!,
    'content-length': String(bytes.length),
    'cache-control': first.headers.get('cache-control')!,
  }
  const bare = createServer((req, res) => {
    // Read the body as any POST server must, then answer.
    req.on('data', () => undefined)
    req.on('end', () => {
      res.writeHead(200, headers)
      res.end(bytes)
    })
  })
  bare.keepAliveTimeout = 30_000
  const bareUrl = `${await listen(bare)}/urllink`
  const handlerUrl = `${base}/urllink`
  const seconds = Number(process.env.BENCH_SECONDS ?? 4)
  const connections = 32
  await load(bareUrl, 1, connections, {}, body)
  await load(handlerUrl, 1, connections, {}, body)
  const bareRuns: number[] = []
  const handlerRuns: number[] = []
  // CPU time this process (the servers; the load runs in its own) spends per answer: unlike req/s,
  // other work on the machine hardly moves it.
  const bareCpu: number[] = []
  const handlerCpu: number[] = []
  const cpuPerAnswer = async (url: string, into: number[]) => {
    const before = process.cpuUsage()
    const result = await load(url, seconds, connections, {}, body)
    const used = process.cpuUsage(before)
    into.push((used.user + used.system) / result.requests)
    return result
  }
  for (let round = 0; round < 3; round++) {
    const b = await cpuPerAnswer(bareUrl, bareCpu)
    const h = await cpuPerAnswer(handlerUrl, handlerCpu)
    if (b.errors || h.errors || (h.statuses[200] ?? 0) !== h.requests)
      throw new Error(`load errors: ${JSON.stringify({ b, h })}`)
    bareRuns.push(b.perSecond)
    handlerRuns.push(h.perSecond)
    console.log(
      `  links round ${round + 1}: bare ${b.perSecond.toFixed(0)} req/s, handler ${h.perSecond.toFixed(0)} req/s`,
    )
  }
  const ratio = median(handlerRuns) / median(bareRuns)
  console.log(
    `  links CPU per answer: bare ${median(bareCpu).toFixed(1)} us, handler ${median(handlerCpu).toFixed(1)} us = ${(median(bareCpu) / median(handlerCpu)).toFixed(2)}x the bare rate when CPU-bound (medians of 3)`,
  )
  check(
    ratio >= 0.7,
    `links warm: POST /urllink ${median(handlerRuns).toFixed(0)} req/s vs bare node:http ${median(bareRuns).toFixed(0)} req/s = ${ratio.toFixed(2)}x (budget >= 0.7x; ${bytes.length}-byte JSON answer, ${connections} keep-alive connections, medians of 3)`,
  )
  // Without sockets, which machine noise hardly moves: the handler's own time per warm ask (the cost
  // of building each web Request, measured alone, taken off).
  const make = () =>
    new Request(handlerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const micros = async (work: () => Promise<unknown> | unknown) => {
    const rounds: number[] = []
    for (let round = 0; round < 5; round++) {
      const started = performance.now()
      for (let n = 0; n < 10_000; n++) await work()
      rounds.push(((performance.now() - started) * 1000) / 10_000)
    }
    return median(rounds)
  }
  const building = await micros(make)
  const asking = await micros(() => handler(make()))
  console.log(
    `  links in-process: ${(asking - building).toFixed(1)} us per warm POST /urllink in the handler given a web Request, as fetch-style runtimes call it (${asking.toFixed(1)} us with building the Request, ${building.toFixed(1)} us building alone; medians of 5 rounds of 10,000)`,
  )
  await Promise.all([stop(server), stop(bare)])
  await sim.close()
}
