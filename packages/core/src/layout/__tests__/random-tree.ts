// Random layout trees with fixed-size leaves, for comparing the engine with Yoga.
import type { Align, Edges, Justify, LayoutNode } from '../types'

/** mulberry32: a small seeded PRNG, so a failing tree can be made again from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALIGNS: Align[] = ['start', 'center', 'end', 'stretch']
const JUSTIFIES: Justify[] = ['start', 'center', 'end', 'space-between', 'space-around', 'space-evenly']

export function randomTree(random: () => number, maxDepth = 4): LayoutNode {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const chance = (p: number) => random() < p
  const edges = (max: number): Edges | undefined => {
    if (chance(0.4)) return undefined
    if (chance(0.5)) return int(0, max)
    return [int(0, max), int(0, max), int(0, max), int(0, max)]
  }
  const flexItem = (node: LayoutNode): LayoutNode => {
    if (chance(0.3)) node.grow = pick([0.5, 1, 2, 3])
    if (chance(0.3)) node.shrink = pick([0.5, 1, 2])
    if (chance(0.3)) node.alignSelf = pick(ALIGNS)
    const margin = edges(8)
    if (margin !== undefined) node.margin = margin
    if (chance(0.1)) {
      node.position = 'absolute'
      node.x = int(0, 30)
      node.y = int(0, 30)
    }
    return node
  }
  const box = (depth: number): LayoutNode => {
    if (depth >= maxDepth || chance(0.35)) return flexItem({ width: int(1, 80), height: int(1, 80) })
    const node: LayoutNode = { direction: chance(0.5) ? 'row' : 'column' }
    const padding = edges(10)
    if (padding !== undefined) node.padding = padding
    if (chance(0.4)) node.width = int(21, 300)
    if (chance(0.4)) node.height = int(21, 300)
    if (chance(0.5)) node.gap = int(0, 12)
    if (chance(0.6)) node.align = pick(ALIGNS)
    if (chance(0.6)) node.justify = pick(JUSTIFIES)
    const count = int(0, 4)
    node.children = Array.from({ length: count }, () => box(depth + 1))
    return flexItem(node)
  }
  return box(0)
}
