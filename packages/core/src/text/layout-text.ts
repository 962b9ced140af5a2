import { splitGraphemes } from './graphemes'
import { invalidRequest } from '../errors'
import { breakUnits, isLineStartProhibited } from './line-breaking'
import { cachedGraphemeMeasure, type Measure } from './measure-cache'

/** Options of {@link layoutText}. */
export interface LayoutTextOptions {
  /** Widest line in px (the measure's unit). `Infinity` wraps only at '\n'. */
  maxWidth: number
  /** Most lines to keep; the last kept line ends with `ellipsis` when text is left over. Default no limit. */
  maxLines?: number
  /** Width of a string in the font the text is drawn in, e.g. `s => ctx.measureText(s).width`. */
  measure: Measure
  /** Appended to the last line when text is cut; fits inside maxWidth. Default '…'; '' cuts silently. */
  ellipsis?: string
}

/** Lines of laid-out text, ready to draw one below the other. */
export interface TextLayout {
  lines: string[]
  /** True when maxLines cut the text. */
  truncated: boolean
}

// Float sums of widths may overshoot by rounding noise.
const EPSILON = 1e-6

/**
 * Breaks text into lines no wider than `maxWidth`: never inside a grapheme (emoji sequences, flags,
 * combining marks), between CJK characters, between Latin words (a word is split only when it alone
 * is wider than the line), never with closing punctuation at a line start or an opening bracket at a
 * line end; '\n', '\r\n' and '\r' are hard breaks; a number is laid out as its text. Works without
 * Intl.Segmenter. Widths are cached per grapheme for each `measure` function (see measure-cache.ts).
 *
 * Throws MiniCodeError 'invalid_request' (field 'text' | 'maxWidth' | 'maxLines' | 'measure' | 'ellipsis').
 *
 * @example
 * layoutText('🎉限时特惠🎉 iPhone 15 Pro Max\n第二行', { maxWidth: 600, measure: s => ctx.measureText(s).width })
 * // { lines: ['🎉限时特惠🎉 iPhone 15 Pro Max', '第二行'], truncated: false }
 */
export function layoutText(text: string | number, options: LayoutTextOptions): TextLayout {
  const { maxWidth, maxLines, measure, ellipsis = '…' } = (options || {}) as LayoutTextOptions
  if (typeof text === 'number') text = String(text)
  const bad =
    typeof text !== 'string'
      ? 'text'
      : !(typeof maxWidth === 'number' && maxWidth > 0)
        ? 'maxWidth'
        : maxLines !== undefined && maxLines !== Infinity && !(Number.isInteger(maxLines) && maxLines >= 1)
          ? 'maxLines'
          : typeof measure !== 'function'
            ? 'measure'
            : typeof ellipsis !== 'string'
              ? 'ellipsis'
              : ''
  if (bad) {
    throw invalidRequest(
      bad,
      process.env.NODE_ENV !== 'production'
        ? `layoutText: ${bad} must be ${HINTS[bad]}, got ${String({ text, maxWidth, maxLines, measure, ellipsis }[bad])}.`
        : '',
    )
  }

  const width = cachedGraphemeMeasure(measure)
  const max = maxWidth + EPSILON
  const sum = (graphemes: readonly string[]): number => graphemes.reduce((w, g) => w + width(g), 0)
  const limit = maxLines || Infinity
  const lines: string[][] = []
  const full = (): boolean => lines.length > limit
  if (text === '') return { lines: [], truncated: false }

  for (const paragraph of (text as string).split(/\r\n|[\n\r\u2028\u2029]/)) {
    let cur: string[] = []
    let curW = 0
    let pending: string[] = []
    let pendingW = 0
    let wrapped = false
    const flush = (): boolean => {
      lines.push(cur)
      cur = []
      curW = 0
      pending = []
      pendingW = 0
      wrapped = true
      return full()
    }
    for (const unit of breakUnits(splitGraphemes(paragraph))) {
      if (full()) break
      const unitW = sum(unit.graphemes)
      if (unit.space) {
        // Spaces at a wrap are dropped; a paragraph's leading spaces (indent) are kept.
        if (cur.length || !wrapped) {
          pending.push(...unit.graphemes)
          pendingW += unitW
        }
      } else if (curW + pendingW + unitW <= max) {
        cur.push(...pending, ...unit.graphemes)
        curW += pendingW + unitW
        pending = []
        pendingW = 0
      } else if ((cur.length && flush()) || full()) {
        break
      } else if (unitW <= max) {
        cur = unit.graphemes.slice()
        curW = unitW
      } else {
        // The unit alone is wider than the line: split it between graphemes.
        for (const g of unit.graphemes) {
          const w = width(g)
          if (cur.length && curW + w > max) {
            // Kinsoku inside a split: take the previous grapheme down with a closing mark.
            const carry = isLineStartProhibited(g) && cur.length > 1 ? cur.pop()! : undefined
            if (flush()) break
            if (carry !== undefined) {
              cur.push(carry)
              curW = width(carry)
            }
          }
          cur.push(g)
          curW += w
        }
      }
    }
    if (full()) break
    lines.push(cur)
  }
  if (!full()) return { lines: lines.map((l) => l.join('')), truncated: false }

  const dots = splitGraphemes(ellipsis)
  const dotsW = sum(dots)
  let last = lines[limit - 1].slice()
  if (dotsW > max) {
    // Not even the ellipsis fits: keep as much of it as does.
    last = []
    let w = 0
    for (const d of dots) {
      if ((w += width(d)) > max) break
      last.push(d)
    }
  } else {
    let w = sum(last)
    while (last.length && w + dotsW > max) w -= width(last.pop()!)
    // "word …" and "（…" read badly: end on the last real character.
    while (last.length && /^[\s（［｛〔〈《「『【([{]$/.test(last[last.length - 1])) last.pop()
    last.push(...dots)
  }
  const kept = lines.slice(0, limit)
  kept[limit - 1] = last
  return { lines: kept.map((l) => l.join('')), truncated: true }
}

// What each option must be, for development messages only (production bundles drop the table).
const HINTS: Record<string, string> = {
  text: 'a string or a number',
  maxWidth: 'a positive number of px',
  maxLines: 'a whole number of at least 1',
  measure: 'a function (text) => width in px',
  ellipsis: 'a string',
}
