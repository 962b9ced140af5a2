// The consumer's own Taro config: the packages come from node_modules, compiled like any dependency.
import path from 'node:path'
import type { UserConfigExport, UserConfigFn } from '@tarojs/cli'

// @minicode/* ships ES2018, and its QR encoder (uqr) newer syntax still: compile both for mini-programs
// so the browserslist's old clients can parse them (project.config.json turns WeChat's ES6 pass off).
const compileForOldClients = ['@minicode', 'uqr'].map((name) =>
  path.resolve(__dirname, '..', 'node_modules', name),
)

const config: UserConfigFn<'webpack5'> = async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'minicode-consumer-app',
    date: '2026-12-02',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      CONSUMER_MINICODE_URL: JSON.stringify(process.env.MINICODE_URL ?? '/minicode'),
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: compileForOldClients },
      postcss: { pxtransform: { enable: true, config: {} } },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      postcss: { autoprefixer: { enable: true, config: {} } },
    },
  }
  return merge({}, base)
}

export default config
