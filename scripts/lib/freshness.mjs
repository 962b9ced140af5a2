// Is a build output older than the sources it is made from? Shared by `npm start` and `npm test`.
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function newestMtime(dir) {
  if (!existsSync(dir)) return 0
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '__tests__') continue
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

/** True when `artifact` (relative to the repo root) is missing or older than any file under `dirs`. */
export function isStale(artifact, dirs) {
  const file = path.join(root, artifact)
  return !existsSync(file) || dirs.some((d) => newestMtime(path.join(root, d)) > statSync(file).mtimeMs)
}

// What the demo builds (every platform) are made from.
export const DEMO_SOURCES = ['src', 'config', 'packages/core/src', 'packages/taro/src']
export const PACKAGES = ['core', 'taro', 'server', 'wechat-sim']
export const stalePackages = () =>
  PACKAGES.filter((p) => isStale(`packages/${p}/dist/index.js`, [`packages/${p}/src`]))

const DEMO_ENTRY = { h5: 'index.html', weapp: 'app.js', alipay: 'app.js', tt: 'app.js' }

/** The entry file a demo build for `type` writes (relative to the repo root): its freshness is the build's. */
export const demoEntry = (type) => `dist/${type}/${DEMO_ENTRY[type]}`
