// Line break opportunities (UAX #14, the Unicode line breaking algorithm), with an optional tailoring
// for Chinese and Japanese text. The rules below are the spec's pair rules, in its order, over the
// Line_Break classes generated from the UCD into unicode-tables.ts (LB1's default resolution is done
// there: AI, SG, XX -> AL; SA -> CM or AL; CJ -> NS). Untailored, they pass every line of Unicode's
// LineBreakTest.txt.
// prettier-ignore
import {
  AL, BK, CR, LF, NL, SP, ZW, ZWJ, CM, WJ, GL, CL, CP, EX, IS, SY, OP, QU, QU_Pi, QU_Pf, NS, IN, HY, BA,
  BB, B2, CB, PR, PO, NU, HL, ID, EB, EM, H2, H3, JL, JV, JT, RI, AK, AP, AS, VF, VI,
} from './line-break-class'
import { isEastAsian, isUnassignedPictographic, lineBreakClassOf } from './character-class'

/** What may happen before a code unit: no break, a break opportunity, or a mandatory break. */
export const Break = { None: 0, Allowed: 1, Mandatory: 2 } as const

const DOTTED_CIRCLE = 0x25cc
const HYPHEN = 0x2010
// No character: where a rule looks before the first one (start of text) or after the last (end of text).
const SOT = -1
const EOT = -1

const isQuote = (c: number): boolean => c === QU || c === QU_Pi || c === QU_Pf
const isHardBreak = (c: number): boolean => c === BK || c === CR || c === LF || c === NL
const isKorean = (c: number): boolean => c === JL || c === JV || c === JT || c === H2 || c === H3
const isLetter = (c: number): boolean => c === AL || c === HL

/**
 * The text's characters after LB9 and LB10: each combining mark (CM) or ZWJ joins the character
 * before it, whose class the pair keeps; one that cannot (at the start, after a space or a break)
 * counts as U+0041, class AL.
 */
interface Items {
  count: number
  /** Code unit offset where the item starts. */
  start: Int32Array
  cls: Uint8Array
  /** The item's base code point (0x41 for a lone mark). */
  cp: Int32Array
  /** The item's last code point is a ZWJ (LB8a looks at the raw character). */
  endsWithZwj: Uint8Array
}

function itemsOf(text: string): Items {
  const n = text.length
  const items: Items = {
    count: 0,
    start: new Int32Array(n),
    cls: new Uint8Array(n),
    cp: new Int32Array(n),
    endsWithZwj: new Uint8Array(n),
  }
  let size = 1
  for (let i = 0; i < n; i += size) {
    let cp = text.codePointAt(i) as number
    size = cp > 0xffff ? 2 : 1
    let cls = lineBreakClassOf(cp)
    const mark = cls === CM || cls === ZWJ
    const last = items.count - 1
    if (mark && last >= 0) {
      const base = items.cls[last]
      // LB9: X (CM | ZWJ)* is treated as X, for X other than BK, CR, LF, NL, SP and ZW.
      if (!isHardBreak(base) && base !== SP && base !== ZW) {
        items.endsWithZwj[last] = cls === ZWJ ? 1 : 0
        continue
      }
    }
    if (mark) {
      // LB10: any other CM or ZWJ is treated as AL (with the properties of U+0041).
      items.endsWithZwj[items.count] = cls === ZWJ ? 1 : 0
      cls = AL
      cp = 0x41
    }
    items.start[items.count] = i
    items.cls[items.count] = cls
    items.cp[items.count] = cp
    items.count++
  }
  return items
}

/** Where a run NU (SY | IS)* (CL | CP)? of LB25 stands after an item. */
const NUMBER_NONE = 0
const NUMBER_OPEN = 1 // NU (SY | IS)*
const NUMBER_CLOSED = 2 // NU (SY | IS)* (CL | CP)

/** The state the rules carry from one boundary to the next. */
interface Context {
  items: Items
  cjk: boolean
  /** Index of the last item before the boundary that is not SP, or -1 (the "X SP*" of LB8, LB14–LB17). */
  lastNonSpace: number
  number: number
  /** Regional indicators in a row just before the boundary (LB30a). */
  regional: number
}

/**
 * Finds the line break opportunities of a text. `out[i]` tells what may happen before `text[i]`
 * (`Break.None`, `Break.Allowed` or `Break.Mandatory`); `out[text.length]` is Mandatory (LB3) and
 * `out[0]` None (LB2). Positions inside a character (surrogate pairs, attached marks) are None.
 *
 * With `cjk` true, the Chinese/Japanese strict tailoring: nonstarters (small kana, iteration marks,
 * the prolonged sound mark ー, ：；‼⁇) and inseparables (… ‥) never start a line even after a space, and a
 * dash (— ⸺) never starts one after text. Closing punctuation (、。，．」）), ！？ and ，．：；
 * (classes CL, CP, EX, IS) never start a line and opening brackets (OP) never end one, even around
 * spaces, by the untailored rules already.
 */
export function findLineBreaks(text: string, cjk = false): Uint8Array {
  const out = new Uint8Array(text.length + 1)
  out[text.length] = Break.Mandatory
  const items = itemsOf(text)
  const context: Context = { items, cjk, lastNonSpace: -1, number: NUMBER_NONE, regional: 0 }
  for (let k = 0; k < items.count; k++) {
    if (k > 0) out[items.start[k]] = breakBefore(context, k)
    // Carry what later rules look back at.
    const cls = items.cls[k]
    if (cls !== SP) context.lastNonSpace = k
    context.regional = cls === RI ? context.regional + 1 : 0
    if (cls === NU) {
      context.number = NUMBER_OPEN
    } else if (context.number === NUMBER_OPEN && (cls === SY || cls === IS)) {
      context.number = NUMBER_OPEN
    } else if (context.number === NUMBER_OPEN && (cls === CL || cls === CP)) {
      context.number = NUMBER_CLOSED
    } else {
      context.number = NUMBER_NONE
    }
  }
  return out
}

/** The rules for the boundary between item k - 1 (class b) and item k (class a), in the spec's order. */
function breakBefore(context: Context, k: number): number {
  const { items, cjk } = context
  const { cls, cp } = items
  const b = cls[k - 1]
  const a = cls[k]
  const next = k + 1 < items.count ? cls[k + 1] : EOT
  const beforeB = k >= 2 ? cls[k - 2] : SOT
  // The X of "X SP* ×" rules: the last non-space before the boundary (sot when there is none).
  const x = context.lastNonSpace >= 0 ? cls[context.lastNonSpace] : SOT
  const eastAsian = (i: number): boolean => i >= 0 && i < items.count && isEastAsian(cp[i])

  // LB4: BK !
  if (b === BK) return Break.Mandatory
  // LB5: CR × LF; (CR | LF | NL) !
  if (b === CR && a === LF) return Break.None
  if (b === CR || b === LF || b === NL) return Break.Mandatory
  // LB6: × (BK | CR | LF | NL)
  if (isHardBreak(a)) return Break.None
  // LB7: × SP; × ZW
  if (a === SP || a === ZW) return Break.None
  // LB8: ZW SP* ÷
  if (x === ZW) return Break.Allowed
  // LB8a: ZWJ ×
  if (items.endsWithZwj[k - 1]) return Break.None
  // LB11: × WJ; WJ ×
  if (a === WJ || b === WJ) return Break.None
  // LB12: GL ×
  if (b === GL) return Break.None
  // LB12a: [^SP BA HY] × GL
  if (a === GL && b !== SP && b !== BA && b !== HY) return Break.None
  // LB13: × CL; × CP; × EX; × SY
  if (a === CL || a === CP || a === EX || a === SY) return Break.None
  // LB14: OP SP* ×
  if (x === OP) return Break.None
  // LB15a: (sot | BK | CR | LF | NL | OP | QU | GL | SP | ZW) [QU & Pi] SP* ×
  if (x === QU_Pi && opensQuotation(items, context.lastNonSpace)) return Break.None
  // LB15b: × [QU & Pf] (SP | GL | WJ | CL | QU | CP | EX | IS | SY | BK | CR | LF | NL | ZW | eot)
  if (a === QU_Pf && closesQuotation(next)) return Break.None
  // LB15c: SP ÷ IS NU
  if (b === SP && a === IS && next === NU) return Break.Allowed
  // LB15d: × IS
  if (a === IS) return Break.None
  // LB16: (CL | CP) SP* × NS
  if ((x === CL || x === CP) && a === NS) return Break.None
  // LB17: B2 SP* × B2
  if (x === B2 && a === B2) return Break.None
  // Tailoring (Chinese/Japanese, strict): nonstarters and ellipses stay off a line's start even after
  // a space, and a dash does not start a line after text.
  if (cjk && (a === NS || a === IN)) return Break.None
  if (cjk && a === B2 && b !== SP) return Break.None
  // LB18: SP ÷
  if (b === SP) return Break.Allowed
  // LB19: × [QU - Pi]; [QU - Pf] ×
  if (a === QU || a === QU_Pf) return Break.None
  if (b === QU || b === QU_Pi) return Break.None
  // LB19a: [^EastAsian] × QU; × QU ([^EastAsian] | eot); QU × [^EastAsian]; (sot | [^EastAsian]) QU ×
  if (isQuote(a) && (!eastAsian(k - 1) || !eastAsian(k + 1))) return Break.None
  if (isQuote(b) && (!eastAsian(k) || !eastAsian(k - 2))) return Break.None
  // LB20: ÷ CB; CB ÷
  if (a === CB || b === CB) return Break.Allowed
  // LB20a: (sot | BK | CR | LF | NL | SP | ZW | CB | GL) (HY | U+2010) × AL
  if (a === AL && (b === HY || cp[k - 1] === HYPHEN) && startsWord(beforeB)) return Break.None
  // LB21: × BA; × HY; × NS; BB ×
  if (a === BA || a === HY || a === NS || b === BB) return Break.None
  // LB21a: HL (HY | [BA - EastAsian]) × [^HL]
  if (beforeB === HL && (b === HY || (b === BA && !eastAsian(k - 1))) && a !== HL) return Break.None
  // LB21b: SY × HL
  if (b === SY && a === HL) return Break.None
  // LB22: × IN
  if (a === IN) return Break.None
  // LB23: (AL | HL) × NU; NU × (AL | HL)
  if (isLetter(b) && a === NU) return Break.None
  if (b === NU && isLetter(a)) return Break.None
  // LB23a: PR × (ID | EB | EM); (ID | EB | EM) × PO
  if (b === PR && (a === ID || a === EB || a === EM)) return Break.None
  if ((b === ID || b === EB || b === EM) && a === PO) return Break.None
  // LB24: (PR | PO) × (AL | HL); (AL | HL) × (PR | PO)
  if ((b === PR || b === PO) && isLetter(a)) return Break.None
  if (isLetter(b) && (a === PR || a === PO)) return Break.None
  // LB25: NU (SY | IS)* (CL | CP)? × (PO | PR); NU (SY | IS)* × NU; (PO | PR) × OP IS? NU;
  // (PO | PR | HY | IS) × NU
  if (context.number !== NUMBER_NONE && (a === PO || a === PR)) return Break.None
  if (context.number === NUMBER_OPEN && a === NU) return Break.None
  if ((b === PO || b === PR) && a === OP && (next === NU || (next === IS && numberAfter(items, k + 1))))
    return Break.None
  if ((b === PO || b === PR || b === HY || b === IS) && a === NU) return Break.None
  // LB26: JL × (JL | JV | H2 | H3); (JV | H2) × (JV | JT); (JT | H3) × JT
  if (b === JL && (a === JL || a === JV || a === H2 || a === H3)) return Break.None
  if ((b === JV || b === H2) && (a === JV || a === JT)) return Break.None
  if ((b === JT || b === H3) && a === JT) return Break.None
  // LB27: (JL | JV | JT | H2 | H3) × PO; PR × (JL | JV | JT | H2 | H3)
  if (isKorean(b) && a === PO) return Break.None
  if (b === PR && isKorean(a)) return Break.None
  // LB28: (AL | HL) × (AL | HL)
  if (isLetter(b) && isLetter(a)) return Break.None
  // LB28a: AP × (AK | ◌ | AS); (AK | ◌ | AS) × (VF | VI); (AK | ◌ | AS) VI × (AK | ◌);
  // (AK | ◌ | AS) × (AK | ◌ | AS) VF
  const aksara = (i: number): boolean => i >= 0 && (cls[i] === AK || cls[i] === AS || cp[i] === DOTTED_CIRCLE)
  if (b === AP && aksara(k)) return Break.None
  if (aksara(k - 1) && (a === VF || a === VI)) return Break.None
  if (b === VI && aksara(k - 2) && (a === AK || cp[k] === DOTTED_CIRCLE)) return Break.None
  if (aksara(k - 1) && aksara(k) && next === VF) return Break.None
  // LB29: IS × (AL | HL)
  if (b === IS && isLetter(a)) return Break.None
  // LB30: (AL | HL | NU) × [OP - EastAsian]; [CP - EastAsian] × (AL | HL | NU)
  if ((isLetter(b) || b === NU) && a === OP && !eastAsian(k)) return Break.None
  if (b === CP && !eastAsian(k - 1) && (isLetter(a) || a === NU)) return Break.None
  // LB30a: flags pair up: RI × RI after an odd number of RI
  if (b === RI && a === RI && context.regional % 2 === 1) return Break.None
  // LB30b: EB × EM; [ExtPict & Cn] × EM
  if (a === EM && (b === EB || isUnassignedPictographic(cp[k - 1]))) return Break.None
  // LB31: ÷ everywhere else
  return Break.Allowed
}

/** LB15a: the initial quotation mark at item i follows sot, a break, a space, OP, QU or GL. */
function opensQuotation(items: Items, i: number): boolean {
  if (i === 0) return true
  const c = items.cls[i - 1]
  return isHardBreak(c) || c === OP || isQuote(c) || c === GL || c === SP || c === ZW
}

// LB15b: what may follow a final quotation mark for no break before it.
const CLOSES_QUOTATION = [EOT, SP, GL, WJ, CL, QU, QU_Pi, QU_Pf, CP, EX, IS, SY, BK, CR, LF, NL, ZW]
const closesQuotation = (next: number): boolean => CLOSES_QUOTATION.indexOf(next) >= 0

/** LB20a: a hyphen after this (class c or SOT) starts a word. */
function startsWord(c: number): boolean {
  return c === SOT || isHardBreak(c) || c === SP || c === ZW || c === CB || c === GL
}

/** LB25: item i + 1 is a NU. */
function numberAfter(items: Items, i: number): boolean {
  return i + 1 < items.count && items.cls[i + 1] === NU
}
