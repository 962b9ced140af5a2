import { computeLayout } from '..'
import type { LayoutNode } from '../types'
import { seededRandom, randomTree } from './random-tree'
import { firstDifference, yogaLayouts } from './yoga'

// Random box trees with fixed-size leaves, laid out by our engine and by Yoga (yoga-layout 3, the
// engine of React Native and satori): every box within 0.01 px. Tree i is made from seed
// SEED + i; set LAYOUT_SEED to try other trees, LAYOUT_TREES for more.
const SEED = Number(process.env.LAYOUT_SEED ?? 20261202)
const TREES = Number(process.env.LAYOUT_TREES ?? 3000)
const TOLERANCE = 0.01

test(`${TREES} random box trees lay out as Yoga lays them out (seed ${SEED})`, () => {
  const trees: LayoutNode[] = []
  for (let i = 0; i < TREES; i++) trees.push(randomTree(seededRandom(SEED + i)))
  const expected = yogaLayouts(trees)
  const failures: string[] = []
  for (let i = 0; i < TREES; i++) {
    const found = firstDifference(computeLayout(trees[i]), expected[i], TOLERANCE)
    if (found) failures.push(`seed ${SEED + i}: ${found}\n${JSON.stringify(trees[i])}`)
  }
  expect(failures.slice(0, 3)).toEqual([])
})
