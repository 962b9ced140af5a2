// Runs the Yoga reference (yoga-oracle.mjs) on layout trees in a child Node process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import type { LayoutBox, LayoutNode } from '../types'

export function yogaLayouts(trees: LayoutNode[]): LayoutBox[] {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'yoga-oracle.mjs')], {
    input: JSON.stringify(trees),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  if (run.status !== 0) throw new Error(`yoga-oracle.mjs failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as LayoutBox[]
}

/** The first box where two layouts differ by more than `tolerance`, as a path ('root.children[1].x'). */
export function firstDifference(
  a: LayoutBox,
  b: LayoutBox,
  tolerance: number,
  at = 'root',
): string | undefined {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    if (!(Math.abs(a[key] - b[key]) <= tolerance)) return `${at}.${key}: ${a[key]} vs Yoga ${b[key]}`
  }
  if (a.children.length !== b.children.length) return `${at}.children.length`
  for (let i = 0; i < a.children.length; i++) {
    const found = firstDifference(a.children[i], b.children[i], tolerance, `${at}.children[${i}]`)
    if (found) return found
  }
  return undefined
}
