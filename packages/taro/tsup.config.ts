import { defineConfig } from 'tsup'

const common = {
  sourcemap: false,
  target: 'es2018',
  treeshake: true,
  tsconfig: 'tsconfig.json',
  external: ['react', 'react/jsx-runtime', '@tarojs/taro', '@tarojs/components', '@minicode/core'],
}

export default defineConfig([
  {
    ...common,
    // ESM: one file per module, so a page's bundle imports only the react hooks and Taro components
    // of the modules it uses (a single file makes every page keep every import list).
    entry: ['src/**/*.ts', 'src/**/*.tsx', '!src/**/__tests__/**'],
    format: ['esm'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts' } },
    clean: true,
  },
  { ...common, entry: { index: 'src/index.ts' }, format: ['cjs'], dts: { entry: { index: 'src/index.ts' } } },
])
