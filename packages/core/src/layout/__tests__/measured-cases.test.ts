import { computeLayout } from '..'
import type { LayoutBox, LayoutNode } from '../types'
import { withMeasures, type WordsNode } from './wrapped-words'
import { yogaLayouts } from './yoga'

// Trees with text leaves (words wrapped at the width given, wrapped-words.ts) where a measure
// function's answer depends on more than the arithmetic of the fixed-size case: each worked out by
// hand, and laid out by Yoga too, which must agree.

function flat(box: LayoutBox): number[][] {
  const out = [[box.x, box.y, box.width, box.height]]
  for (const child of box.children) out.push(...flat(child))
  return out
}

const cases: Array<[name: string, tree: WordsNode, boxes: number[][]]> = [
  [
    'a lone shrinking text gets exactly the room left, and wraps as many lines as it is drawn with',
    // Basis 180 (one line); 110 px over, all given back: 70 px, where "20 46" is exactly 70 wide.
    // 180 + (-110 / 180) × 180 is 69.99999999999999, one line more.
    {
      direction: 'row',
      width: 194,
      align: 'start',
      children: [
        { width: 124, height: 10 },
        { words: [14, 42, 20, 46, 42], shrink: 1 },
      ],
    },
    [
      [0, 0, 194, 60],
      [0, 0, 124, 10],
      [124, 0, 70, 60],
    ],
  ],
  [
    'a text measured into no room keeps that measurement when it is then given its own width',
    // At 0 px every word is a line: 54 wide, 3 lines. Given exactly 54 px it is not measured again
    // (it would wrap "31 6" on one line): Yoga reuses a measurement whose width is the one given.
    { children: [{ direction: 'row', width: 0, children: [{ words: [54, 31, 6] }] }] },
    [
      [0, 0, 0, 60],
      [0, 0, 0, 60],
      [0, 0, 54, 60],
    ],
  ],
  [
    'a text with margins keeps its first measurement when its box gives it what it measured',
    // Measured in 65 - 14 = 51 px: 3 lines, 56 wide; its column is 70 wide, and the text is then
    // asked again at 56 px (where it would make 2 lines): Yoga reuses the first answer, comparing
    // the first room with its margins (65) to the new one without (56).
    {
      direction: 'row',
      width: 65,
      height: 100,
      children: [{ align: 'start', children: [{ words: [56, 33, 18], margin: 7 }] }],
    },
    [
      [0, 0, 65, 100],
      [0, 0, 70, 100],
      [7, 7, 56, 60],
    ],
  ],
]

describe('computeLayout with text leaves, against Yoga', () => {
  const yoga = yogaLayouts(cases.map(([, tree]) => tree as LayoutNode))
  test.each(cases.map((c, i) => [...c, i] as const))('%s', (_name, tree, boxes, i) => {
    expect(flat(computeLayout(withMeasures(tree)))).toEqual(boxes)
    flat(yoga[i]).forEach((box, j) => box.forEach((v, k) => expect(v).toBeCloseTo(boxes[j][k], 3)))
  })
})
