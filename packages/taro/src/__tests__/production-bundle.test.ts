/**
 * @jest-environment node
 */
// What an app's production build of the Taro package keeps: no development advice. Bundled from the
// sources the way the package build does it (`__DEV__` replaced by scripts/dev-constant.ts), then
// with NODE_ENV as the app's bundler defines it.
import path from 'node:path'
import { build } from 'esbuild'
import { devConstant } from '../../../../scripts/dev-constant'

// Development advice from the backends and platform adapters (each one appears in a development build).
const ADVICE = [
  'raise timeoutMs',
  'request allow-list',
  "Check the URL and the server's logs",
  'call Taro.cloud.init() first',
  'httpBackend needs an http(s) url',
  'without a session token',
]

async function bundle(nodeEnv: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, '../index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    external: ['react', 'react/jsx-runtime', '@tarojs/taro', '@tarojs/components', 'uqr', 'fflate'],
    alias: { '@minicode/core': path.join(__dirname, '../../../core/src/index.ts') },
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv), 'process.env.TARO_ENV': '"weapp"' },
    plugins: [devConstant()],
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

test('a development build carries the advice; a production build drops every piece of it', async () => {
  const development = await bundle('development')
  const production = await bundle('production')
  expect(ADVICE.filter((advice) => !development.includes(advice))).toEqual([])
  expect(ADVICE.filter((advice) => production.includes(advice))).toEqual([])
  expect(production).not.toMatch(/\b__DEV__\b|process\.env\.NODE_ENV/)
}, 30_000)
