// A grapheme splitter for engines without Intl.Segmenter (WeChat's, Douyin's and Alipay's JS engines
// lack it). It follows UAX #29's extended grapheme cluster rules for what posters meet: CR LF,
// combining marks, variation selectors, emoji skin tones, ZWJ sequences, regional-indicator flags,
// keycaps, tag sequences (subdivision flags), Hangul jamo, Indic spacing marks. Tables are ranges,
// not \p{…} regexes, because Taro's Babel would expand those into kilobytes for old engines.

// Tables are sorted code point ranges [lo, hi], packed as steps: each number is added to the one
// before (lo = previous hi + step, hi = lo + step). A step is written in base 32 with no separator:
// its last digit is a character from '(' (0) to 'G' (31), the digits before it from ']' (0) to '|'
// (31): "u(" is 24 * 32 + 0 = 0x300 and "`7" is 3 * 32 + 15 = 0x6f, so "u(`7" is [0x300, 0x36f].
// Packed, they are a fifth of the bytes of a number array. Unpack with `unpack`; pack with
//   const digits = (n, last = true) => (n >= 32 ? digits(Math.floor(n / 32), false) : '') + String.fromCharCode((last ? 40 : 93) + (n % 32))
//   ranges.flatMap(([lo, hi], i) => [lo - (i ? ranges[i - 1][1] : 0), hi - lo]).map((n) => digits(n)).join('')
export function unpack(packed: string): number[] {
  const out: number[] = []
  let at = 0
  let n = 0
  for (let i = 0; i < packed.length; i++) {
    const c = packed.charCodeAt(i)
    n = n * 32 + (c < 93 ? c - 40 : c - 93)
    if (c < 93) {
      out.push((at += n))
      n = 0
    }
  }
  return out
}

// Grapheme_Extend / SpacingMark ranges (Mn, Me, Mc in the blocks text on posters uses), from
// U+0300–036F (combining diacritics) to U+E0100–E01EF (variation selectors supplement).
const EXTEND = /* @__PURE__ */ unpack(
  'u(`7e<.e0^4*(*)*)*(_12^9<9(`..+-+)*+^,(GB_D2^C0^+?^4*^E/^3?*^(^?**9*.3)F*^A(*72(3)F*^A=G),(4*^A(*7=)F*^A(*A3)G(^D72(^1,^@(*@4)F*^A(*@4)E+^@)*72(3)F*_/=;)^F(*/5/`+(*14._2)D(*(*(-)^:;*).^72(`-;@+-*9+63*(3+s(*z;+E*F)G)_)G2(^6**(`>)^+(`?CcD,^B^2^9_7),^88^/05*G4^A5^9;aA**<-(/(+*c/^Gm5(c,^(_|G*a6(`)Gn3-`2)zk=+*1^))_9)e9(,(-(@,-(_<)^;9C96(^//B4^5+^85^-(_,55(1)^6*^;(**+).)*(^2,.)d5/*)pv9(t*797h7)^z_D,u`^)_Ga)d7',
)

// Extended_Pictographic, coarsely: what may follow a ZWJ inside an emoji sequence (U+00A9 … U+1FAFF),
// without the regional indicators and skin-tone modifiers that sit inside the emoji block.
const PICTO = /* @__PURE__ */ unpack('b1(-(dy6(5(cA(?(_C>h8d-c+(d0_<*jGh=)k8_8^cC(5(oB(*(`lh/l-ClB.^tG')

const ZWJ = 0x200d
const isRegional = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff

/** True when cp is inside one of the table's [lo, hi] ranges. */
export function inRanges(table: readonly number[], cp: number): boolean {
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
  return inRanges(PICTO, cp)
}

// Hangul syllable parts: 1 L (leading jamo), 2 V (vowel), 3 T (trailing), 4 LV, 5 LVT (precomposed).
function hangul(cp: number): number {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0xa960 && cp <= 0xa97c)
    ? 1
    : (cp >= 0x1160 && cp <= 0x11a7) || (cp >= 0xd7b0 && cp <= 0xd7c6)
      ? 2
      : (cp >= 0x11a8 && cp <= 0x11ff) || (cp >= 0xd7cb && cp <= 0xd7fb)
        ? 3
        : cp >= 0xac00 && cp <= 0xd7a3
          ? (cp - 0xac00) % 28
            ? 5
            : 4
          : 0
}
// GB6–8 as bits: bit (5 × before + after − 6) is set when the two parts join. L joins L, V, LV, LVT;
// V and LV join V, T; T and LVT join T.
const HANGUL_JOINS = 0b10000110001000011011011

// GB9c: an Indic consonant after a virama (InCB=Linker) continues the conjunct: क्ष is one grapheme.
const INDIC_BLOCKS = [0x0900, 0x0980, 0x0a80, 0x0b00, 0x0c00, 0x0d00]
function isIndicConsonant(cp: number, linker: number): boolean {
  const off = cp - (linker - 0x4d)
  return (off >= 0x15 && off <= 0x39) || (off >= 0x58 && off <= 0x5f) || (off >= 0x78 && off <= 0x7f)
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
  for (let i = 0; i < text.length; i += prev > 0xffff ? 2 : 1) {
    const cp = text.codePointAt(i) as number
    const extend = isExtend(cp)
    const picto = isPictographic(cp)
    const regional = isRegional(cp)
    const a = hangul(prev)
    const b = hangul(cp)
    const join =
      prev >= 0 &&
      (prev === 0x0d
        ? cp === 0x0a
        : prev !== 0x0a &&
          cp !== 0x0d &&
          cp !== 0x0a &&
          (extend ||
            (prev === ZWJ
              ? pictoRun && picto
              : isRegional(prev) && regional
                ? riCount % 2 === 1
                : (linker >= 0 && isIndicConsonant(cp, linker)) ||
                  (a > 0 && b > 0 && ((HANGUL_JOINS >> (5 * a + b - 6)) & 1) === 1))))
    if (!join && prev >= 0) {
      out.push(text.slice(start, i))
      start = i
    }
    // pictoRun: the cluster so far is ExtPict Extend* (optionally ... ZWJ ExtPict Extend*).
    if (!join) {
      pictoRun = picto
      riCount = regional ? 1 : 0
    } else if (regional) {
      riCount++
    } else if (picto) {
      pictoRun = prev === ZWJ && pictoRun
    } else if (!extend) {
      pictoRun = false
    }
    if (INDIC_BLOCKS.indexOf(cp - 0x4d) >= 0) linker = cp
    else if (!extend) linker = -1
    prev = cp
  }
  if (start < text.length) out.push(text.slice(start))
  return out
}
