// `npm test`: make sure the H5 demo the browser tests drive is built from the current sources, then run
// every jest project (core, taro, server, integration + end-to-end).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const builtPage = path.join(root, 'dist/h5/index.html')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '__tests__') continue
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

function run(cmd, args, { exitOnFailure = true } = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0 && exitOnFailure) process.exit(result.status ?? 1)
  return result.status ?? 1
}

const isStale = (artifact, dirs) =>
  !existsSync(artifact) || dirs.some((d) => newestMtime(path.join(root, d)) > statSync(artifact).mtimeMs)

if (isStale(builtPage, ['src', 'config', 'packages/core/src', 'packages/taro/src'])) {
  console.log('[test] building the H5 demo for the browser tests')
  run('npx', ['taro', 'build', '--type', 'h5'])
}
// The CLI and multi-process tests run the built packages, so rebuild any whose sources moved on.
const packages = ['core', 'taro', 'server', 'wechat-sim']
if (packages.some((p) => isStale(path.join(root, `packages/${p}/dist/index.js`), [`packages/${p}/src`]))) {
  console.log('[test] building the packages')
  run('npm', ['run', 'build:packages', '--silent'])
}

// Jest's own summary goes to stderr mid-stream; end with one plain line CI can read.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'minicode-jest-'))
const report = path.join(scratch, 'results.json')
const status = run('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  exitOnFailure: false,
})
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites
  console.log(`\ntests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
}
rmSync(scratch, { recursive: true, force: true })
process.exit(status)
