// The four packages as npm would publish them: `npm pack` of each workspace into a temp folder.
// scripts/test.mjs packs once before jest and passes the folder in MINICODE_PACKS; a test run on its own
// packs for itself (from the dist the packages' builds left).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runChecked } from './commands'

export const root = path.resolve(__dirname, '../../..')
export const PACKAGES = ['core', 'taro', 'server', 'wechat-sim'] as const
export type PackageDir = (typeof PACKAGES)[number]

export interface Packs {
  dir: string
  /** The tarball of each package folder, e.g. tarballs.core = /tmp/…/minicode-core-0.1.0.tgz */
  tarballs: Record<PackageDir, string>
  /** Removes the folder if this call made it. */
  cleanup(): void
}

export function packWorkspaces(): Packs {
  const given = process.env.MINICODE_PACKS
  const dir = given ?? mkdtempSync(path.join(os.tmpdir(), 'minicode-packs-'))
  if (!given) {
    for (const name of PACKAGES) {
      if (!existsSync(path.join(root, 'packages', name, 'dist/index.js'))) {
        throw new Error(`packages/${name} is not built: run \`npm run build:packages\` (npm test does)`)
      }
    }
    // --ignore-scripts: the dist is already built; prepack (which builds) is checked on its own.
    runChecked(
      'npm',
      [
        'pack',
        '--ignore-scripts',
        '--pack-destination',
        dir,
        ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]),
      ],
      {
        cwd: root,
      },
    )
  }
  const files = readdirSync(dir)
  const tarballs = Object.fromEntries(
    PACKAGES.map((name) => {
      const file = files.find((f) => f.startsWith(`minicode-${name}-`) && f.endsWith('.tgz'))
      if (!file) throw new Error(`no tarball of packages/${name} in ${dir}`)
      return [name, path.join(dir, file)]
    }),
  ) as Record<PackageDir, string>
  return {
    dir,
    tarballs,
    cleanup() {
      if (!given) rmSync(dir, { recursive: true, force: true })
    },
  }
}
