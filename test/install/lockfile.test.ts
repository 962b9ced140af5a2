/**
 * The committed lockfile is the one npm makes: `npm install` on a fresh clone leaves it byte for byte
 * as it is (no workspace entry gains fields), and it pins one Taro release for every @tarojs package.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runChecked } from './support/commands'
import { PACKAGES, root } from './support/pack'

jest.setTimeout(300_000)

const read = (file: string) => readFileSync(path.join(root, file), 'utf8')

test('`npm install` leaves package-lock.json unchanged', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minicode-lock-'))
  try {
    for (const file of [
      'package.json',
      'package-lock.json',
      ...PACKAGES.map((name) => `packages/${name}/package.json`),
    ]) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      copyFileSync(path.join(root, file), path.join(dir, file))
    }
    runChecked('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
    })
    expect(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(read('package-lock.json'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('every @tarojs package and babel-preset-taro is pinned to one exact release, with no overrides', () => {
  const pkg = JSON.parse(read('package.json'))
  const taro = { ...pkg.dependencies, ...pkg.devDependencies }
  const pinned = Object.entries(taro).filter(
    ([name]) => name.startsWith('@tarojs/') || name === 'babel-preset-taro',
  )
  const versions = new Set(pinned.map(([, version]) => version))
  expect(versions.size).toBe(1)
  expect([...versions][0]).toMatch(/^\d+\.\d+\.\d+$/)
  expect(Object.keys(pkg.overrides ?? {}).filter((name) => name.startsWith('@tarojs/'))).toEqual([])

  // And the lockfile installs that release for every @tarojs package (bar Taro's own helper packages
  // with independent version lines).
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> }
  const releases = Object.entries(lock.packages)
    .filter(([key]) => /node_modules\/@tarojs\/(?!plugin-doctor|parse-css-to-stylesheet)[^/]+$/.test(key))
    .map(([key, entry]) => `${key.split('node_modules/').pop()}@${entry.version}`)
    .filter((spec) => !spec.endsWith(`@${[...versions][0]}`))
  expect(releases).toEqual([])
})
