/**
 * The size guards of scripts/size-budgets.json hold for the built packages (npm test builds them first):
 * each public entry's min+gzip bytes within its budget, and the QR encoder only in the entries that
 * need it. `npm run bench:size` prints the same table; here a guard that breaks fails the run instead
 * of waiting for someone to look (two guards were found broken, unseen, when this test was added).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { root } from './support/pack'

jest.setTimeout(120_000)

interface SizeRow {
  entry: string
  'min+gzip B'?: number
  budget?: string
  check: string
}

test('every entry is within its size budget and carries only the dependencies it should', () => {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/bench-size.mjs'), '--no-build', '--json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  const rows = JSON.parse(result.stdout) as SizeRow[]
  expect(rows.length).toBeGreaterThanOrEqual(6)
  const broken = rows.filter((row) => row.check !== 'ok')
  expect(broken).toEqual([])
  expect(result.status).toBe(0)
  // Sizes were measured, not skipped: the poster entry is a real bundle of several KB.
  const poster = rows.find((row) => row.entry === 'Poster + usePoster')
  expect(poster?.['min+gzip B']).toBeGreaterThan(10_000)
})
