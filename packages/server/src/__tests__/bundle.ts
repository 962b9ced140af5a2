import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const root = resolve(__dirname, '../../../..')

/**
 * Bundles a TypeScript entry (with the workspace sources, as jest sees them) into one CommonJS file,
 * so a child process can run it with plain `node`, no build step needed. Returns its path.
 */
export async function bundle(entry: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'minicode-bundle-'))
  const outfile = join(dir, 'entry.cjs')
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    tsconfig: join(root, 'tsconfig.json'),
    // core's development-only messages (the build constant the package builds define).
    define: { __DEV__: 'true' },
    logLevel: 'silent',
  })
  return outfile
}

export const workspaceRoot = root
