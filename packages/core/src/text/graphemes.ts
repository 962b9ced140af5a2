// Extended grapheme clusters (UAX #29), without Intl.Segmenter: WeChat's, Douyin's and Alipay's JS
// engines lack it. The rules below are the spec's, in its order, over the Grapheme_Cluster_Break,
// Extended_Pictographic and Indic_Conjunct_Break properties generated from the UCD into
// unicode-tables.ts. Checked against every line of Unicode's GraphemeBreakTest.txt.
import {
  CR,
  LF,
  Control,
  Extend,
  ZWJ,
  RegionalIndicator,
  Prepend,
  SpacingMark,
  L,
  V,
  T,
  LV,
  LVT,
  ExtendedPictographic,
  ConjunctConsonant,
  ConjunctLinker,
  ConjunctExtend,
} from './grapheme-class'
import { graphemeClassOf } from './character-class'

const isControl = (c: number): boolean => c === Control || c === CR || c === LF
// Grapheme_Cluster_Break=Extend, whatever its Indic_Conjunct_Break.
const isExtend = (c: number): boolean => c === Extend || c === ConjunctExtend || c === ConjunctLinker

/** What the rules must remember of the cluster so far, beyond the last code point. */
interface ClusterState {
  /** GB11: the cluster so far ends with ExtPict Extend* (1) or ExtPict Extend* ZWJ (2); else 0. */
  emoji: number
  /** GB9c: it ends with Consonant [Extend Linker]* (1) or with one holding a Linker (2); else 0. */
  conjunct: number
  /** GB12/13: regional indicators in a row at its end. */
  regional: number
}

/** True when there is no grapheme boundary between a code point of class `before` and one of `after`. */
function joins(before: number, after: number, state: ClusterState): boolean {
  // GB3: CR × LF
  if (before === CR && after === LF) return true
  // GB4: (Control | CR | LF) ÷
  if (isControl(before)) return false
  // GB5: ÷ (Control | CR | LF)
  if (isControl(after)) return false
  // GB6: L × (L | V | LV | LVT)
  if (before === L && (after === L || after === V || after === LV || after === LVT)) return true
  // GB7: (LV | V) × (V | T)
  if ((before === LV || before === V) && (after === V || after === T)) return true
  // GB8: (LVT | T) × T
  if ((before === LVT || before === T) && after === T) return true
  // GB9: × (Extend | ZWJ)
  if (isExtend(after) || after === ZWJ) return true
  // GB9a: × SpacingMark
  if (after === SpacingMark) return true
  // GB9b: Prepend ×
  if (before === Prepend) return true
  // GB9c: Consonant [Extend Linker]* Linker [Extend Linker]* × Consonant
  if (state.conjunct === 2 && after === ConjunctConsonant) return true
  // GB11: ExtPict Extend* ZWJ × ExtPict
  if (state.emoji === 2 && after === ExtendedPictographic) return true
  // GB12, GB13: an odd number of regional indicators before × RI (flags pair up)
  if (before === RegionalIndicator && after === RegionalIndicator && state.regional % 2 === 1) return true
  // GB999: ÷ everywhere else
  return false
}

/** The state after adding a code point of class `c` to a cluster (joined: it continues one). */
function advance(state: ClusterState, c: number, joined: boolean): void {
  if (c === ExtendedPictographic) {
    state.emoji = 1
  } else if (state.emoji === 1 && isExtend(c)) {
    state.emoji = 1
  } else if (state.emoji === 1 && c === ZWJ) {
    state.emoji = 2
  } else {
    state.emoji = 0
  }

  // GB9c's run: a Consonant, then Extend and Linker marks (ZWJ is Indic_Conjunct_Break=Extend too, so
  // क्‍ष, with a ZWJ after the virama, stays one cluster).
  const continuesConjunct = c === ConjunctLinker || c === ConjunctExtend || c === ZWJ
  if (c === ConjunctConsonant) {
    state.conjunct = 1
  } else if (!continuesConjunct) {
    state.conjunct = 0
  } else if (state.conjunct > 0 && c === ConjunctLinker) {
    state.conjunct = 2
  }

  if (c !== RegionalIndicator) state.regional = 0
  else if (joined) state.regional++
  else state.regional = 1
}

/**
 * Splits text into user-perceived characters (extended grapheme clusters, UAX #29), without
 * Intl.Segmenter. '\r\n' stays one cluster; a lone surrogate is a cluster of its own.
 *
 * @example splitGraphemes('👨‍👩‍👧‍👦ok🇨🇳क्ष') // ['👨‍👩‍👧‍👦', 'o', 'k', '🇨🇳', 'क्ष']
 */
export function splitGraphemes(text: string): string[] {
  const out: string[] = []
  if (text === '') return out
  const state: ClusterState = { emoji: 0, conjunct: 0, regional: 0 }
  let start = 0
  let cp = text.codePointAt(0) as number
  let before = graphemeClassOf(cp)
  advance(state, before, false)
  for (let i = cp > 0xffff ? 2 : 1; i < text.length; i += cp > 0xffff ? 2 : 1) {
    cp = text.codePointAt(i) as number
    const after = graphemeClassOf(cp)
    const joined = joins(before, after, state)
    if (!joined) {
      out.push(text.slice(start, i))
      start = i
    }
    advance(state, after, joined)
    before = after
  }
  out.push(text.slice(start))
  return out
}
