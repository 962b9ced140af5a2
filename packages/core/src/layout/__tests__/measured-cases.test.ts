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
]

describe('computeLayout with text leaves, against Yoga', () => {
  const yoga = yogaLayouts(cases.map(([, tree]) => tree as LayoutNode))
  test.each(cases.map((c, i) => [...c, i] as const))('%s', (_name, tree, boxes, i) => {
    expect(flat(computeLayout(withMeasures(tree)))).toEqual(boxes)
    flat(yoga[i]).forEach((box, j) => box.forEach((v, k) => expect(v).toBeCloseTo(boxes[j][k], 3)))
  })
})
