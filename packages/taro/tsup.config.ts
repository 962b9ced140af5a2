import { defineConfig } from 'tsup'
import { devConstant } from '../../scripts/dev-constant'

const common = {
  sourcemap: false,
  target: 'es2018',
  treeshake: true,
  tsconfig: 'tsconfig.json',
  external: ['react', 'react/jsx-runtime', '@tarojs/taro', '@tarojs/components', '@minicode/core'],
  // `__DEV__` becomes `(process.env.NODE_ENV !== 'production')`: the app's bundler folds it.
  esbuildPlugins: [devConstant()],
}

export default defineConfig([
  {
    ...common,
    // ESM: one file per module, so a page's bundle imports only the react hooks and Taro components
    // of the modules it uses (a single file makes every page keep every import list).
    // The folder barrels (src/*/index.ts) are left out: as entries that index.ts also imports, each became
    // an empty shared chunk that every page imported for nothing.
    entry: ['src/**/*.ts', 'src/**/*.tsx', '!src/**/__tests__/**', '!src/*/index.ts'],
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts' } },
    clean: true,
  },
  { ...common, entry: { index: 'src/index.ts' }, format: ['cjs'], dts: { entry: { index: 'src/index.ts' } } },
])
