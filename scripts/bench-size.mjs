// `npm run bench:size`: min+gzip bytes each public entry adds to a page, with react and @tarojs/* external
// (a page has those anyway). Budgets live in scripts/size-budgets.json; exits non-zero when one is broken.
// A budget is a regression guard, not a target: raising one needs a reason in its commit, and nothing is
// rewritten less readably to stay under one. mustNotInclude keeps the QR encoder out of pages without codes.
// Flags: --no-build (measure the dist as it is), --only <entry name> (one entry), --json (rows as JSON on
// stdout instead of a table; scripts/bench-poster.mjs reads it).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { spawnOptions } from './lib/run.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const budgets = JSON.parse(readFileSync(path.join(root, 'scripts/size-budgets.json'), 'utf8'))
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const json = process.argv.includes('--json')
const entries = budgets.entries.filter((entry) => only === undefined || entry.name === only)
if (entries.length === 0)
  throw new Error(`No size entry named ${JSON.stringify(only)} in scripts/size-budgets.json`)

// Measure what users install: the built packages.
if (!process.argv.includes('--no-build')) {
  const built = spawnSync('npm', ['run', 'build:packages', '--silent'], {
    cwd: root,
    stdio: 'ignore',
    ...spawnOptions(),
  })
  if (built.status !== 0) throw new Error('npm run build:packages failed')
}

async function measure(entry) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2018',
    write: false,
    metafile: true,
    external: budgets.external,
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.TARO_ENV': '"weapp"' },
    logLevel: 'silent',
    // Ignore the root tsconfig's source paths: resolve @minicode/* through node_modules to the built dist.
    tsconfigRaw: {},
  })
  const code = result.outputFiles[0].contents
  // Only files that left code in the output count (the metafile lists tree-shaken files too).
  const [output] = Object.values(result.metafile.outputs)
  const inputs = Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([file]) => file)
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs }
}

const fromPackage = (inputs, name) => inputs.some((file) => file.includes(`node_modules/${name}/`))
let failures = 0
const rows = []
for (const entry of entries) {
  let measured
  try {
    measured = await measure(entry)
  } catch (error) {
    failures++
    rows.push({ entry: entry.name, check: `FAIL: ${error.errors?.[0]?.text ?? error.message}` })
    continue
  }
  const { min, gzip, inputs } = measured
  const problems = []
  if (entry.limitBytes && gzip > entry.limitBytes) problems.push(`over budget ${entry.limitBytes} B`)
  for (const name of entry.mustNotInclude ?? [])
    if (fromPackage(inputs, name)) problems.push(`pulls in ${name}`)
  for (const name of entry.mustInclude ?? []) if (!fromPackage(inputs, name)) problems.push(`lacks ${name}`)
  failures += problems.length
  rows.push({
    entry: entry.name,
    'min B': min,
    'min+gzip B': gzip,
    budget: entry.limitBytes ? `${entry.limitBytes} (${((gzip / entry.limitBytes) * 100).toFixed(0)}%)` : '-',
    check: problems.length ? `FAIL: ${problems.join('; ')}` : 'ok',
  })
}
if (json) console.log(JSON.stringify(rows))
else console.table(rows)
if (failures) {
  console.error(`${failures} size check(s) failed`)
  process.exit(1)
}
