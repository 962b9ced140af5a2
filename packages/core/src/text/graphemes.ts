// A grapheme splitter for engines without Intl.Segmenter (WeChat's, Douyin's and Alipay's JS engines
// lack it). It follows UAX #29's extended grapheme cluster rules for what posters meet: CR LF,
// combining marks, variation selectors, emoji skin tones, ZWJ sequences, regional-indicator flags,
// keycaps, tag sequences (subdivision flags), Hangul jamo, Indic spacing marks. Tables are ranges,
// not \p{…} regexes, because Taro's Babel would expand those into kilobytes for old engines.

// Tables are sorted code point ranges [lo, hi], packed as base-36 steps: each number is added to the
// one before (lo = previous hi + step, hi = lo + step), so "lc 33" is [0x300, 0x36f]. Packed, they
// are a third of the bytes of a number array. Unpack with `unpack`; pack with
//   ranges.flatMap(([lo, hi], i) => [lo - (i ? ranges[i - 1][1] : 0), hi - lo]).map((n) => n.toString(36)).join(' ')
export function unpack(packed: string): number[] {
  let at = 0
  return packed.split(' ').map((step) => (at += parseInt(step, 36)))
}

// Grapheme_Extend / SpacingMark ranges (Mn, Me, Mc in the blocks text on posters uses), from
// U+0300–036F (combining diacritics) to U+E0100–E01EF (variation selectors supplement).
const EXTEND = /* @__PURE__ */ unpack(
  'lc 33 7o 6 7c 18 2 0 2 1 2 1 2 0 21 a 1d k h 0 2u 6 3 5 3 1 2 3 10 0 v q 2k a 1n 8 z n 18 2 1p 7 ' +
    '17 n 2 w 1j 2 2 h 2 6 b 1 u 2 1l 0 2 f a 0 b 1 u 2 1l l v 1 4 0 c 2 1l 0 2 f l 1 u 2 1l 0 2 p b ' +
    '1 v 0 1o f a 0 15 4 1k 0 2 o c 1 u 2 1l 0 2 o c 1 t 3 1k 1 2 f a 0 b 1 u 2 1z l j 1 1q 0 2 7 d 7 ' +
    '2r 0 2 9 c 6 22 1 s 0 2 0 2 0 5 1 1e j 2 1 6 1b a 0 2t j o 3 5 2 h 3 e b 2 0 b 3 jk 2 qb 3 t 2 u ' +
    '1 v 1 1t v a 0 1a 2 2 0 3a 1 z 0 3b r 64 4 1m 16 1d 27 1 4 1c g 13 8 d 2 v c 1l d 1d j 49 2 2 k ' +
    '5 0 7 0 3 2 5j 1r el 0 5g w 2db 2 3y 0 2p v ff 5 2y 1 n9x 3 2 9 x 1 29 1 7l 0 4 0 5 0 o 4 5 0 2c ' +
    '1 1f h r h e 0 13 7 q c 19 3 1c d 11 0 1w d d 0 9 1 1a 2 1f 0 2 2 3 1 6 1 2 0 16 4 6 1 6l 7 2 1 ' +
    'fn5 0 ki f h f a7 1 1c9o 4 gx7l 2n 3l 6n',
)

// Extended_Pictographic, coarsely: what may follow a ZWJ inside an emoji sequence (U+00A9 … U+1FAFF).
const PICTO = /* @__PURE__ */ unpack(
  '4p 0 5 0 68e 0 d 0 61 0 n 0 2j m a8 6d 5f 0 6g 2c 2 cf ad 1 cw 28 yj 0 d 0 gq 0 2 0 2fzb 267',
)

const ZWJ = 0x200d
const isRegional = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff

function inRanges(table: readonly number[], cp: number): boolean {
  // Binary search over [lo, hi] pairs.
  let a = 0
  let b = table.length / 2 - 1
  while (a <= b) {
    const m = (a + b) >> 1
    if (cp < table[2 * m]) b = m - 1
    else if (cp > table[2 * m + 1]) a = m + 1
    else return true
  }
  return false
}

/** True for code points that never start a grapheme (combining marks, selectors, skin tones, ZWJ, tags). */
export function isExtend(cp: number): boolean {
  return cp === ZWJ || inRanges(EXTEND, cp)
}

/** True for pictographic (emoji-like) code points. */
export function isPictographic(cp: number): boolean {
  // Regional indicators and skin-tone modifiers sit inside the emoji block but are not pictographs.
  if (isRegional(cp) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) return false
  return inRanges(PICTO, cp)
}

// Hangul syllable parts: L = leading jamo, V = vowel, T = trailing, LV / LVT = precomposed syllables.
function hangul(cp: number): 'L' | 'V' | 'T' | 'LV' | 'LVT' | null {
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0xa960 && cp <= 0xa97c)) return 'L'
  if ((cp >= 0x1160 && cp <= 0x11a7) || (cp >= 0xd7b0 && cp <= 0xd7c6)) return 'V'
  if ((cp >= 0x11a8 && cp <= 0x11ff) || (cp >= 0xd7cb && cp <= 0xd7fb)) return 'T'
  if (cp >= 0xac00 && cp <= 0xd7a3) return (cp - 0xac00) % 28 === 0 ? 'LV' : 'LVT'
  return null
}

// GB9c: an Indic consonant after a virama (InCB=Linker) continues the conjunct: क्ष is one grapheme.
const INDIC_BLOCKS = [0x0900, 0x0980, 0x0a80, 0x0b00, 0x0c00, 0x0d00]
function isLinker(cp: number): boolean {
  return INDIC_BLOCKS.indexOf(cp - 0x4d) >= 0
}
function isIndicConsonant(cp: number, linker: number): boolean {
  const off = cp - (linker - 0x4d)
  return (off >= 0x15 && off <= 0x39) || (off >= 0x58 && off <= 0x5f) || (off >= 0x78 && off <= 0x7f)
}

function joinsHangul(prev: number, next: number): boolean {
  const a = hangul(prev)
  const b = hangul(next)
  if (!a || !b) return false
  if (a === 'L') return b !== 'T'
  if (a === 'V' || a === 'LV') return b === 'V' || b === 'T'
  return b === 'T' // T, LVT
}

/**
 * Splits text into user-perceived characters (extended grapheme clusters), without Intl.Segmenter.
 * '\r\n' stays one cluster; a lone surrogate is a cluster of its own.
 *
 * @example splitGraphemes('👨‍👩‍👧‍👦ok🇨🇳') // ['👨‍👩‍👧‍👦', 'o', 'k', '🇨🇳']
 */
export function splitGraphemes(text: string): string[] {
  const out: string[] = []
  let start = 0
  let prev = -1
  // State for GB11 (emoji ZWJ emoji) and GB12/13 (flags pair up).
  let pictoRun = false
  let riCount = 0
  let linker = -1 // the virama the cluster ends with (extends in between allowed), or -1
  let i = 0
  while (i < text.length) {
    const cp = text.codePointAt(i) as number
    const size = cp > 0xffff ? 2 : 1
    let join = false
    if (prev >= 0) {
      if (prev === 0x0d) join = cp === 0x0a
      else if (prev === 0x0a || cp === 0x0d || cp === 0x0a) join = false
      else if (isExtend(cp)) join = true
      else if (prev === ZWJ) join = pictoRun && isPictographic(cp)
      else if (isRegional(prev) && isRegional(cp)) join = riCount % 2 === 1
      else if (linker >= 0 && isIndicConsonant(cp, linker)) join = true
      else join = joinsHangul(prev, cp)
    }
    if (!join && prev >= 0) {
      out.push(text.slice(start, i))
      start = i
    }
    // pictoRun: the cluster so far is ExtPict Extend* (optionally ... ZWJ ExtPict Extend*).
    if (!join) {
      pictoRun = isPictographic(cp)
      riCount = isRegional(cp) ? 1 : 0
    } else if (isRegional(cp)) {
      riCount++
    } else if (isPictographic(cp)) {
      pictoRun = prev === ZWJ && pictoRun
    } else if (!isExtend(cp)) {
      pictoRun = false
    }
    if (isLinker(cp)) linker = cp
    else if (!isExtend(cp)) linker = -1
    prev = cp
    i += size
  }
  if (start < text.length) out.push(text.slice(start))
  return out
}
