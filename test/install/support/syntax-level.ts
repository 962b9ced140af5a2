// Which ECMAScript syntax a browserslist query can run, from caniuse's published support tables, and
// a parser check of built files at that level (acorn, which parses exactly one edition's grammar).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import browserslist from 'browserslist'
import * as caniuse from 'caniuse-lite'

/**
 * The syntax each edition adds, as caniuse feature ids. An edition counts as supported when every
 * target browser fully supports ('y') all features of it and of the editions before it.
 */
const EDITION_FEATURES: Array<[edition: 2015 | 2017 | 2020, features: string[]]> = [
  [
    2015,
    [
      'arrow-functions',
      'es6-class',
      'let',
      'const',
      'template-literals',
      'es6-generators',
      'rest-parameters',
    ],
  ],
  [2017, ['async-functions']],
  [2020, ['bigint']],
]

function fullySupports(featureId: string, target: string): boolean {
  const [browser, version] = target.split(' ')
  const stats = caniuse.feature(caniuse.features[featureId]).stats[browser]
  // A browser caniuse does not track (e.g. a new engine) cannot lower the level.
  if (!stats) return true
  const support = stats[version] ?? stats[version.split('-')[0]]
  return typeof support === 'string' && support.startsWith('y')
}

/** The newest ECMAScript edition every browser of `query` parses (5 when one lacks ES2015 syntax). */
export function syntaxLevelOf(query: string | readonly string[]): 5 | 2015 | 2017 | 2020 {
  const targets = browserslist(query as string | string[])
  let level: 5 | 2015 | 2017 | 2020 = 5
  for (const [edition, features] of EDITION_FEATURES) {
    if (!features.every((feature) => targets.every((target) => fullySupports(feature, target)))) break
    level = edition
  }
  return level
}

export interface SyntaxFailure {
  file: string
  message: string
  excerpt: string
}

/** Every .js file under `dir` that does not parse at `level`, with the offending spot. */
export function filesBeyondLevel(dir: string, level: number): SyntaxFailure[] {
  const failures: SyntaxFailure[] = []
  for (const file of listJs(dir)) {
    const source = readFileSync(file, 'utf8')
    try {
      parse(source, { ecmaVersion: level as 5, sourceType: 'script' })
    } catch (error) {
      const pos = (error as { pos?: number }).pos ?? 0
      failures.push({
        file: path.relative(dir, file),
        message: (error as Error).message,
        excerpt: source.slice(Math.max(0, pos - 60), pos + 30),
      })
    }
  }
  return failures
}

function listJs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return listJs(full)
    return entry.name.endsWith('.js') ? [full] : []
  })
}
