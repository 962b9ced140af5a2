// One jest run, one project per layer. Sources are tested directly (no build needed).
const minicodeSources = {
  '^@minicode/(core|taro|server|wechat-sim)$': '<rootDir>/packages/$1/src/index.ts',
  '^@minicode/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
}

// Taro's H5 runtime pulls in many untranspiled ESM packages (@tarojs, @stencil, swiper, query-string,
// ics' deps...): transform node_modules except the big CommonJS ones that need no help.
const transformTaroModules = [
  '/node_modules/(react|react-dom|react-is|scheduler|lodash|@babel|core-js|core-js-pure|jsdom|@testing-library|pretty-format)/',
]

// Sources are tested as the Node dist ships them: development checks on (types/dev.d.ts).
const globals = { __DEV__: true }

const node = (displayName, roots, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  roots,
  testEnvironment: 'node',
  globals,
  moduleNameMapper: minicodeSources,
  testMatch: ['**/__tests__/**/*.test.[jt]s?(x)', '**/*.test.[jt]s?(x)'],
  ...extra,
})

module.exports = {
  projects: [
    node('core', ['<rootDir>/packages/core']),
    node('server', ['<rootDir>/packages/server', '<rootDir>/packages/wechat-sim']),
    {
      displayName: 'taro',
      rootDir: __dirname,
      roots: ['<rootDir>/packages/taro', '<rootDir>/src'],
      testEnvironment: 'jsdom',
      globals,
      testMatch: ['**/__tests__/**/*.test.[jt]s?(x)'],
      transformIgnorePatterns: transformTaroModules,
      transform: { '\\.[mc]?[jt]sx?$': 'babel-jest' },
      setupFiles: ['<rootDir>/test/shims/setup-taro.js'],
      moduleNameMapper: {
        ...minicodeSources,
        '^@tarojs/taro$': '<rootDir>/test/shims/taro.js',
        '^lodash-es$': 'lodash',
        '^lodash-es/(.*)$': 'lodash/$1',
        '^@tarojs/components$': '@tarojs/components/lib/react/index',
        '\\.(css|less|scss)$': '<rootDir>/test/shims/style.js',
      },
    },
    node('integration', ['<rootDir>/test'], { testMatch: ['<rootDir>/test/**/*.test.[jt]s?(x)'] }),
  ],
}
