import { computeLayout } from '..'
import { seededRandom } from './random-tree'
import { randomWordsTree } from './random-words-tree'
import { withMeasures, type WordsNode } from './wrapped-words'
import { firstDifference, yogaLayouts } from './yoga'
import type { LayoutNode } from '../types'

// Random box trees whose leaves are mostly wrapping text (a measure function, Yoga's
// setMeasureFunc on the other side), laid out by our engine and by Yoga: every box within 0.01 px.
// Tree i is made from seed SEED + i; set LAYOUT_SEED to try other trees, LAYOUT_TREES for more.
const SEED = Number(process.env.LAYOUT_SEED ?? 13013)
const TREES = Number(process.env.LAYOUT_TREES ?? 3000)
const TOLERANCE = 0.01

test(`${TREES} random trees of wrapping text lay out as Yoga lays them out (seed ${SEED})`, () => {
  const trees: WordsNode[] = []
  for (let i = 0; i < TREES; i++) trees.push(randomWordsTree(seededRandom(SEED + i)))
  const expected = yogaLayouts(trees as LayoutNode[])
  const failures: string[] = []
  for (let i = 0; i < TREES; i++) {
    const found = firstDifference(computeLayout(withMeasures(trees[i])), expected[i], TOLERANCE)
    if (found) failures.push(`seed ${SEED + i}: ${found}\n${JSON.stringify(trees[i])}`)
  }
  expect(failures.slice(0, 3)).toEqual([])
  expect(failures.length).toBe(0)
})
