import { MiniCodeError } from '@minicode/core'

/**
 * The placeholders a scene pattern may use. Everything else in a pattern is literal text, so a
 * pattern is never a user-written regular expression: it is compiled from these fixed pieces.
 */
const PLACEHOLDERS: Record<string, string> = {
  '<digits>': '[0-9]+',
  '<letters>': '[A-Za-z]+',
  '<alnum>': '[0-9A-Za-z]+',
  '<word>': '[0-9A-Za-z_-]+',
  '<hex>': '[0-9A-Fa-f]+',
}
// The characters WeChat allows in a scene (DESIGN.md), the only literal text a pattern may hold.
const SCENE_CHAR = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]$/
// Each placeholder is one `[…]+`; with at most this many in a pattern and scenes of at most 32
// characters, a match tries a bounded number of splits (no catastrophic backtracking).
const MAX_PLACEHOLDERS = 4

/** Tests a scene against the allowed patterns. */
export type SceneMatcher = (scene: string) => boolean

/**
 * Compiles `allowScenes` patterns such as `id=<digits>` or `sku=<word>&c=<alnum>`: literal scene
 * characters plus the placeholders `<digits>`, `<letters>`, `<alnum>`, `<word>` (letters, digits, `_`,
 * `-`) and `<hex>`, each one or more characters; the whole scene must match one pattern.
 * Throws 'invalid_request' (field 'allowScenes') for an unknown placeholder, a character no scene can
 * hold, two placeholders side by side, or more than four placeholders.
 */
export function compileScenePatterns(patterns: readonly string[]): SceneMatcher {
  const compiled = patterns.map(compileOne)
  return (scene) => compiled.some((re) => re.test(scene))
}

function compileOne(pattern: string): RegExp {
  const bad = (why: string) =>
    new MiniCodeError('invalid_request', `allowScenes pattern '${pattern.slice(0, 64)}' ${why}`, {
      field: 'allowScenes',
    })
  if (!pattern) throw bad('is empty.')
  let source = ''
  let placeholders = 0
  let lastWasPlaceholder = false
  for (let i = 0; i < pattern.length;) {
    if (pattern[i] === '<') {
      const end = pattern.indexOf('>', i)
      const name = end < 0 ? pattern.slice(i) : pattern.slice(i, end + 1)
      const piece = PLACEHOLDERS[name]
      if (!piece)
        throw bad(`has '${name.slice(0, 20)}': placeholders are ${Object.keys(PLACEHOLDERS).join(' ')}.`)
      if (lastWasPlaceholder)
        throw bad('has two placeholders side by side: put a literal character between them.')
      if (++placeholders > MAX_PLACEHOLDERS) throw bad(`has more than ${MAX_PLACEHOLDERS} placeholders.`)
      source += piece
      lastWasPlaceholder = true
      i = end + 1
      continue
    }
    const char = pattern[i]!
    if (!SCENE_CHAR.test(char)) throw bad(`has '${char}', which no scene can hold.`)
    source += `\\${char}`.replace(/^\\([0-9A-Za-z])$/, '$1')
    lastWasPlaceholder = false
    i++
  }
  return new RegExp(`^(?:${source})$`)
}
