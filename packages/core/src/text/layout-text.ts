import { invalidRequest } from '../errors'
import { splitGraphemes } from './graphemes'
import { OP, QU_Pi } from './line-break-class'
import { lineBreakClassOf } from './character-class'
import { Break, findLineBreaks } from './line-breaking'
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

// Hard breaks (UAX #14 BK, CR, LF, NL): each ends a paragraph.
const HARD_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/

// Spaces dropped where a line wraps, and kept as a paragraph's indent.
const isSpace = (g: string): boolean => g === ' ' || g === '\u3000' || g === '\t'

/**
 * Breaks text into lines no wider than `maxWidth`, at the line break opportunities of UAX #14 with
 * the Chinese/Japanese strict tailoring (see line-breaking.ts): never inside a grapheme (emoji
 * sequences, flags, combining marks, Indic conjuncts), never inside a word, a number or a price
 * ($1,299.99), never with closing punctuation, 、。，．：；！？, small kana or iteration marks at a
 * line start, never with an opening bracket at a line end. A piece wider than the line alone is split
 * between graphemes, as late as fits. '\n', '\r\n', '\r', U+2028 and U+2029 are hard breaks; spaces
 * are dropped where a line wraps, a paragraph's indent (spaces, U+3000) is kept; a number is laid
 * out as its text. Works without Intl.Segmenter. Widths are cached per grapheme for each `measure`
 * function (see measure-cache.ts).
 *
 * Throws MiniCodeError 'invalid_request' (field 'text' | 'maxWidth' | 'maxLines' | 'measure' | 'ellipsis').
 *
 * @example
 * layoutText('🎉限时特惠🎉 iPhone 15 Pro Max\n第二行', { maxWidth: 600, measure: s => ctx.measureText(s).width })
 * // { lines: ['🎉限时特惠🎉 iPhone 15 Pro Max', '第二行'], truncated: false }
 */
export function layoutText(text: string | number, options: LayoutTextOptions): TextLayout {
  const { maxWidth, maxLines, measure, ellipsis = '…' } = options ?? ({} as LayoutTextOptions)
  if (typeof text === 'number') text = String(text)
  if (typeof text !== 'string') throw badOption('text', text)
  if (!(typeof maxWidth === 'number' && maxWidth > 0)) throw badOption('maxWidth', maxWidth)
  if (maxLines !== undefined && maxLines !== Infinity && !(Number.isInteger(maxLines) && maxLines >= 1)) {
    throw badOption('maxLines', maxLines)
  }
  if (typeof measure !== 'function') throw badOption('measure', measure)
  if (typeof ellipsis !== 'string') throw badOption('ellipsis', ellipsis)
  if (text === '') return { lines: [], truncated: false }

  const width = cachedGraphemeMeasure(measure)
  const limit = maxLines ?? Infinity
  const filler = new LineFiller(width, maxWidth + EPSILON, limit)
  for (const paragraph of text.split(HARD_BREAK)) {
    filler.paragraph(paragraph)
    if (filler.full()) break
  }
  const lines = filler.lines
  if (lines.length <= limit) return { lines: lines.map((line) => line.join('')), truncated: false }

  const kept = lines.slice(0, limit)
  kept[limit - 1] = withEllipsis(lines[limit - 1], splitGraphemes(ellipsis), width, maxWidth + EPSILON)
  return { lines: kept.map((line) => line.join('')), truncated: true }
}

/** Fills lines greedily with the pieces between break opportunities, paragraph after paragraph. */
class LineFiller {
  /** Finished lines, as graphemes; one more than the limit means the text was cut. */
  readonly lines: string[][] = []
  private line: string[] = []
  private lineWidth = 0
  /** Spaces after the line's last piece: drawn only if another piece follows on this line. */
  private spaces: string[] = []
  private spacesWidth = 0

  constructor(
    private readonly width: Measure,
    private readonly max: number,
    private readonly limit: number,
  ) {}

  full(): boolean {
    return this.lines.length > this.limit
  }

  paragraph(paragraph: string): void {
    if (paragraph === '') {
      this.endLine()
      return
    }
    const graphemes = splitGraphemes(paragraph)
    const breaks = findLineBreaks(paragraph, true)
    // A paragraph's leading spaces are its indent: they go with the first piece, wherever it lands.
    let indent = 0
    while (indent < graphemes.length && isSpace(graphemes[indent])) indent++
    let pieceStart = 0
    let offset = 0
    for (let i = 0; i < graphemes.length && !this.full(); i++) {
      // A break is taken only where a grapheme starts, and not inside the indent.
      if (i > indent && breaks[offset] === Break.Allowed) {
        this.place(graphemes, pieceStart, i)
        pieceStart = i
      }
      offset += graphemes[i].length
    }
    if (this.full()) return
    if (pieceStart < graphemes.length) this.place(graphemes, pieceStart, graphemes.length)
    this.endLine()
  }

  /** Adds graphemes[from, to) — a piece: its content, then the spaces it ends with — to the lines. */
  private place(graphemes: readonly string[], from: number, to: number): void {
    // A piece may start with spaces only at a paragraph's start (its indent): those are content.
    let contentEnd = to
    while (contentEnd > from && isSpace(graphemes[contentEnd - 1])) contentEnd--
    let contentWidth = 0
    for (let i = from; i < contentEnd; i++) contentWidth += this.width(graphemes[i])

    if (contentEnd > from) {
      if (this.line.length > 0 && this.lineWidth + this.spacesWidth + contentWidth > this.max) this.endLine()
      if (this.lineWidth + this.spacesWidth + contentWidth <= this.max) {
        this.append(this.spaces, 0, this.spaces.length, this.spacesWidth)
        this.append(graphemes, from, contentEnd, contentWidth)
      } else {
        this.split(graphemes, from, contentEnd)
      }
      this.spaces = []
      this.spacesWidth = 0
    }
    // Trailing spaces wait for the next piece; at the start of a wrapped line there are none to keep.
    if (this.line.length === 0) return
    for (let i = contentEnd; i < to; i++) {
      this.spaces.push(graphemes[i])
      this.spacesWidth += this.width(graphemes[i])
    }
  }

  /**
   * A piece wider than the line: split between graphemes, each line taking as many as fit. Spaces
   * inside it (as in "好 。") are dropped where it wraps, except a paragraph's indent.
   */
  private split(graphemes: readonly string[], from: number, to: number): void {
    let indentEnd = from
    while (indentEnd < to && isSpace(graphemes[indentEnd])) indentEnd++
    let trailingSpaces = 0 // droppable spaces at the end of the line
    for (let i = from; i < to && !this.full(); i++) {
      const w = this.width(graphemes[i])
      if (this.line.length > 0 && this.lineWidth + w > this.max) {
        for (; trailingSpaces > 0; trailingSpaces--) this.lineWidth -= this.width(this.line.pop() as string)
        this.endLine()
      }
      const droppable = i >= indentEnd && isSpace(graphemes[i])
      if (droppable && this.line.length === 0) continue
      this.append(graphemes, i, i + 1, w)
      trailingSpaces = droppable ? trailingSpaces + 1 : 0
    }
  }

  private append(graphemes: readonly string[], from: number, to: number, width: number): void {
    for (let i = from; i < to; i++) this.line.push(graphemes[i])
    this.lineWidth += width
  }

  /** Ends the line; spaces waiting after it are dropped. */
  private endLine(): void {
    this.lines.push(this.line)
    this.line = []
    this.lineWidth = 0
    this.spaces = []
    this.spacesWidth = 0
  }
}

/** The last kept line with the ellipsis after as much of it as fits. */
function withEllipsis(
  line: readonly string[],
  dots: readonly string[],
  width: Measure,
  max: number,
): string[] {
  let dotsWidth = 0
  for (const d of dots) dotsWidth += width(d)
  if (dotsWidth > max) {
    // Not even the ellipsis fits: keep as much of it as does.
    const out: string[] = []
    let w = 0
    for (const d of dots) {
      w += width(d)
      if (w > max) break
      out.push(d)
    }
    return out
  }
  const out = line.slice()
  let w = 0
  for (const g of out) w += width(g)
  while (out.length > 0 && w + dotsWidth > max) w -= width(out.pop() as string)
  // "word …" and "（…" read badly: end on the last real character.
  while (out.length > 0 && endsBadly(out[out.length - 1])) out.pop()
  return out.concat(dots)
}

// A space, an opening bracket or an opening quotation mark.
function endsBadly(g: string): boolean {
  const cls = lineBreakClassOf(g.codePointAt(0) as number)
  return /^\s+$/.test(g) || cls === OP || cls === QU_Pi
}

function badOption(field: string, value: unknown): Error {
  const message = __DEV__ ? `layoutText: ${field} must be ${HINTS[field]}, got ${String(value)}.` : ''
  return invalidRequest(field, message)
}

// What each option must be, for development messages only (production bundles drop the table).
const HINTS: Record<string, string> = {
  text: 'a string or a number',
  maxWidth: 'a positive number of px',
  maxLines: 'a whole number of at least 1',
  measure: 'a function (text) => width in px',
  ellipsis: 'a string',
}
