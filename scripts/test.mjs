// `npm test`: make sure the H5 demo the browser tests drive and the packages the CLI tests run are built
// from the current sources, then run every jest project (core, taro, server, integration + end-to-end).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { H5_SOURCES, isStale, root, stalePackages } from './lib/freshness.mjs'
import { buildDemo, run } from './lib/run.mjs'

if (stalePackages().length) {
  console.log('[test] building the packages')
  run('npm', ['run', 'build:packages', '--silent'], { cwd: root })
}
if (isStale('dist/h5/index.html', H5_SOURCES)) {
  console.log('[test] building the H5 demo for the browser tests')
  buildDemo('h5', { cwd: root })
}

// Jest's own summary goes to stderr mid-stream; end with one plain line CI can read.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'minicode-jest-'))
const report = path.join(scratch, 'results.json')
const status = run('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  exitOnFailure: false,
})
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  )
}
rmSync(scratch, { recursive: true, force: true })
process.exit(status)
