import { defineConfig } from 'tsup'

export default defineConfig({
  // cli: what bin/minicode-wechat-sim.mjs runs.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: false,
  target: 'node18',
  platform: 'node',
  tsconfig: 'tsconfig.json',
})
