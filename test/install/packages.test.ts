/**
 * Publish-ready packages: each tarball `npm pack` makes is what a registry user gets, so it is checked
 * as such — by publint and by @arethetypeswrong/cli (types right for import and require under node10,
 * node16 and bundler resolution), and for the files and fields a package page and an install need.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runChecked } from './support/commands'
import { PACKAGES, packWorkspaces, root, type Packs } from './support/pack'

jest.setTimeout(300_000)

let packs: Packs
const unpacked: Record<string, string> = {}

beforeAll(() => {
  packs = packWorkspaces()
  for (const name of PACKAGES) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `minicode-unpacked-${name}-`))
    runChecked('tar', ['-xzf', packs.tarballs[name], '-C', dir], { cwd: root })
    unpacked[name] = path.join(dir, 'package')
  }
})

afterAll(() => {
  for (const dir of Object.values(unpacked)) rmSync(path.dirname(dir), { recursive: true, force: true })
  packs?.cleanup()
})

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name
    return entry.isDirectory() ? filesIn(path.join(dir, entry.name), `${relative}/`) : [relative]
  })
}

/** Every file path a package.json points at: main, module, types, bin and each exports target. */
function pointedAt(pkg: Record<string, unknown>): string[] {
  const targets: string[] = []
  const visit = (value: unknown) => {
    if (typeof value === 'string') targets.push(value)
    else if (value && typeof value === 'object') Object.values(value).forEach(visit)
  }
  visit([pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports])
  return targets.filter((target) => target.startsWith('./') || !target.includes(':'))
}

describe.each(PACKAGES)('the packed @minicode/%s', (name) => {
  const read = () => JSON.parse(readFileSync(path.join(unpacked[name], 'package.json'), 'utf8'))

  it('is clean under publint (strict: warnings count)', () => {
    const output = runChecked('npx', ['--no-install', 'publint', 'run', packs.tarballs[name], '--strict'], {
      cwd: root,
    })
    expect(output).toContain('All good!')
  })

  it('has the right types for every entry point and condition (attw, the strict profile)', () => {
    // attw exits non-zero on any problem; its table then names the entry, resolution and problem.
    const output = runChecked(
      'npx',
      ['--no-install', 'attw', packs.tarballs[name], '--format', 'table-flipped'],
      {
        cwd: root,
      },
    )
    expect(output).toContain('No problems found')
  })

  it('carries a README (中文 and English) and the MIT LICENSE', () => {
    const readme = readFileSync(path.join(unpacked[name], 'README.md'), 'utf8')
    expect(readme).toMatch(/[\u4e00-\u9fff]/)
    expect(readme).toMatch(/Documentation/)
    expect(readFileSync(path.join(unpacked[name], 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
  })

  it('has the registry fields: repository, homepage, keywords, engines, public access, MIT', () => {
    const pkg = read()
    expect(pkg.repository).toEqual(expect.objectContaining({ type: 'git', directory: `packages/${name}` }))
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.keywords.length).toBeGreaterThan(3)
    expect(pkg.engines.node).toMatch(/>=\s*18/)
    expect(pkg.publishConfig).toEqual({ access: 'public' })
    expect(pkg.license).toBe('MIT')
  })

  it('is built before it is packed (prepack runs the build)', () => {
    const { scripts } = read()
    expect(scripts.prepack).toMatch(/\b(npm run build|tsup)\b/)
  })

  it('ships every file its package.json points at, and no empty file', () => {
    const files = filesIn(unpacked[name])
    for (const target of pointedAt(read())) {
      expect(files).toContain(path.posix.normalize(target))
    }
    const empty = files.filter((file) => readFileSync(path.join(unpacked[name], file), 'utf8').trim() === '')
    expect(empty).toEqual([])
    // No tests, sources or build config in the tarball.
    expect(files.filter((file) => /__tests__|\.test\.|^src\/|tsup\.config/.test(file))).toEqual([])
    expect(files.every((file) => statSync(path.join(unpacked[name], file)).size < 2_000_000)).toBe(true)
  })
})

test('the repository has the LICENSE every package names', () => {
  expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
  for (const name of PACKAGES) {
    expect(readFileSync(path.join(root, 'packages', name, 'LICENSE'), 'utf8')).toBe(
      readFileSync(path.join(root, 'LICENSE'), 'utf8'),
    )
  }
})
