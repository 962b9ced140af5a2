// Random layout trees whose leaves are mostly text-like (wrapped-words.ts): their height depends on
// the width they are given, as a poster text's does. Wider than random-tree.ts in the edge cases
// too: zero sizes, grow factors below 1, absolute children without x/y, text with a given size, and
// in rows, images of a width and an aspect ratio (in a column, growing one keeps its width where
// Yoga widens it: see LayoutNode.aspectRatio).
import type { Align, Edges, Justify } from '../types'
import type { WordsNode } from './wrapped-words'

const ALIGNS: Align[] = ['start', 'center', 'end', 'stretch']
const JUSTIFIES: Justify[] = ['start', 'center', 'end', 'space-between', 'space-around', 'space-evenly']

export function randomWordsTree(random: () => number, maxDepth = 4): WordsNode {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const chance = (p: number) => random() < p
  const edges = (max: number): Edges | undefined => {
    if (chance(0.5)) return undefined
    if (chance(0.5)) return int(0, max)
    return [int(0, max), int(0, max), int(0, max), int(0, max)]
  }
  const flexItem = (node: WordsNode): WordsNode => {
    if (chance(0.3)) node.grow = pick([0.25, 0.5, 1, 2])
    if (chance(0.35)) node.shrink = pick([0.5, 1, 2])
    if (chance(0.25)) node.alignSelf = pick(ALIGNS)
    const margin = edges(8)
    if (margin !== undefined) node.margin = margin
    if (chance(0.08)) {
      node.position = 'absolute'
      if (chance(0.7)) node.x = int(0, 30)
      if (chance(0.7)) node.y = int(0, 30)
    }
    return node
  }
  const text = (): WordsNode => {
    const node: WordsNode = {
      words: Array.from({ length: int(0, 12) }, () => int(5, 60)),
      lineHeight: pick([14, 20, 28]),
      slack: 0.001,
    }
    if (chance(0.1)) node.width = int(0, 120)
    if (chance(0.05)) node.height = int(0, 60)
    if (chance(0.1)) node.padding = int(0, 6)
    return flexItem(node)
  }
  const box = (depth: number, inRow = false): WordsNode => {
    if (depth >= maxDepth || chance(0.4)) {
      if (chance(0.75)) return text()
      if (inRow && chance(0.3)) return flexItem({ width: int(0, 80), aspectRatio: pick([0.5, 1, 1.5, 2]) })
      return flexItem({ width: int(0, 80), height: int(0, 80) })
    }
    const node: WordsNode = { direction: chance(0.5) ? 'row' : 'column' }
    const padding = edges(10)
    if (padding !== undefined) node.padding = padding
    if (chance(0.45)) node.width = pick([0, int(21, 300)])
    if (chance(0.3)) node.height = int(0, 300)
    if (chance(0.5)) node.gap = int(0, 12)
    if (chance(0.6)) node.align = pick(ALIGNS)
    if (chance(0.6)) node.justify = pick(JUSTIFIES)
    const count = int(0, 4)
    node.children = Array.from({ length: count }, () => box(depth + 1, node.direction === 'row'))
    return flexItem(node)
  }
  const root = box(0)
  // A poster's top-level box usually has a width: text wraps in it.
  if (root.width === undefined && chance(0.7)) root.width = int(60, 400)
  return root
}
