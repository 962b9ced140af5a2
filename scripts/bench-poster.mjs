#!/usr/bin/env node
// `npm run bench:poster`: the poster budgets of issue 5, measured in one headless Chromium run.
//  - plan / execute: planPoster of the demo poster (src/posters/product-poster.ts) with the canvas's own
//    measureText, against executeDrawOps of its ops on a real canvas at the chosen pixel ratio (with a
//    one-pixel getImageData, so the raster work is really done), interleaved; medians. Budget ≤ 0.20.
//    Each plan gets a fresh measure function, as each renderPoster call does: its width cache starts cold.
//  - measureText calls per character of 2,000 CJK characters with punctuation laid out by layoutText
//    (cold cache) at the demo title's width. Budget ≤ 0.1.
//  - min+gzip of `export { Poster, usePoster } from '@minicode/taro'` (scripts/bench-size.mjs).
//  - In Node, before the browser: layoutText's speed against the layoutText of commit 1af1a69 (before
//    issue 12's UAX #14 rewrite, kept in scripts/bench/baseline-layout-text.mjs), on the CJK text above
//    and on mixed poster text, warm width caches, interleaved, medians. Budget: at least 0.8x the old
//    speed. And the min+gzip of layoutText alone, old and new, and of the generated Unicode tables.
//  - In Node too: core's computeLayout against Yoga on a tree of 1,000 boxes (scripts/bench-layout.mjs).
//    Budget: at least 10x Yoga's speed.
// Everything is offline: the poster's pictures are PNG data URLs and its code comes from createQrDataUrl.
// Flags: --no-build (size of the dist as it is), --ratio <device pixel ratio> (default 2, renderPoster's
// default), --samples <n> (default 200). Exits non-zero when a budget is broken.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import chromiumLaunch from './lib/chromium.cjs'
import { benchLayout } from './bench-layout.mjs'

const { chromiumLaunchOptions } = chromiumLaunch

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const BUDGET = { planPerExecute: 0.2, callsPerChar: 0.1, layoutSpeed: 0.8 }
const options = { deviceRatio: arg('--ratio', 2), samples: arg('--samples', 200), warmup: 30, cjkChars: 2000 }

const textRows = await benchLayoutText()
const layoutRows = await benchLayout()

// The page: core's planPoster, executeDrawOps and layoutText from the workspace sources (root tsconfig
// paths), built for production like an app would be.
const page = await build({
  stdin: {
    contents: `
      import { planPoster, executeDrawOps, layoutText, choosePixelRatio, canvasSize, createQrDataUrl } from '@minicode/core'
      import { productPoster } from './src/posters/product-poster'
      window.runBench = (options) => run(options, { planPoster, executeDrawOps, layoutText, choosePixelRatio, canvasSize, createQrDataUrl, productPoster })
      ${run.toString()}
      ${longCjkText.toString()}`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
})

const browser = await chromium.launch(chromiumLaunchOptions)
let result
try {
  const tab = await browser.newPage()
  await tab.setContent('<!doctype html><meta charset="utf-8"><body></body>')
  await tab.addScriptTag({ content: page.outputFiles[0].text })
  result = await tab.evaluate((o) => window.runBench(o), options)
} finally {
  await browser.close()
}

// Size of the Poster entry, by bench-size's own measure (it builds the packages unless --no-build).
const sized = spawnSync(
  process.execPath,
  [
    path.join(root, 'scripts/bench-size.mjs'),
    '--only',
    'Poster + usePoster',
    '--json',
    ...process.argv.filter((a) => a === '--no-build'),
  ],
  { cwd: root, encoding: 'utf8' },
)
let size
try {
  size = JSON.parse(sized.stdout)[0]
} catch {
  size = {
    'min+gzip B': NaN,
    budget: '-',
    check: `FAIL: bench-size gave no figure (${sized.stderr.trim().split('\n').pop()})`,
  }
}

const ms = (v) => `${v.toFixed(3)} ms`
const ratio = result.planCold / result.execute
const calls = result.calls / result.chars
const rows = [
  {
    figure: `plan demo poster (cold width cache, median of ${result.samples})`,
    value: ms(result.planCold),
    budget: '',
    check: '',
  },
  {
    figure: 'plan demo poster (warm width cache, for reference)',
    value: ms(result.planWarm),
    budget: '',
    check: '',
  },
  {
    figure: `execute ${result.ops} draw ops on ${result.canvas} (ratio ${result.pixelRatio}) + readback`,
    value: ms(result.execute),
    budget: '',
    check: '',
  },
  {
    figure: 'plan / execute',
    value: ratio.toFixed(3),
    budget: `≤ ${BUDGET.planPerExecute}`,
    check: ratio <= BUDGET.planPerExecute ? 'ok' : 'FAIL',
  },
  {
    figure: `measureText calls per char (${result.chars} CJK chars, ${result.lines} lines at ${result.width} px)`,
    value: `${calls.toFixed(4)} (${result.calls} calls)`,
    budget: `≤ ${BUDGET.callsPerChar}`,
    check: calls <= BUDGET.callsPerChar ? 'ok' : 'FAIL',
  },
  {
    figure: 'Poster + usePoster, min+gzip B',
    value: String(size['min+gzip B']),
    budget: size.budget,
    check: size.check,
  },
]
console.log(
  `bench:poster — Chromium ${result.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?'}, ${result.planBatch} plans per timed batch`,
)
rows.push(...textRows, ...layoutRows)
console.table(rows)
const failures = rows.filter((r) => String(r.check).startsWith('FAIL')).length
if (failures) {
  console.error(`${failures} poster budget(s) broken`)
  process.exit(1)
}

// ---- Runs in the page (serialised with toString, so no closures over this module) ----

async function run(options, core) {
  const {
    planPoster,
    executeDrawOps,
    layoutText,
    choosePixelRatio,
    canvasSize,
    createQrDataUrl,
    productPoster,
  } = core
  const spec = productPoster({
    codeDataUrl: createQrDataUrl('pages/index/index?scene=id%3D42', { size: 280 }),
  })
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d')
  // A fresh measure per plan, like each renderPoster: planPoster caches widths per measure function.
  const freshMeasure = () => (text, font) => {
    ctx.font = font
    return ctx.measureText(text).width
  }
  // The poster's height is 'auto': the plan's clear op says what it came to.
  const firstOps = planPoster(spec, { measure: freshMeasure() })
  const height = firstOps[0].height
  const pixelRatio = choosePixelRatio({ width: spec.width, height, deviceRatio: options.deviceRatio })
  const size = canvasSize(spec.width, height, pixelRatio)
  canvas.width = size.width
  canvas.height = size.height

  // Preload the images (product, avatar, code) as renderPoster's port would, in op order: every plan
  // has its image ops in the same order (a box holds several, so the element index is no key).
  const loaded = await Promise.all(
    firstOps
      .filter((op) => op.kind === 'image')
      .map(async (op) => {
        const img = new Image()
        img.src = op.source.src
        await img.decode()
        return img
      }),
  )
  const imagesOf = (ops) => new Map(ops.filter((op) => op.kind === 'image').map((op, i) => [op, loaded[i]]))
  const execute = (ops) => {
    executeDrawOps(ctx, ops, { images: imagesOf(ops), scaleX: size.scaleX, scaleY: size.scaleY })
    // Reading a pixel back makes the canvas finish its raster work inside the timed span.
    return ctx.getImageData(size.width >> 1, size.height >> 1, 1, 1).data[0]
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  }

  // Warm up (JIT, font fallback lookups), and size the plan batch above the timer's coarse resolution.
  for (let i = 0; i < options.warmup; i++) execute(planPoster(spec, { measure: freshMeasure() }))
  const t = performance.now()
  for (let i = 0; i < options.warmup; i++) planPoster(spec, { measure: freshMeasure() })
  const perPlan = Math.max((performance.now() - t) / options.warmup, 0.001)
  const batch = Math.max(1, Math.min(50, Math.ceil(5 / perPlan)))

  const cold = []
  const warm = []
  const exec = []
  const warmMeasure = freshMeasure()
  planPoster(spec, { measure: warmMeasure })
  let sink = 0
  for (let i = 0; i < options.samples; i++) {
    // Interleaved: plan (cold), execute, plan (warm), so drift hits all three alike.
    const t0 = performance.now()
    let ops
    for (let k = 0; k < batch; k++) ops = planPoster(spec, { measure: freshMeasure() })
    const t1 = performance.now()
    sink += execute(ops)
    const t2 = performance.now()
    for (let k = 0; k < batch; k++) planPoster(spec, { measure: warmMeasure })
    const t3 = performance.now()
    cold.push((t1 - t0) / batch)
    exec.push(t2 - t1)
    warm.push((t3 - t2) / batch)
  }

  // measureText calls per character of long CJK text through layoutText's cached measure.
  const text = longCjkText(options.cjkChars)
  const font = '16px "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
  let calls = 0
  const { lines } = layoutText(text, {
    maxWidth: 303,
    measure: (s) => {
      calls++
      ctx.font = font
      return ctx.measureText(s).width
    },
  })

  return {
    samples: options.samples,
    planBatch: batch,
    planCold: median(cold),
    planWarm: median(warm),
    execute: median(exec),
    ops: firstOps.length,
    pixelRatio,
    canvas: `${size.width}×${size.height}`,
    calls,
    chars: Array.from(text).length,
    lines: lines.length,
    width: 303,
    sink,
    userAgent: navigator.userAgent,
  }
}

/** Deterministic long CJK text: common ideographs with Chinese punctuation and a few numbers. */
function longCjkText(n) {
  const hanzi =
    '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'
  const punctuation = [
    '，',
    '，',
    '。',
    '、',
    '！',
    '？',
    '；',
    '：',
    '「',
    '」',
    '（',
    '）',
    '《',
    '》',
    '…',
  ]
  let seed = 42
  const next = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % k
  }
  let out = ''
  let count = 0
  while (count < n) {
    const r = next(100)
    let piece
    if (r < 8) piece = punctuation[next(punctuation.length)]
    else if (r < 10) piece = String(next(2030))
    else piece = hanzi[next(hanzi.length)]
    for (const ch of piece) {
      if (count < n) {
        out += ch
        count++
      }
    }
  }
  return out
}

// ---- Runs in Node: layoutText against the baseline ----

async function benchLayoutText() {
  const bundle = async (contents, extra = {}) =>
    (
      await build({
        stdin: { contents, resolveDir: root, loader: 'ts' },
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        write: false,
        define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
        logLevel: 'warning',
        ...extra,
      })
    ).outputFiles[0].text
  const load = async (contents) =>
    import(`data:text/javascript,${encodeURIComponent(await bundle(contents))}`)
  const current = await load(`export { layoutText } from './packages/core/src/text'`)
  const baseline = await load(`export { layoutText } from './scripts/bench/baseline-layout-text.mjs'`)
  const gzipped = async (contents) => gzipSync(await bundle(contents, { minify: true }), { level: 9 }).length

  // A deterministic font: each implementation gets its own measure function, measured once before
  // timing, so the timings are of the layout (the widths come from each one's cache).
  const font = () => (s) => {
    let w = 0
    for (const ch of s) {
      const cp = ch.codePointAt(0)
      if (cp < 0x80) w += 7 + (cp % 3)
      else if (cp < 0x2e80) w += 9
      else w += 16
    }
    return w
  }
  const mixed =
    '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 仅售$1,299.99（包邮）！详情见 https://example.com/p/42?from=poster ' +
    '👍🏽🇨🇳 “好评如潮”——已售 12,000+ 件，满199元减30元。\n'
  const cases = [
    { name: `${options.cjkChars} CJK chars at 303 px`, text: longCjkText(options.cjkChars), maxWidth: 303 },
    { name: 'mixed poster text ×20 at 303 px', text: mixed.repeat(20), maxWidth: 303 },
    { name: 'mixed poster text ×20 at 150 px, 3 lines', text: mixed.repeat(20), maxWidth: 150, maxLines: 3 },
  ]
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  const rows = []
  for (const c of cases) {
    const layouts = [current, baseline].map(({ layoutText }) => {
      const options = { maxWidth: c.maxWidth, maxLines: c.maxLines, measure: font() }
      return () => layoutText(c.text, options)
    })
    const times = [[], []]
    for (let i = 0; i < 20; i++) layouts.forEach((layout) => layout()) // warm-up, fills the caches
    for (let i = 0; i < 60; i++) {
      // Interleaved, so drift hits both alike.
      layouts.forEach((layout, k) => {
        const t = performance.now()
        for (let j = 0; j < 5; j++) layout()
        times[k].push((performance.now() - t) / 5)
      })
    }
    const [now, then] = times.map(median)
    const speed = then / now
    rows.push({
      figure: `layoutText speed vs 1af1a69: ${c.name} (${now.toFixed(3)} ms vs ${then.toFixed(3)} ms)`,
      value: `${speed.toFixed(2)}x`,
      budget: `≥ ${BUDGET.layoutSpeed}x`,
      check: speed >= BUDGET.layoutSpeed ? 'ok' : 'FAIL',
    })
  }
  const sizes = [
    ['layoutText, min+gzip B (today)', `export { layoutText } from './packages/core/src/text'`],
    [
      'layoutText, min+gzip B (1af1a69)',
      `export { layoutText } from './scripts/bench/baseline-layout-text.mjs'`,
    ],
    ['  of which generated Unicode tables', `export * from './packages/core/src/text/unicode-tables'`],
  ]
  for (const [figure, contents] of sizes) {
    rows.push({ figure, value: String(await gzipped(contents)), budget: '', check: '' })
  }
  return rows
}
