// Issue #16's poster budgets: server render vs satori + resvg, warm POST /poster vs bare node:http,
// and `minicode poster` over CSV rows at --concurrency N vs 1.
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import satori from 'satori'
import { createQrDataUrl, type PosterSpec } from '@minicode/core'
import { POSTER_TITLE, productPoster } from '../../../src/posters/product-poster'
import {
  createCodeService,
  createHandler,
  createWeChatClient,
  renderPosterImage,
  toNodeListener,
} from '../src/index'
import { main as cli } from '../src/cli/main'
import type { LoadResult } from './load'

type Check = (ok: boolean, line: string) => void
type Load = (
  url: string,
  seconds: number,
  connections: number,
  headers?: Record<string, string>,
  /** JSON text, or "@" and a file path. */
  body?: string,
) => Promise<LoadResult>

const FAMILY = '"Noto Sans CJK JP", "Noto Color Emoji", sans-serif'

/** The demo poster with its code as a ready image and fonts both renderers can find. */
function demoSpec(): PosterSpec {
  return productPoster({
    codeDataUrl: createQrDataUrl('pages/index/index?scene=id%3D42', { size: 280 }),
    family: FAMILY,
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

type Node = { type: string; props: Record<string, unknown> }
type Fields = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** CSS of a margin or padding: px for one number, or four. */
function px(edges: unknown): string | number {
  if (Array.isArray(edges)) return edges.map((v) => `${v}px`).join(' ')
  if (edges === undefined) return 0
  return `${edges}px`
}
const radius = (r: unknown) => {
  if (r === 'circle') return '50%'
  if (Array.isArray(r)) return r.map((v) => `${v}px`).join(' ')
  return r ?? 0
}
const FLEX_ALIGN: Record<string, string> = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  stretch: 'stretch',
}

/**
 * satori's element tree for the same poster, built by hand from the spec (no JSX): boxes become flex
 * divs (satori lays out with Yoga, as our engine is checked against), text spans become spans, the
 * card's shadow a box-shadow, so both sides draw the same layout.
 */
function satoriNode(el: Fields, direction: string): Node | null {
  const item = {
    display: 'flex',
    margin: px(el.margin),
    flexGrow: el.grow ?? 0,
    flexShrink: el.shrink ?? 0,
    alignSelf: el.alignSelf ? FLEX_ALIGN[el.alignSelf] : undefined,
  }
  switch (el.type) {
    case 'box': {
      const style: Fields = {
        ...item,
        flexDirection: el.direction ?? 'column',
        gap: el.gap ?? 0,
        padding: px(el.padding),
        alignItems: FLEX_ALIGN[el.align ?? 'stretch'],
        justifyContent: el.justify ? el.justify.replace(/^(start|end)$/, 'flex-$1') : 'flex-start',
        width: el.width,
        height: el.height,
        background: el.fill,
        borderRadius: radius(el.radius),
      }
      if (el.shadow)
        style.boxShadow = `${el.shadow.x ?? 0}px ${el.shadow.y ?? 0}px ${el.shadow.blur ?? 0}px ${el.shadow.color}`
      const children = (el.children as Fields[])
        .map((c) => satoriNode(c, style.flexDirection))
        .filter(Boolean)
      return { type: 'div', props: { style, children } }
    }
    case 'image':
      return {
        type: 'img',
        props: {
          src: el.src,
          width: el.width,
          height: el.height ?? el.width / el.aspectRatio,
          style: { ...item, objectFit: el.fit ?? 'cover', borderRadius: radius(el.radius) },
        },
      }
    case 'code':
      return { type: 'img', props: { src: el.dataUrl, width: el.size, height: el.size, style: item } }
    case 'line':
      return {
        type: 'div',
        props: {
          style: {
            ...item,
            background: el.color,
            [direction === 'row' ? 'width' : 'height']: el.width ?? 1,
          },
        },
      }
    case 'text': {
      const font = (s: Fields) => ({
        fontSize: s.size ?? el.size ?? 16,
        color: s.color ?? el.color,
        fontWeight: (s.weight ?? el.weight) === 'bold' ? 700 : 400,
        textDecoration: s.decoration ?? el.decoration,
      })
      const spans = el.spans as Fields[] | undefined
      return {
        type: 'div',
        props: {
          style: {
            ...item,
            ...font({}),
            lineHeight: el.lineHeight ? `${el.lineHeight}px` : 1.4,
            lineClamp: el.maxLines,
            alignItems: 'baseline',
          },
          children: spans
            ? spans.map((span) => ({ type: 'span', props: { style: font(span), children: span.text } }))
            : String(el.text),
        },
      }
    }
    default:
      return null
  }
}

function satoriTree(spec: PosterSpec, height: number): Node {
  const bg = spec.background as { stops: Array<{ offset: number; color: string }> }
  const children = spec.elements.map((el) => {
    const node = satoriNode(el as Fields, 'column')
    if (node)
      (node.props.style as Fields) = {
        ...(node.props.style as Fields),
        position: 'absolute',
        left: el.x,
        top: el.y,
      }
    return node
  })
  return {
    type: 'div',
    props: {
      style: {
        display: 'flex',
        position: 'relative',
        width: spec.width,
        height,
        backgroundImage: `linear-gradient(180deg, ${bg.stops.map((s) => `${s.color} ${s.offset * 100}%`).join(', ')})`,
      },
      children,
    },
  }
}

/** Server render vs satori + resvg, interleaved in one run, medians of `rounds`. */
export async function renderBudget(check: Check): Promise<void> {
  const spec = demoSpec()
  // satori takes TTF/OTF/WOFF only (not the .ttc the server uses): DejaVu Sans, so it draws fewer
  // glyphs than the server (no CJK): a baseline that favours satori.
  const fonts = [
    {
      name: 'DejaVu Sans',
      data: readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'),
      weight: 400 as const,
    },
    {
      name: 'DejaVu Sans',
      data: readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'),
      weight: 700 as const,
    },
  ]
  // The poster's height is 'auto': satori gets the height our layout found.
  const height = (await renderPosterImage(spec, { pixelRatio: 1 })).height
  const tree = satoriTree(spec, height)
  const viaSatori = async () => {
    const svg = await satori(tree as never, { width: spec.width, height, fonts })
    return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().asPng()
  }
  const viaServer = () => renderPosterImage(spec, { pixelRatio: 2 })
  await viaSatori()
  await viaServer()
  const rounds = Number(process.env.BENCH_RENDER_ROUNDS ?? 15)
  const server: number[] = []
  const other: number[] = []
  for (let i = 0; i < rounds; i++) {
    let t = performance.now()
    await viaServer()
    server.push(performance.now() - t)
    t = performance.now()
    await viaSatori()
    other.push(performance.now() - t)
  }
  const ratio = median(other) / median(server)
  check(
    ratio >= 2,
    `poster render: server ${median(server).toFixed(1)} ms vs satori + resvg ${median(other).toFixed(1)} ms = ${ratio.toFixed(2)}x faster (budget >= 2x; demo poster ${spec.width * 2}x${height * 2} PNG, medians of ${rounds})`,
  )
}

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

/** Warm POST /poster (cached render) vs bare node:http answering the same bytes. */
export async function warmPosterBudget(check: Check, load: Load): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'minicode-poster-bench-'))
  const bodyFile = join(dir, 'spec.json')
  const spec = demoSpec()
  await writeFile(bodyFile, JSON.stringify(spec))
  const client = createWeChatClient({ appId: 'wx0', appSecret: 'unused', apiBase: 'http://127.0.0.1:9' })
  const handler = createServer(
    toNodeListener(
      createHandler({
        service: createCodeService({ client }),
        rateLimit: 'off',
        poster: { maxSpecBytes: 4 << 20 },
      }),
    ),
  )
  handler.keepAliveTimeout = 30_000
  const handlerUrl = (await listen(handler)) + '/poster'
  const first = await fetch(handlerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  })
  const bytes = new Uint8Array(await first.arrayBuffer())
  if (first.status !== 200)
    throw new Error(`POST /poster answered ${first.status}: ${new TextDecoder().decode(bytes)}`)
  const headers = {
    'content-type': 'image/png',
    'content-length': String(bytes.length),
    etag: first.headers.get('etag')!,
  }
  // The baseline reads the same request body before answering, as the handler must.
  const bare = createServer((req, res) => {
    req.on('data', () => undefined)
    req.on('end', () => {
      res.writeHead(200, headers)
      res.end(bytes)
    })
  })
  bare.keepAliveTimeout = 30_000
  const bareUrl = (await listen(bare)) + '/poster'
  const seconds = Number(process.env.BENCH_SECONDS ?? 4)
  const connections = 32
  const json = { 'content-type': 'application/json' }
  await load(bareUrl, 1, connections, json, `@${bodyFile}`)
  await load(handlerUrl, 1, connections, json, `@${bodyFile}`)
  const bareRuns: number[] = []
  const handlerRuns: number[] = []
  for (let round = 0; round < 3; round++) {
    const b = await load(bareUrl, seconds, connections, json, `@${bodyFile}`)
    const h = await load(handlerUrl, seconds, connections, json, `@${bodyFile}`)
    if (b.errors || h.errors || (h.statuses[200] ?? 0) !== h.requests)
      throw new Error(`load errors: ${JSON.stringify({ b, h })}`)
    bareRuns.push(b.perSecond)
    handlerRuns.push(h.perSecond)
    console.log(
      `  round ${round + 1}: bare ${b.perSecond.toFixed(0)} req/s, POST /poster ${h.perSecond.toFixed(0)} req/s`,
    )
  }
  const ratio = median(handlerRuns) / median(bareRuns)
  check(
    ratio >= 0.7,
    `warm /poster: ${median(handlerRuns).toFixed(0)} req/s vs bare node:http ${median(bareRuns).toFixed(0)} req/s = ${ratio.toFixed(2)}x (budget >= 0.7x; ${(JSON.stringify(spec).length / 1024).toFixed(0)} KiB spec in, ${(bytes.length / 1024).toFixed(0)} KiB PNG out, ${connections} connections, medians of 3)`,
  )
  await stop(handler)
  await stop(bare)
  await rm(dir, { recursive: true, force: true })
}

/** `minicode poster` over rows in render threads, --concurrency 2 vs 1 (budget >= 1.6x on 2 cores). */
export async function cliPosterBudget(check: Check): Promise<void> {
  const rows = Number(process.env.BENCH_POSTER_ROWS ?? 1000)
  const dir = await mkdtemp(join(tmpdir(), 'minicode-poster-cli-'))
  const spec = demoSpec()
  // The title sits in the card box: each row gets its own title, so its own poster and file.
  const json = JSON.stringify(spec).replace(JSON.stringify(POSTER_TITLE), '"{{title}}"')
  if (!json.includes('{{title}}')) throw new Error('the demo poster has no title text to fill in')
  await writeFile(join(dir, 'spec.json'), json)
  await writeFile(
    join(dir, 'rows.csv'),
    ['title', ...Array.from({ length: rows }, (_, i) => `商品 ${i}`)].join('\n'),
  )
  const quiet = { write: () => true }
  const timed = async (concurrency: number, out: string) => {
    const t = performance.now()
    // CPU of the whole process, render threads included: what a poster costs whatever the machine's load.
    const cpu = process.cpuUsage()
    const code = await cli(
      [
        'poster',
        '--spec',
        join(dir, 'spec.json'),
        '--data',
        join(dir, 'rows.csv'),
        '--out',
        join(dir, out),
        '--concurrency',
        String(concurrency),
      ],
      { env: {}, stdout: quiet, stderr: quiet, posterWorker: process.env.BENCH_POSTER_WORKER },
    )
    if (code !== 0) throw new Error(`minicode poster exited ${code}`)
    const seconds = (performance.now() - t) / 1000
    const used = process.cpuUsage(cpu)
    const cpuSeconds = (used.user + used.system) / 1e6
    const figures = {
      perSecond: rows / seconds,
      cpuMs: (cpuSeconds / rows) * 1000,
      cores: cpuSeconds / seconds,
    }
    console.log(
      `  --concurrency ${concurrency}: ${figures.perSecond.toFixed(1)} posters/s, ${figures.cpuMs.toFixed(1)} ms CPU per poster, ${figures.cores.toFixed(2)} cores busy`,
    )
    return figures
  }
  const one = await timed(1, 'c1')
  const many = await timed(2, 'c2')
  const ratio = many.perSecond / one.perSecond
  check(
    ratio >= 1.6,
    `minicode poster: ${rows} rows at --concurrency 2 ${many.perSecond.toFixed(1)} posters/s vs --concurrency 1 ${one.perSecond.toFixed(1)} posters/s = ${ratio.toFixed(2)}x (budget >= 1.6x on 2 cores; worker threads; load average ${loadavg()[0]!.toFixed(1)})`,
  )
  await rm(dir, { recursive: true, force: true })
}
