/**
 * An install on a Mac, a Windows PC or an arm64 Linux machine gets Taro's native binding for that
 * platform, from the committed lockfile. Two steps per platform, both real npm:
 * 1. `npm ci --os --cpu --dry-run` on the whole committed lockfile: npm's own platform selection names
 *    the binding it would add (and no other platform's).
 * 2. `npm ci --os --cpu` of the binding's part of the committed lockfile (its entries as committed:
 *    resolved tarball and integrity): the binary arrives and is that platform's kind of executable.
 * The whole tree is not installed four times (about three minutes each on two cores).
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runChecked } from './support/commands'
import { PACKAGES, root } from './support/pack'

jest.setTimeout(300_000)

interface LockEntry {
  name?: string
  version?: string
  resolved?: string
  integrity?: string
  os?: string[]
  cpu?: string[]
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  [key: string]: unknown
}
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>
}

// The platforms Taro publishes bindings for, with the first bytes of a native module built for each.
const PLATFORMS = [
  { os: 'darwin', cpu: 'arm64', binding: '@tarojs/binding-darwin-arm64', magic: ['cffaedfe'] },
  { os: 'darwin', cpu: 'x64', binding: '@tarojs/binding-darwin-x64', magic: ['cffaedfe'] },
  { os: 'win32', cpu: 'x64', binding: '@tarojs/binding-win32-x64-msvc', magic: ['4d5a'] },
  { os: 'linux', cpu: 'arm64', binding: '@tarojs/binding-linux-arm64-gnu', magic: ['7f454c46'] },
]
const ALL_BINDINGS = Object.keys(lock.packages)
  .filter((key) => /^node_modules\/@tarojs\/binding-/.test(key))
  .map((key) => key.slice('node_modules/'.length))

let scratch: string
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'minicode-platforms-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

test('the lockfile holds a binding entry for every platform Taro publishes, and no alias', () => {
  const binding = lock.packages['node_modules/@tarojs/binding']
  expect(Object.keys(binding.optionalDependencies ?? {}).sort()).toEqual([...ALL_BINDINGS].sort())
  for (const name of ALL_BINDINGS) {
    const entry = lock.packages[`node_modules/${name}`]
    // An alias of another platform's binary is recorded under the real package's name, with its os and
    // cpu (and, where the lockfile keeps download addresses, its tarball).
    expect(entry.name ?? name).toBe(name)
    const [, osName, cpu] = /^@tarojs\/binding-([a-z0-9]+)-([a-z0-9]+)/.exec(name)!
    expect(entry.os).toEqual([osName])
    expect(entry.cpu).toEqual([cpu])
    if (entry.resolved) expect(entry.resolved).toContain(`/${name}/-/`)
    expect(entry.version).toBe(binding.version)
    expect(entry.integrity).toMatch(/^sha512-/)
  }
})

test('every optional dependency the lockfile names has an entry (npm leaves none out on this machine)', () => {
  const missing: string[] = []
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolvesFrom(key, name)) missing.push(`${key || '(root)'} -> ${name}`)
    }
  }
  expect(missing).toEqual([])
})

describe.each(PLATFORMS)('an install on $os-$cpu', (platform) => {
  it(`picks ${platform.binding} from the whole committed lockfile`, () => {
    const dir = path.join(scratch, `dry-${platform.os}-${platform.cpu}`)
    copyWorkspaceManifests(dir)
    const output = runChecked(
      'npm',
      [
        'ci',
        `--os=${platform.os}`,
        `--cpu=${platform.cpu}`,
        '--ignore-scripts',
        '--dry-run',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: dir },
    )
    const added = ALL_BINDINGS.filter((name) => new RegExp(`^add ${name} `, 'm').test(output))
    expect(added).toEqual([platform.binding])
  })

  it('gets that binding binary from the committed lockfile entries', () => {
    const dir = path.join(scratch, `ci-${platform.os}-${platform.cpu}`)
    writeBindingProject(dir)
    runChecked(
      'npm',
      ['ci', `--os=${platform.os}`, `--cpu=${platform.cpu}`, '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        cwd: dir,
      },
    )
    const installed = readdirSync(path.join(dir, 'node_modules/@tarojs'))
    expect(installed.filter((name) => name.startsWith('binding-'))).toEqual([platform.binding.split('/')[1]])
    const folder = path.join(dir, 'node_modules', platform.binding)
    const binaries = readdirSync(folder).filter((file) => file.endsWith('.node'))
    expect(binaries).toHaveLength(1)
    expect(platform.magic).toContain(firstBytes(path.join(folder, binaries[0]), platform.magic[0].length / 2))
  })
})

/** Does `name`, required from the lock entry at `from`, find an entry (Node's walk up the node_modules)? */
function resolvesFrom(from: string, name: string): boolean {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`
    if (lock.packages[key]) return true
    if (!dir) return false
  }
}

/** The root manifest, the lockfile and each workspace's package.json: all `npm ci` reads. */
function copyWorkspaceManifests(dir: string): void {
  mkdirSync(dir, { recursive: true })
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  copyFileSync(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'))
  for (const name of PACKAGES) {
    mkdirSync(path.join(dir, 'packages', name), { recursive: true })
    copyFileSync(
      path.join(root, 'packages', name, 'package.json'),
      path.join(dir, 'packages', name, 'package.json'),
    )
  }
}

/** A project depending on @tarojs/binding whose lockfile is the committed lockfile's entries for it. */
function writeBindingProject(dir: string): void {
  mkdirSync(dir, { recursive: true })
  const keys = Object.keys(lock.packages).filter((key) =>
    [
      'node_modules/@tarojs/binding',
      'node_modules/@napi-rs/triples',
      ...ALL_BINDINGS.map((n) => `node_modules/${n}`),
    ].includes(key),
  )
  const binding = lock.packages['node_modules/@tarojs/binding']
  const manifest = {
    name: 'binding-probe',
    version: '1.0.0',
    private: true,
    dependencies: { '@tarojs/binding': binding.version },
  }
  const packages: Record<string, LockEntry> = { '': manifest as LockEntry }
  for (const key of keys) {
    // Only the dev flag differs: here the binding is a production dependency.
    const { dev: _dev, ...entry } = lock.packages[key]
    packages[key] = entry
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
  writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify(
      { name: 'binding-probe', version: '1.0.0', lockfileVersion: 3, requires: true, packages },
      null,
      2,
    ),
  )
}

function firstBytes(file: string, count: number): string {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(count)
    readSync(fd, buffer, 0, count, 0)
    return buffer.toString('hex')
  } finally {
    closeSync(fd)
  }
}
