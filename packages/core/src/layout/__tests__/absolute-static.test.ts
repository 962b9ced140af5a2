import { computeLayout } from '..'
import type { Align, Justify, LayoutNode } from '../types'
import { yogaLayouts } from './yoga'

// An absolute child without x/y takes its static position, as in Yoga (and CSS): inside the padding,
// by its container's justify along the main axis and by its own alignment across. Worked out by hand
// in a 100 × 80 box with padding [1, 2, 3, 4] and a 20 × 30 child with margins [6, 7, 8, 5].

const PLACES: Record<string, [start: number, center: number, end: number]> = {
  // left: 4 + 5; 4 + 5 + (94 - 20 - 12) / 2; 100 - 2 - 7 - 20
  x: [9, 40, 71],
  // top: 1 + 6; 1 + 6 + (76 - 30 - 14) / 2; 80 - 3 - 8 - 30
  y: [7, 23, 39],
}
const JUSTIFY_PLACE: Record<Justify, number> = {
  start: 0,
  'space-between': 0,
  center: 1,
  'space-around': 1,
  'space-evenly': 1,
  end: 2,
}
const ALIGN_PLACE: Record<Align, number> = { start: 0, stretch: 0, center: 1, end: 2 }

const badge = (extra: Partial<LayoutNode> = {}): LayoutNode => ({
  position: 'absolute',
  width: 20,
  height: 30,
  margin: [6, 7, 8, 5],
  ...extra,
})

const cases: Array<[string, LayoutNode, number, number]> = []
for (const direction of ['column', 'row'] as const) {
  for (const justify of Object.keys(JUSTIFY_PLACE) as Justify[]) {
    for (const align of Object.keys(ALIGN_PLACE) as Align[]) {
      const [main, cross] = direction === 'row' ? (['x', 'y'] as const) : (['y', 'x'] as const)
      const at = { [main]: PLACES[main][JUSTIFY_PLACE[justify]], [cross]: PLACES[cross][ALIGN_PLACE[align]] }
      const tree: LayoutNode = {
        direction,
        justify,
        align,
        width: 100,
        height: 80,
        padding: [1, 2, 3, 4],
        children: [{ width: 10, height: 10 }, badge()],
      }
      cases.push([`${direction}, justify ${justify}, align ${align}`, tree, at.x, at.y])
    }
  }
}
// One axis given: that one is kept, the other is static; alignSelf counts, not the box's align.
cases.push([
  'x given, y static by alignSelf in a row',
  {
    direction: 'row',
    width: 100,
    height: 80,
    padding: [1, 2, 3, 4],
    children: [badge({ x: 3, alignSelf: 'end' })],
  },
  3 + 5,
  39,
])

describe('an absolute child without x/y', () => {
  const yoga = yogaLayouts(cases.map(([, tree]) => tree))
  test.each(cases.map((c, i) => [...c, i] as const))('%s', (_name, tree, x, y, i) => {
    const badgeBox = computeLayout(tree).children.at(-1)!
    expect([badgeBox.x, badgeBox.y]).toEqual([x, y])
    const yogaBadge = yoga[i].children.at(-1)!
    expect([yogaBadge.x, yogaBadge.y]).toEqual([x, y])
  })
})
