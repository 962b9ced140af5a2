// Where a line may break, simplified from UAX #14 plus Chinese/Japanese kinsoku shori:
// - CJK ideographs, kana, Hangul and emoji may break before and after themselves;
// - other scripts (Latin, digits, Cyrillic…) break only at spaces: a word stays whole;
// - closing punctuation never starts a line: it sticks to what comes before it, so when it does not
//   fit, the previous character comes down with it;
// - opening brackets and currency signs never end a line: they stick to what follows.
import { inRanges, isPictographic, unpack } from './graphemes'

/** A piece of a paragraph that is never broken inside (unless it alone is wider than the line). */
export interface BreakUnit {
  graphemes: string[]
  /** Spaces: dropped at the end of a line and at the start of a wrapped one. */
  space: boolean
}

// Closing punctuation (line-start prohibited), CJK and ASCII:
//   ，。．、；：？！）］｝〕〉》」』】〙〗〟’”｠»…‥—～·・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％‰℃,.!?;:)]}%
// and opening punctuation and prefixes (line-end prohibited):
//   （［｛〔〈《「『【〘〖〝‘“｟«([{￥＄$¥£€#＃
// as sorted code points packed like the grapheme tables (base-32 steps, see graphemes.ts): a fifth of
// the bytes of the escaped strings a bundler writes. The tests hold the readable lists.
// Pure: so bundles that never lay out text drop the tables.
const CLOSE = /* @__PURE__ */ new Set(
  /* @__PURE__ */ unpack(
    '^),,+*4),F^(^B,dwA-,0)2c;`tF)+,****,**.^*****B^(**//)/)+****B^(**//)-)))^pm+,,+*4),F^()*',
  ),
)
const OPEN = /* @__PURE__ */ new Set(/* @__PURE__ */ unpack('^+),^;^(^0*.dx5,a8`wD****,**-^pt.),^;^(,a.'))
const isIn = (set: Set<number>, g: string): boolean => g.length === 1 && set.has(g.charCodeAt(0))

const SPACE = /^[ \t\u3000]+$/

// Break on both sides: CJK radicals, symbols, kana, Hangul compatibility jamo and ideographs
// (U+2E80–9FFF), Hangul syllables (AC00–D7AF), compatibility ideographs (F900–FAFF), CJK
// compatibility forms (FE30–FE4F), fullwidth forms (FF00–FFEF), emoji and regional indicators
// (1F000–1FAFF), ideograph extensions (20000–3FFFF); packed like the grapheme tables.
const BREAK_AROUND = /* @__PURE__ */ unpack('hq(yhG`])gz7eg9lGv9Gb9d7^y]9_tG^e)`||G')

/** True when a grapheme may break on both sides (ideographs, kana, Hangul, fullwidth forms, emoji). */
export function isBreakAround(grapheme: string): boolean {
  const cp = grapheme.codePointAt(0) as number
  return inRanges(BREAK_AROUND, cp) || isPictographic(cp)
}

type Kind = 'space' | 'word' | 'cjk'

function kindOf(g: string): Kind {
  if (SPACE.test(g)) return 'space'
  // Keycaps (1️⃣) start with an ASCII digit but are emoji.
  if (g.length > 1 && g.indexOf('\u20e3') > 0) return 'cjk'
  return isBreakAround(g) ? 'cjk' : 'word'
}

/**
 * Cuts one paragraph (no line feeds) into units a line may break between.
 *
 * @example breakUnits(splitGraphemes('你好，world ok')) // 你 | 好， | world | ␠ | ok
 */
export function breakUnits(graphemes: readonly string[]): BreakUnit[] {
  const units: BreakUnit[] = []
  let glueNext = false
  let i = 0
  while (i < graphemes.length) {
    const kind = kindOf(graphemes[i])
    let j = i + 1
    if (kind !== 'cjk') while (j < graphemes.length && kindOf(graphemes[j]) === kind) j++
    const run = graphemes.slice(i, j)
    i = j
    const last = units[units.length - 1]
    if (kind === 'space') {
      units.push({ graphemes: run, space: true })
      glueNext = false
      continue
    }
    // Kinsoku: a unit starting with closing punctuation joins the unit before it (unless that is a
    // space: "a ，" keeps its space as the break).
    if ((glueNext || isIn(CLOSE, run[0])) && last && !last.space) {
      last.graphemes.push(...run)
    } else {
      units.push({ graphemes: run, space: false })
    }
    glueNext = isIn(OPEN, run[run.length - 1])
  }
  return units
}

/** True for closing punctuation, which must not start a line. */
export function isLineStartProhibited(grapheme: string): boolean {
  return isIn(CLOSE, grapheme)
}
