// One jest run, one project per layer. Sources are tested directly (no build needed).
const minicodeSources = {
  '^@minicode/(core|taro|server|wechat-sim)$': '<rootDir>/packages/$1/src/index.ts',
  '^@minicode/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
}

// @tarojs, @stencil and swiper ship untranspiled ESM (.mjs included).
const transformTaroModules = ['/node_modules/(?!(@tarojs|@stencil|swiper)/)']

const node = (displayName, roots, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  roots,
  testEnvironment: 'node',
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
      testMatch: ['**/__tests__/**/*.test.[jt]s?(x)'],
      transformIgnorePatterns: transformTaroModules,
      transform: { '\\.[mc]?[jt]sx?$': 'babel-jest' },
      setupFiles: ['<rootDir>/test/shims/setup-taro.js'],
      moduleNameMapper: {
        ...minicodeSources,
        '^@tarojs/taro$': '<rootDir>/test/shims/taro.js',
        '^@tarojs/components$': '@tarojs/components/lib/react/index',
        '\\.(css|less|scss)$': '<rootDir>/test/shims/style.js',
      },
    },
    node('integration', ['<rootDir>/test'], { testMatch: ['<rootDir>/test/**/*.test.[jt]s?(x)'] }),
  ],
}
