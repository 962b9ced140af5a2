import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-node/**',
      'coverage/**',
      '.swc/**',
      'packages/server/cloudfunction/**/node_modules/**',
      // Generated from an old commit for bench:poster to time against; never edited.
      'scripts/bench/baseline-layout-text.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Readable code (issue #11): strict equality, no nested ternaries, no comma sequences.
    rules: {
      eqeqeq: ['error', 'always'],
      'no-nested-ternary': 'error',
      'no-sequences': 'error',
    },
  },
  {
    // `a && a.b` -> `a?.b`. The rule needs types: the root tsconfig is one program over every
    // package's sources; the rule runs on the sources only, which keeps `eslint .` under a minute.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    ignores: ['**/__tests__/**', '**/*.d.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/prefer-optional-chain': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // core is pure: no React, no Taro, no Node built-ins. Platform IO comes in through ports.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'react/*'], message: 'core knows no React' },
            { group: ['@tarojs/*'], message: 'core knows no Taro' },
            { group: ['node:*'], message: 'core knows no Node built-ins: take a port' },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'http',
            'https',
            'crypto',
            'buffer',
            'zlib',
            'stream',
            'child_process',
            'url',
            'util',
            'events',
          ].map((name) => ({ name, message: 'core knows no Node built-ins: take a port' })),
        },
      ],
    },
  },
  {
    files: ['packages/taro/src/**/*.{ts,tsx}', 'src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
)
