#!/usr/bin/env node
// The layout engine's speed budget of issue 13: laying out a tree of 1,000 boxes with core's
// computeLayout at least 10x faster than Yoga's npm build (yoga-layout, WebAssembly) in Node, both in
// one run, interleaved, medians. Both sides start from the same plain tree description and end with
// every box read back: ours builds its items, lays out and walks the LayoutBox tree; Yoga creates
// and styles its nodes, calculates, reads every computed box and frees the nodes. The two layouts
// are checked equal (0.01 px) before timing.
// Run alone (`node scripts/bench-layout.mjs`) or from bench-poster.mjs, which prints its rows.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import {
  loadYoga,
  Align,
  Direction,
  Edge,
  FlexDirection,
  Gutter,
  Justify,
  PositionType,
} from 'yoga-layout/load'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BUDGET = { speedup: 10 }
const BOXES = 1000

/** Rows for bench-poster's table: the two timings and the speed-up against its budget. */
export async function benchLayout({ samples = 200 } = {}) {
  const { computeLayout } = await loadEngine()
  const Yoga = await loadYoga()
  const config = Yoga.Config.create()
  config.setPointScaleFactor(0)
  const tree = posterLikeTree()

  const ours = () => sumBoxes(computeLayout(tree))
  const yoga = () => {
    const node = buildYoga(Yoga, config, tree)
    node.calculateLayout(undefined, undefined, Direction.LTR)
    const sum = sumYoga(node)
    node.freeRecursive()
    return sum
  }
  const [a, b] = [ours(), yoga()]
  if (Math.abs(a.sum - b.sum) > 0.01 * a.count || a.count !== BOXES || b.count !== BOXES) {
    throw new Error(`bench-layout: the layouts differ (ours ${JSON.stringify(a)}, Yoga ${JSON.stringify(b)})`)
  }

  const times = [[], []]
  const runs = [ours, yoga]
  for (let i = 0; i < 50; i++) runs.forEach((run) => run()) // warm-up: JIT, WebAssembly tiers
  for (let i = 0; i < samples; i++) {
    // Interleaved, so drift hits both alike.
    runs.forEach((run, k) => {
      const t = performance.now()
      run()
      times[k].push(performance.now() - t)
    })
  }
  const [usMs, yogaMs] = times.map(median)
  const speedup = yogaMs / usMs
  return [
    {
      figure: `computeLayout, ${BOXES} boxes, build + layout + read (median of ${samples})`,
      value: `${usMs.toFixed(3)} ms`,
      budget: '',
      check: '',
    },
    {
      figure: `Yoga ${yogaVersion()} (npm, wasm), the same tree`,
      value: `${yogaMs.toFixed(3)} ms`,
      budget: '',
      check: '',
    },
    {
      figure: 'Yoga / computeLayout',
      value: `${speedup.toFixed(1)}x`,
      budget: `≥ ${BUDGET.speedup}x`,
      check: speedup >= BUDGET.speedup ? 'ok' : 'FAIL',
    },
  ]
}

// core's layout engine from the workspace sources, built for production as an app would.
async function loadEngine() {
  const out = await build({
    stdin: {
      contents: `export { computeLayout } from './packages/core/src/layout'`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
    logLevel: 'warning',
  })
  return import(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`)
}

// 1,000 boxes shaped like a long poster: a padded column of 9 sections (rows), each of 10 cards
// (columns with padding, gap, alignment; some growing), each of 10 leaves (fixed sizes, margins,
// one absolute badge). 1 + 9 + 90 + 900 = 1,000.
function posterLikeTree() {
  const justifies = ['start', 'center', 'space-between', 'space-around', 'space-evenly', 'end']
  const aligns = ['stretch', 'center', 'start', 'end']
  const sections = []
  for (let s = 0; s < 9; s++) {
    const cards = []
    for (let c = 0; c < 10; c++) {
      const leaves = []
      for (let l = 0; l < 10; l++) {
        const leaf = {
          width: 20 + ((s * 7 + c * 3 + l * 5) % 40),
          height: 8 + ((s + c + l) % 12),
          margin: l % 3,
        }
        if (l === 9) Object.assign(leaf, { position: 'absolute', x: 4, y: 4 })
        if (l % 4 === 1) leaf.alignSelf = aligns[(s + l) % 4]
        leaves.push(leaf)
      }
      cards.push({
        padding: [4, 6, 4, 6],
        gap: 2,
        align: aligns[(s + c) % 4],
        justify: justifies[c % 6],
        grow: c % 3 === 0 ? 1 : 0,
        shrink: 1,
        children: leaves,
      })
    }
    sections.push({ direction: 'row', gap: 6, padding: 8, justify: justifies[s % 6], children: cards })
  }
  return { width: 750, padding: 24, gap: 16, children: sections }
}

const ALIGN = { start: Align.FlexStart, center: Align.Center, end: Align.FlexEnd, stretch: Align.Stretch }
const JUSTIFY = {
  start: Justify.FlexStart,
  center: Justify.Center,
  end: Justify.FlexEnd,
  'space-between': Justify.SpaceBetween,
  'space-around': Justify.SpaceAround,
  'space-evenly': Justify.SpaceEvenly,
}
const SIDES = [Edge.Top, Edge.Right, Edge.Bottom, Edge.Left]

// Only the properties a node has are set, as an app building a Yoga tree would.
function buildYoga(Yoga, config, node) {
  const y = Yoga.Node.create(config)
  if (node.direction === 'row') y.setFlexDirection(FlexDirection.Row)
  if (node.width !== undefined) y.setWidth(node.width)
  if (node.height !== undefined) y.setHeight(node.height)
  if (node.padding !== undefined) setSides(y, 'setPadding', node.padding)
  if (node.margin !== undefined) setSides(y, 'setMargin', node.margin)
  if (node.gap !== undefined) y.setGap(Gutter.All, node.gap)
  if (node.align !== undefined) y.setAlignItems(ALIGN[node.align])
  if (node.alignSelf !== undefined) y.setAlignSelf(ALIGN[node.alignSelf])
  if (node.justify !== undefined) y.setJustifyContent(JUSTIFY[node.justify])
  if (node.grow !== undefined) y.setFlexGrow(node.grow)
  if (node.shrink !== undefined) y.setFlexShrink(node.shrink)
  if (node.position === 'absolute') {
    y.setPositionType(PositionType.Absolute)
    y.setPosition(Edge.Left, node.x)
    y.setPosition(Edge.Top, node.y)
  }
  const children = node.children ?? []
  for (let i = 0; i < children.length; i++) y.insertChild(buildYoga(Yoga, config, children[i]), i)
  return y
}

function setSides(y, setter, edges) {
  if (typeof edges === 'number') y[setter](Edge.All, edges)
  else for (let i = 0; i < 4; i++) y[setter](SIDES[i], edges[i])
}

// Reading every box back: a checksum of all of them, so neither side can skip the work.
function sumBoxes(box, acc = { sum: 0, count: 0 }) {
  acc.sum += box.x + box.y + box.width + box.height
  acc.count++
  for (const child of box.children) sumBoxes(child, acc)
  return acc
}

function sumYoga(node, acc = { sum: 0, count: 0 }) {
  const box = node.getComputedLayout()
  acc.sum += box.left + box.top + box.width + box.height
  acc.count++
  for (let i = 0; i < node.getChildCount(); i++) sumYoga(node.getChild(i), acc)
  return acc
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

function yogaVersion() {
  return JSON.parse(readFileSync(path.join(root, 'node_modules/yoga-layout/package.json'), 'utf8')).version
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchLayout()
  console.table(rows)
  if (rows.some((r) => r.check === 'FAIL')) {
    console.error('layout budget broken')
    process.exit(1)
  }
}
