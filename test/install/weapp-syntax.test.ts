/**
 * Old clients: every JS file of the weapp build parses at the syntax level the declared browserslist
 * runs (project.config.json turns WeChat's own ES6 pass off, so nothing compiles it later).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { filesBeyondLevel, syntaxLevelOf } from './support/syntax-level'

const root = path.resolve(__dirname, '../..')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { browserslist: string[] }
const weapp = path.join(root, 'dist/weapp')

test('the declared browserslist reaches clients without ES2015 syntax, so the level is ES5', () => {
  // From caniuse's tables: iOS 8 Safari and Android 4.x browsers have no arrow functions or classes.
  expect(syntaxLevelOf(pkg.browserslist)).toBe(5)
  // ...and the same tables move the level when the targets move (the check is not a constant).
  expect(syntaxLevelOf(['chrome 100', 'safari 16'])).toBe(2020)
  expect(syntaxLevelOf(['safari 11'])).toBe(2017)
})

test('the checker fails on a file with syntax beyond the level and names it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minicode-syntax-'))
  try {
    writeFileSync(path.join(dir, 'old.js'), 'var a = function () { return 1 }')
    writeFileSync(path.join(dir, 'new.js'), 'class Q { size; f = () => this?.size }')
    expect(filesBeyondLevel(dir, 5).map((failure) => failure.file)).toEqual(['new.js'])
    expect(filesBeyondLevel(dir, 2022)).toEqual([])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('every JS file of dist/weapp parses at the browserslist level', () => {
  if (!existsSync(path.join(weapp, 'app.js'))) {
    throw new Error(
      'dist/weapp is not built: `npm test` builds it (scripts/test.mjs), or run `npm run build:weapp`',
    )
  }
  const failures = filesBeyondLevel(weapp, syntaxLevelOf(pkg.browserslist))
  // The first failing file and the syntax at fault, not just a count.
  expect(failures.slice(0, 1)).toEqual([])
})
