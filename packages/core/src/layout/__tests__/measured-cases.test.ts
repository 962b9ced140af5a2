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

// Images of a width and an aspect ratio: in a row, the height follows the width flexing gives it,
// as in Yoga and CSS aspect-ratio (before, it kept width / ratio of the width it was given).
const ratioCases: Array<[name: string, tree: LayoutNode, boxes: number[][]]> = [
  [
    'growing in a row keeps the ratio',
    {
      direction: 'row',
      width: 300,
      children: [
        { width: 100, aspectRatio: 2, grow: 1 },
        { width: 50, height: 10 },
      ],
    },
    [
      [0, 0, 300, 125],
      [0, 0, 250, 125],
      [250, 0, 50, 10],
    ],
  ],
  [
    'shrinking in a row keeps the ratio, and the row aligns the shorter image',
    {
      direction: 'row',
      width: 100,
      align: 'end',
      children: [
        { width: 100, aspectRatio: 2, shrink: 1 },
        { width: 50, height: 40 },
      ],
    },
    [
      [0, 0, 100, 40],
      [0, 15, 50, 25],
      [50, 0, 50, 40],
    ],
  ],
]

describe('computeLayout with aspect ratios, against Yoga', () => {
  const yoga = yogaLayouts(ratioCases.map(([, tree]) => tree))
  test.each(ratioCases.map((c, i) => [...c, i] as const))('%s', (_name, tree, boxes, i) => {
    expect(flat(computeLayout(tree))).toEqual(boxes)
    flat(yoga[i]).forEach((box, j) => box.forEach((v, k) => expect(v).toBeCloseTo(boxes[j][k], 3)))
  })

  test('growing in a column stretches the height alone, as CSS (Yoga widens it to height × ratio)', () => {
    const box = computeLayout({
      width: 300,
      height: 400,
      children: [{ width: 100, aspectRatio: 2, grow: 1 }],
    })
    expect(flat(box)[1]).toEqual([0, 0, 100, 400])
  })
})
