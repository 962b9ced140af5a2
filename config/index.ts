import { existsSync } from 'node:fs'
import path from 'node:path'
// Types only: a value import of @tarojs/cli loads its native binding just to read this file.
import type { UserConfigExport, UserConfigFn } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const root = path.resolve(__dirname, '..')

// The demo compiles the workspace packages from source, so `npm start` needs no package build first.
const alias = {
  '@minicode/core': path.join(root, 'packages/core/src'),
  '@minicode/taro': path.join(root, 'packages/taro/src'),
}
// ...and Taro's loaders only compile src/ unless told otherwise.
const compile = { include: [path.join(root, 'packages/core/src'), path.join(root, 'packages/taro/src')] }
// Dependencies that ship syntax newer than the browserslist in package.json (uqr: arrow functions and
// class fields) are compiled for mini-programs too: project.config.json turns WeChat's own ES6 pass off,
// and old Android and iOS clients fail to parse them. test/install/weapp-syntax.test.ts keeps this true.
// (Taro's config check takes only path strings here, not RegExps: a RegExp fails the build.)
const newerSyntaxDependencies = [packageDir('uqr', path.join(root, 'packages/core'))]

/**
 * The folder of package `name` as Node finds it from `from` (the nearest node_modules/name up the tree),
 * wherever the install hoisted it. uqr's exports map hides its package.json from require.resolve.
 */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(candidate)) return candidate
    if (path.dirname(dir) === dir)
      throw new Error(`config: ${name} is not installed (looked up from ${from})`)
  }
}

const config: UserConfigFn<'webpack5'> = async (merge, { mode }) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'minicode-demo',
    date: '2026-11-21',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      // Where the H5 demo's httpBackend asks for codes; scripts/start.mjs proxies it to the server.
      MINICODE_ENDPOINT: JSON.stringify(process.env.MINICODE_ENDPOINT ?? '/minicode'),
      // Development-only checks in the packages' sources (types/dev.d.ts). A literal, computed here from the
      // NODE_ENV the Taro CLI has already set: DefinePlugin would paste an expression's text unreplaced.
      __DEV__: JSON.stringify(process.env.NODE_ENV !== 'production'),
    },
    alias,
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [...compile.include, ...newerSyntaxDependencies] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile,
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  }
  if (mode === 'development' || process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
}

export default config
