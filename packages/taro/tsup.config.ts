import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2018',
  treeshake: true,
  tsconfig: 'tsconfig.json',
  external: ['react', 'react/jsx-runtime', '@tarojs/taro', '@tarojs/components', '@minicode/core'],
})
