import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'poster-worker': 'src/cli/poster-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: false,
  target: 'node18',
  platform: 'node',
  tsconfig: 'tsconfig.json',
})
