import { computeLayout } from '..'
import type { LayoutBox, LayoutNode } from '../types'
import { yogaLayouts } from './yoga'

// One case per property, with the boxes worked out by hand from CSS flexbox; the cases without a
// measure function are laid out by Yoga too, which must agree with the hand-worked boxes.

/** Only the boxes, as [x, y, width, height] of the root then each child in order (depth first). */
function flat(box: LayoutBox): number[][] {
  const out = [[box.x, box.y, box.width, box.height]]
  for (const child of box.children) out.push(...flat(child))
  return out
}

const leaf = (width: number, height: number, extra: Partial<LayoutNode> = {}): LayoutNode => ({
  width,
  height,
  ...extra,
})
const row = (width: number, children: LayoutNode[], extra: Partial<LayoutNode> = {}): LayoutNode => ({
  direction: 'row',
  width,
  children,
  ...extra,
})

const cases: Array<[name: string, tree: LayoutNode, boxes: number[][]]> = [
  [
    'a column stacks its children and stretches them across (the defaults)',
    { width: 100, children: [{ height: 10 }, { height: 20 }] },
    [
      [0, 0, 100, 30],
      [0, 0, 100, 10],
      [0, 10, 100, 20],
    ],
  ],
  [
    'a row with padding and gap; the root is as tall as its content',
    row(300, [leaf(40, 40), { grow: 1, height: 20 }], { padding: 10, gap: 8 }),
    [
      [0, 0, 300, 60],
      [10, 10, 40, 40],
      [58, 10, 232, 20],
    ],
  ],
  [
    'padding and margin as [top, right, bottom, left]',
    { width: 100, padding: [1, 2, 3, 4], children: [{ height: 10, margin: [5, 6, 7, 8] }] },
    [
      [0, 0, 100, 26],
      [12, 6, 80, 10],
    ],
  ],
  [
    'align start, center and end across a column',
    {
      width: 100,
      children: [
        { align: 'start', children: [leaf(20, 10)] },
        { align: 'center', children: [leaf(20, 10)] },
        { align: 'end', children: [leaf(20, 10)] },
      ],
    },
    [
      [0, 0, 100, 30],
      [0, 0, 100, 10],
      [0, 0, 20, 10],
      [0, 10, 100, 10],
      [40, 0, 20, 10],
      [0, 20, 100, 10],
      [80, 0, 20, 10],
    ],
  ],
  [
    'alignSelf overrides the parent align; a given cross size is not stretched',
    {
      width: 100,
      align: 'start',
      children: [
        leaf(20, 10, { alignSelf: 'end' }),
        { height: 10, alignSelf: 'stretch' },
        leaf(20, 10, { alignSelf: 'stretch' }),
      ],
    },
    [
      [0, 0, 100, 30],
      [80, 0, 20, 10],
      [0, 10, 100, 10],
      [0, 20, 20, 10],
    ],
  ],
  [
    'align in a row places across the height of the line',
    row(100, [
      leaf(10, 40),
      leaf(10, 10, { alignSelf: 'center' }),
      leaf(10, 10, { alignSelf: 'end' }),
      { width: 10 },
    ]),
    [
      [0, 0, 100, 40],
      [0, 0, 10, 40],
      [10, 15, 10, 10],
      [20, 30, 10, 10],
      [30, 0, 10, 40],
    ],
  ],
  ...(
    [
      ['start', 0, 20],
      ['center', 30, 50],
      ['end', 60, 80],
      ['space-between', 0, 80],
      ['space-around', 15, 65],
      ['space-evenly', 20, 60],
    ] as const
  ).map(([justify, first, second]): [string, LayoutNode, number[][]] => [
    `justify ${justify} spreads 60 px of free space`,
    row(100, [leaf(20, 10), leaf(20, 10)], { justify }),
    [
      [0, 0, 100, 10],
      [first, 0, 20, 10],
      [second, 0, 20, 10],
    ],
  ]),
  [
    'space-between with overflow falls back to start',
    row(100, [leaf(80, 10), leaf(40, 10)], { justify: 'space-between' }),
    [
      [0, 0, 100, 10],
      [0, 0, 80, 10],
      [80, 0, 40, 10],
    ],
  ],
  [
    'center with overflow overflows both sides',
    row(100, [leaf(80, 10), leaf(40, 10)], { justify: 'center' }),
    [
      [0, 0, 100, 10],
      [-10, 0, 80, 10],
      [70, 0, 40, 10],
    ],
  ],
  [
    'grow shares free space by factor',
    row(100, [leaf(20, 10, { grow: 1 }), leaf(20, 10, { grow: 3 })]),
    [
      [0, 0, 100, 10],
      [0, 0, 35, 10],
      [35, 0, 65, 10],
    ],
  ],
  [
    'grow factors summing below 1 take only that share',
    row(100, [leaf(20, 10, { grow: 0.25 }), leaf(20, 10, { grow: 0.25 })]),
    [
      [0, 0, 100, 10],
      [0, 0, 35, 10],
      [35, 0, 35, 10],
    ],
  ],
  [
    'shrink gives back overflow weighted by size',
    row(100, [leaf(80, 10, { shrink: 1 }), leaf(40, 10, { shrink: 1 })]),
    [
      [0, 0, 100, 10],
      [0, 0, 80 - 40 / 3, 10],
      [80 - 40 / 3, 0, 40 - 20 / 3, 10],
    ],
  ],
  [
    'shrink defaults to 0: the line overflows',
    row(100, [leaf(80, 10), leaf(40, 10)]),
    [
      [0, 0, 100, 10],
      [0, 0, 80, 10],
      [80, 0, 40, 10],
    ],
  ],
  [
    'a content-sized column stretches a child to its widest child',
    { children: [leaf(50, 10), { children: [leaf(10, 10)] }] },
    [
      [0, 0, 50, 20],
      [0, 0, 50, 10],
      [0, 10, 50, 10],
      [0, 0, 10, 10],
    ],
  ],
  [
    'a given size smaller than the padding is the padding',
    { width: 10, height: 10, padding: 8, children: [] },
    [[0, 0, 16, 16]],
  ],
  [
    'an absolute child sits at x/y from the padding edge and takes no room',
    {
      padding: 10,
      children: [leaf(30, 30), leaf(10, 10, { position: 'absolute', x: 5, y: 6, margin: [1, 0, 0, 2] })],
    },
    [
      [0, 0, 50, 50],
      [10, 10, 30, 30],
      [7, 7, 10, 10],
    ],
  ],
  [
    'the root sits at its x/y plus its margin',
    { x: 5, y: 7, margin: 3, width: 10, height: 10 },
    [[8, 10, 10, 10]],
  ],
  [
    'shrinking children all held at their padding leave nothing to shrink, not float dust to divide by',
    // 15 px over; both would shrink below their padding (1 and 10) and are taken out, their factors
    // 0.1 × 1 + 0.1 × 19 subtracted from their sum: -2.2e-16 left, and the next pass gave 2.7e15 px.
    // With nothing left to shrink, each gives back shrink × basis (Yoga's rule): 1 - 0.1, held at
    // its padding 1, and 19 - 1.9 = 17.1.
    {
      width: 50,
      height: 5,
      children: [
        { height: 1, shrink: 0.1, padding: [1, 0, 0, 0] },
        { height: 19, shrink: 0.1, padding: [10, 0, 0, 0] },
      ],
    },
    [
      [0, 0, 50, 5],
      [0, 0, 50, 1],
      [0, 1, 50, 17.1],
    ],
  ],
]

describe('computeLayout, property by property', () => {
  let yoga: LayoutBox[]
  beforeAll(() => {
    yoga = yogaLayouts(cases.map(([, tree]) => tree))
  })

  test.each(cases.map((c, i) => [c[0], i] as const))('%s', (_name, i) => {
    const [, tree, boxes] = cases[i]
    const ours = flat(computeLayout(tree))
    expect(ours.length).toBe(boxes.length)
    ours.forEach((box, j) => box.forEach((v, k) => expect(v).toBeCloseTo(boxes[j][k], 6)))
    flat(yoga[i]).forEach((box, j) => box.forEach((v, k) => expect(v).toBeCloseTo(boxes[j][k], 3)))
  })
})

// Text as a measure function: 10 px per character, 20 px lines, wrapping at whole characters.
function text(chars: number, extra: Partial<LayoutNode> = {}): LayoutNode {
  return {
    ...extra,
    measure: (maxWidth) => {
      const perLine = Math.max(1, Math.min(chars, Math.floor(maxWidth / 10)))
      return { width: perLine * 10, height: Math.ceil(chars / perLine) * 20 }
    },
  }
}

describe('computeLayout with measured leaves', () => {
  test('text in a column wraps at the width the box gives it and pushes what follows down', () => {
    const box = computeLayout({ width: 100, padding: 10, children: [text(25), leaf(30, 30)] })
    expect(flat(box)).toEqual([
      [0, 0, 100, 130],
      [10, 10, 80, 80],
      [10, 90, 30, 30],
    ])
  })

  test('text not stretched is as wide as its widest line', () => {
    const box = computeLayout({ width: 100, align: 'start', children: [text(25), text(3)] })
    expect(flat(box)).toEqual([
      [0, 0, 100, 80],
      [0, 0, 100, 60],
      [0, 60, 30, 20],
    ])
  })

  test('text in a content-sized box does not wrap', () => {
    expect(flat(computeLayout({ children: [text(25)] }))).toEqual([
      [0, 0, 250, 20],
      [0, 0, 250, 20],
    ])
  })

  test('shrinking text in a row wraps it at its shrunk width', () => {
    // Basis: 100 px (three lines); the line is 30 px over, all given back by the text.
    const box = computeLayout({
      direction: 'row',
      width: 100,
      align: 'start',
      children: [leaf(30, 30), text(25, { shrink: 1 })],
    })
    expect(flat(box)).toEqual([
      [0, 0, 100, 80],
      [0, 0, 30, 30],
      [30, 0, 70, 80],
    ])
  })

  test('a growing text takes the rest of the row and wraps there', () => {
    const box = computeLayout({
      direction: 'row',
      width: 100,
      children: [leaf(40, 10), text(9, { grow: 1, shrink: 1 })],
    })
    expect(flat(box)).toEqual([
      [0, 0, 100, 40],
      [0, 0, 40, 10],
      [40, 0, 60, 40],
    ])
  })
})
