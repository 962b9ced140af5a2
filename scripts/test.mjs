// `npm test`: make sure the H5 demo the browser tests drive is built from the current sources, then run
// every jest project (core, taro, server, integration + end-to-end).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const sources = ['src', 'config', 'packages/core/src', 'packages/taro/src'].map((d) => path.join(root, d))
const stale = !existsSync(builtPage) || sources.some((d) => newestMtime(d) > statSync(builtPage).mtimeMs)
if (stale) {
  console.log('[test] building the H5 demo for the browser tests')
  run('npx', ['taro', 'build', '--type', 'h5'])
}
// The server CLI and its child-process tests run the built packages.
if (!existsSync(path.join(root, 'packages/server/dist/index.js'))) run('npm', ['run', 'build:packages'])

run('npx', ['jest', '--ci', ...process.argv.slice(2)])
