import { defineConfig } from 'tsup'
import { devConstant } from '../../scripts/dev-constant'

const common = {
  format: ['esm', 'cjs'] as const,
  sourcemap: false,
  target: 'es2018',
  treeshake: true,
  tsconfig: 'tsconfig.json',
}

export default defineConfig([
  {
    ...common,
    // testing: the shared platform simulator, published as @minicode/core/testing.
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    // For bundlers: `__DEV__` becomes `(process.env.NODE_ENV !== 'production')`, which the app's
    // bundler folds, so its production build drops the development-only text.
    esbuildPlugins: [devConstant()],
  },
  {
    ...common,
    // The "node" export: servers and CLIs keep the long how-to-fix messages whatever NODE_ENV says
    // (they cost nothing there, and an operator reads them in logs and HTTP answers).
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    outDir: 'dist-node',
    clean: true,
    define: { __DEV__: 'true', 'process.env.NODE_ENV': '"development"' },
  },
])
