import { splitGraphemes } from './graphemes'
import { invalidRequest } from './invalid-request'
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
  if (typeof text !== 'string')
    invalid('text', process.env.NODE_ENV !== 'production' ? 'text must be a string or a number.' : '')
  if (typeof maxWidth !== 'number' || Number.isNaN(maxWidth) || maxWidth <= 0) {
    invalid(
      'maxWidth',
      process.env.NODE_ENV !== 'production'
        ? `maxWidth must be a positive number of px, got ${String(maxWidth)}.`
        : '',
    )
  }
  if (maxLines !== undefined && maxLines !== Infinity && !(Number.isInteger(maxLines) && maxLines >= 1)) {
    invalid(
      'maxLines',
      process.env.NODE_ENV !== 'production'
        ? `maxLines must be a whole number of at least 1, got ${String(maxLines)}.`
        : '',
    )
  }
  if (typeof measure !== 'function')
    invalid(
      'measure',
      process.env.NODE_ENV !== 'production' ? 'measure must be a function (text) => width in px.' : '',
    )
  if (typeof ellipsis !== 'string')
    invalid('ellipsis', process.env.NODE_ENV !== 'production' ? 'ellipsis must be a string.' : '')

  const width = cachedGraphemeMeasure(measure)
  const limit = maxLines || Infinity
  const lines: string[][] = []
  const full = (): boolean => lines.length > limit
  if (text === '') return { lines: [], truncated: false }

  for (const paragraph of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
    wrapParagraph(splitGraphemes(paragraph), maxWidth, width, lines, full)
    if (full()) break
  }
  if (!full()) return { lines: lines.map((l) => l.join('')), truncated: false }
  const kept = lines.slice(0, limit)
  kept[limit - 1] = withEllipsis(kept[limit - 1], ellipsis, maxWidth, width)
  return { lines: kept.map((l) => l.join('')), truncated: true }
}

function wrapParagraph(
  graphemes: string[],
  maxWidth: number,
  width: Measure,
  lines: string[][],
  full: () => boolean,
): void {
  let cur: string[] = []
  let curW = 0
  let pending: string[] = []
  let pendingW = 0
  let wrapped = false
  const flush = (): void => {
    lines.push(cur)
    cur = []
    curW = 0
    pending = []
    pendingW = 0
    wrapped = true
  }
  for (const unit of breakUnits(graphemes)) {
    if (full()) return
    const unitW = sum(unit.graphemes, width)
    if (unit.space) {
      // Spaces at a wrap are dropped; a paragraph's leading spaces (indent) are kept.
      if (cur.length === 0 && wrapped) continue
      pending.push(...unit.graphemes)
      pendingW += unitW
      continue
    }
    if (curW + pendingW + unitW <= maxWidth + EPSILON) {
      cur.push(...pending, ...unit.graphemes)
      curW += pendingW + unitW
      pending = []
      pendingW = 0
      continue
    }
    if (cur.length > 0) flush()
    if (full()) return
    if (unitW <= maxWidth + EPSILON) {
      cur = unit.graphemes.slice()
      curW = unitW
      continue
    }
    // The unit alone is wider than the line: split it between graphemes.
    for (const g of unit.graphemes) {
      const w = width(g)
      if (cur.length > 0 && curW + w > maxWidth + EPSILON) {
        // Kinsoku inside a split: take the previous grapheme down with a closing mark.
        const carry = isLineStartProhibited(g) && cur.length > 1 ? cur.pop()! : undefined
        flush()
        if (full()) return
        if (carry !== undefined) {
          cur.push(carry)
          curW = width(carry)
        }
      }
      cur.push(g)
      curW += w
    }
  }
  if (!full()) lines.push(cur)
}

function withEllipsis(line: string[], ellipsis: string, maxWidth: number, width: Measure): string[] {
  const dots = splitGraphemes(ellipsis)
  const dotsW = sum(dots, width)
  if (dotsW > maxWidth + EPSILON) {
    // Not even the ellipsis fits: keep as much of it as does.
    const out: string[] = []
    let w = 0
    for (const d of dots) {
      if (w + width(d) > maxWidth + EPSILON) break
      out.push(d)
      w += width(d)
    }
    return out
  }
  const kept = line.slice()
  let w = sum(kept, width)
  while (kept.length > 0 && w + dotsW > maxWidth + EPSILON) w -= width(kept.pop()!)
  // "word …" and "（…" read badly: end on the last real character.
  while (kept.length > 0 && /^[\s\u3000（［｛〔〈《「『【([{]$/.test(kept[kept.length - 1])) kept.pop()
  return kept.concat(dots)
}

function sum(graphemes: readonly string[], width: Measure): number {
  let w = 0
  for (const g of graphemes) w += width(g)
  return w
}

function invalid(field: string, message: string): never {
  throw invalidRequest(field, process.env.NODE_ENV !== 'production' ? `layoutText: ${message}` : '')
}
