// `npm test`: build what is stale (the packages the CLI and install tests use, the H5 demo the browser
// tests drive, the weapp demo whose syntax is checked), pack the four packages once for the install
// tests, run the static checks, then every jest project (core, taro, server, integration + end-to-end).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_SOURCES, PACKAGES, demoEntry, isStale, root, stalePackages } from './lib/freshness.mjs'
import { buildDemo, run } from './lib/run.mjs'

if (stalePackages().length) {
  console.log('[test] building the packages')
  run('npm', ['run', 'build:packages', '--silent'], { cwd: root })
}
for (const type of ['h5', 'weapp']) {
  if (isStale(demoEntry(type), DEMO_SOURCES)) {
    console.log(`[test] building the ${type} demo`)
    buildDemo(type, { cwd: root })
  }
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'minicode-test-'))
const packs = path.join(scratch, 'packs')
mkdirSync(packs) // npm pack does not make its destination
// The tarballs npm would publish (already built above, so no prepack build); test/install reads them.
run(
  'npm',
  [
    'pack',
    '--silent',
    '--ignore-scripts',
    '--pack-destination',
    packs,
    ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]),
  ],
  {
    cwd: root,
  },
)

// Static checks: each names itself when it fails, and all of them run.
const checks = [
  ['prettier --check', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['eslint', ['eslint', '.']],
  ['tsc --noEmit', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
]
const failedChecks = checks.filter(([, args]) => run('npx', args, { cwd: root, exitOnFailure: false }) !== 0)

// Jest's own summary goes to stderr mid-stream; end with one plain line CI can read.
const report = path.join(scratch, 'results.json')
const status = run('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, MINICODE_PACKS: packs },
  exitOnFailure: false,
})
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + failedChecks.length
  for (const [name] of failedChecks) console.log(`[test] ${name} failed (see its output above)`)
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  )
}
rmSync(scratch, { recursive: true, force: true })
process.exit(status || (failedChecks.length ? 1 : 0))
