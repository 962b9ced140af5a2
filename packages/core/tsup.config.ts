import { defineConfig } from 'tsup'

export default defineConfig({
  // testing: the shared platform simulator, published as @minicode/core/testing.
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2018',
  treeshake: true,
  tsconfig: 'tsconfig.json',
})
