#!/usr/bin/env node
// npm run bench:server — bundles packages/server/bench/bench.ts (workspace sources, no build needed)
// and runs it: warm-cache req/s vs bare node:http and with session tokens, cold-cache upstream calls,
// `minicode gen` pacing.
// Env: BENCH_ONLY=warm|cold|gen|links|poster|poster-cli, BENCH_POSTER_ROWS (1000), BENCH_SECONDS (per load round, 4), BENCH_GEN_CODES (10000), BENCH_GEN_RATE (100).
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Inside the repository, so the bundle's native externals (@napi-rs/canvas, @resvg/resvg-js) resolve.
const dir = await mkdtemp(join(root, '.bench-'))
const outfile = join(dir, 'bench.cjs')
// The bench, and `minicode poster`'s render thread beside it.
await build({
  entryPoints: {
    bench: join(root, 'packages/server/bench/bench.ts'),
    'poster-worker': join(root, 'packages/server/src/cli/poster-worker.ts'),
  },
  outdir: dir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  tsconfig: join(root, 'tsconfig.json'),
  // core's development-only messages (the build constant the package builds define).
  define: { __DEV__: 'true' },
  external: ['@napi-rs/canvas', '@resvg/resvg-js'],
  logLevel: 'warning',
})
const child = spawn(process.execPath, [outfile], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_POSTER_WORKER: join(dir, 'poster-worker.cjs') },
})
const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c ?? 1)))
await rm(dir, { recursive: true, force: true })
process.exit(code)
