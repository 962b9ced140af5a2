// A text-like leaf for layout tests: words of given widths, 4 px spaces, wrapped greedily at the
// width given (Infinity: one line); as wide as its widest line, as tall as its lines × lineHeight.
// A word wider than the room overflows on a line of its own, as a long word does on a canvas.
// `slack` lets a line be that much wider than the room: random trees use it so that a line that
// fits to the last float bit in one engine and not in the other (Yoga computes in float32) does
// not count as a difference in layout.
// yoga-oracle.mjs measures `words` leaves with its own copy of wrapWords (it cannot import TS).
import type { LayoutNode } from '../types'

export const SPACE = 4

export function wrapWords(
  words: readonly number[],
  lineHeight: number,
  maxWidth: number,
  slack = 0,
): { width: number; height: number } {
  let lines = 0
  let widest = 0
  let line = -1 // width of the line under way; -1 before the first word
  for (const word of words) {
    if (line >= 0 && line + SPACE + word <= maxWidth + slack) {
      line += SPACE + word
    } else {
      if (line >= 0) widest = Math.max(widest, line)
      lines++
      line = word
    }
  }
  if (line >= 0) widest = Math.max(widest, line)
  return { width: widest, height: lines * lineHeight }
}

/** A JSON-able tree node: a LayoutNode whose text leaves are `words` (widths) and a `lineHeight`. */
export type WordsNode = Omit<LayoutNode, 'children' | 'measure'> & {
  words?: number[]
  lineHeight?: number
  slack?: number
  children?: WordsNode[]
}

/** The LayoutNode of a words tree: each `words` leaf measured by {@link wrapWords}. */
export function withMeasures(node: WordsNode): LayoutNode {
  const { words, lineHeight = 20, slack = 0, children, ...rest } = node
  const out: LayoutNode = { ...rest }
  if (children) out.children = children.map(withMeasures)
  if (words) out.measure = (maxWidth) => wrapWords(words, lineHeight, maxWidth, slack)
  return out
}
