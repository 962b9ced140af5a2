import { invalidRequest } from '../errors'
import { splitGraphemes } from './graphemes'
import { OP, QU_Pi } from './line-break-class'
import { lineBreakClassOf } from './character-class'
import { Break, findLineBreaks } from './line-breaking'
import { cachedGraphemeMeasure, type Measure } from './measure-cache'
import { HYPHEN, SOFT_HYPHEN, isSoftHyphen } from './soft-hyphen'

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

// Nothing but spaces and hard breaks: blank lines. One class, no alternatives: "\r\n" read as one
// break or two would make a failing match backtrack exponentially.
const BLANK = /^[ \t\u3000\n\v\f\r\u0085\u2028\u2029]*$/

// Spaces dropped where a line wraps, and kept as a paragraph's indent.
const isSpace = (g: string): boolean => g === ' ' || g === '\u3000' || g === '\t'

/**
 * Breaks text into lines no wider than `maxWidth`, at the line break opportunities of UAX #14 with
 * the Chinese/Japanese strict tailoring (see line-breaking.ts): never inside a grapheme (emoji
 * sequences, flags, combining marks, Indic conjuncts), never inside a word, a number or a price
 * ($1,299.99), never with closing punctuation, 、。，．：；！？, small kana or iteration marks at a
 * line start, never with an opening bracket at a line end. A piece wider than the line alone is split
 * between graphemes, as late as fits. '\n', '\r\n', '\r', U+2028 and U+2029 are hard breaks (one that
 * ends the text opens no empty line: 'a\n' is one line, as CSS lays it out); spaces are dropped
 * where a line wraps, a paragraph's indent (spaces, U+3000) is kept; a number is laid out as its
 * text. A soft hyphen (U+00AD) is a break opportunity that draws nothing and measures 0, unless the
 * line breaks there: then the line ends with '-', measured into its width (as CSS `hyphens: manual`;
 * an ellipsis replaces it). Works without Intl.Segmenter. Widths are cached per grapheme for each `measure` function
 * (see measure-cache.ts).
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

  const graphemeWidth = cachedGraphemeMeasure(measure)
  const width = (g: string): number => (isSoftHyphen(g) ? 0 : graphemeWidth(g))
  const limit = maxLines ?? Infinity
  const max = maxWidth + EPSILON
  const filled = fillLines([text], width, max, limit)
  // Soft hyphens draw nothing: a line broken at one ends with a hyphen instead. (Most texts have
  // none: their lines are joined without looking for one.)
  const hasSoftHyphen = String(text).includes(SOFT_HYPHEN)
  const join = (start: number, end: number): string => {
    const graphemes = filled.graphemes.slice(start, end)
    return (hasSoftHyphen ? graphemes.filter((g) => !isSoftHyphen(g)) : graphemes).join('')
  }
  const lines = filled.lines.map((line) => join(line.start, line.end) + (line.hyphen ? HYPHEN : ''))
  if (lines.length <= limit) return { lines, truncated: false }

  const kept = lines.slice(0, limit)
  const cut = cutForEllipsis(filled, filled.lines[limit - 1], splitGraphemes(ellipsis), width, max)
  kept[limit - 1] = join(filled.lines[limit - 1].start, cut.end) + cut.dots.join('')
  return { lines: kept, truncated: true }
}

// The line filling below is shared with layoutRuns (layout-runs.ts): a text is given as pieces
// (runs), each with its own widths; lines are ranges of the text's graphemes.

/** Width of grapheme `g` of run `run` in px (its run's letter spacing included; 0 for a soft hyphen). */
export type RunGraphemeWidth = (g: string, run: number) => number

/** A line: graphemes [start, end) of {@link FilledText.graphemes}. Empty lines have start === end. */
export interface LineRange {
  start: number
  end: number
  /** An empty paragraph's line: the run its hard break is in (it holds no grapheme to say so). */
  run?: number
  /** The line wraps at a soft hyphen (its last grapheme): it ends with a hyphen in that run's style. */
  hyphen?: boolean
}

/** The graphemes of the filled paragraphs, the run each comes from, and the lines they make. */
export interface FilledText {
  graphemes: string[]
  runs: number[]
  /** At most limit + 1 lines: one more than the limit means the text was cut. */
  lines: LineRange[]
}

/**
 * Breaks the text made of `texts` (joined: break opportunities and hard breaks are those of the whole
 * text, so a break between two runs is decided as if they were one string) into lines no wider than
 * `max`, stopping once there are more than `limit`. Graphemes too are the whole text's: one that a run
 * border cuts belongs to the run it starts in.
 */
export function fillLines(
  texts: readonly string[],
  width: RunGraphemeWidth,
  max: number,
  limit: number,
): FilledText {
  const whole = texts.join('')
  // Code unit offset where each run ends in the whole text.
  const runEnds: number[] = []
  let offset = 0
  for (const t of texts) {
    offset += t.length
    runEnds.push(offset)
  }
  const filler = new LineFiller(width, max, limit)
  const hardBreaks = new RegExp(HARD_BREAK.source, 'g')
  let start = 0
  for (;;) {
    const found = hardBreaks.exec(whole)
    filler.paragraph(whole, start, found ? found.index : whole.length, runEnds)
    start = found ? found.index + found[0].length : whole.length
    // A break at the very end ends the last line and opens none: "a\n" is one line, as in CSS.
    if (!found || start === whole.length || filler.full()) break
  }
  // One blank line too many, and nothing but blank lines after it ("Title\n" at maxLines 1): no text
  // is left over, so nothing is cut and no ellipsis is due.
  const extra = filler.lines[limit]
  if (extra && extra.start === extra.end && BLANK.test(whole.slice(start))) filler.lines.pop()
  return { graphemes: filler.graphemes, runs: filler.runs, lines: filler.lines }
}

/** Fills lines greedily with the pieces between break opportunities, paragraph after paragraph. */
class LineFiller {
  /** The graphemes of the paragraphs so far, and the run of each. */
  readonly graphemes: string[] = []
  readonly runs: number[] = []
  /** Finished lines; one more than the limit means the text was cut. */
  readonly lines: LineRange[] = []
  /** The line being filled: graphemes [start, end), none while start === end. */
  private start = 0
  private end = 0
  private lineWidth = 0
  /** Width of the spaces after the line's last piece: drawn only if another piece follows on this line. */
  private spacesWidth = 0
  /** The line ends at the break after a soft hyphen: wrapped there, it shows a hyphen (there is room). */
  private softHyphenEnd = false

  constructor(
    private readonly measure: RunGraphemeWidth,
    private readonly max: number,
    private readonly limit: number,
  ) {}

  full(): boolean {
    return this.lines.length > this.limit
  }

  /** Fills the paragraph whole[from, to), a text without hard breaks; runEnds say whose each grapheme is. */
  paragraph(whole: string, from: number, to: number, runEnds: readonly number[]): void {
    if (from === to) {
      // The hard break that ends it.
      let run = 0
      while (run < runEnds.length - 1 && runEnds[run] <= from) run++
      this.endLine()
      this.lines[this.lines.length - 1].run = run
      return
    }
    const text = whole.slice(from, to)
    const breaks = findLineBreaks(text, true)
    const first = this.graphemes.length
    const breakable: boolean[] = []
    let run = 0
    let at = from
    for (const g of splitGraphemes(text)) {
      // A grapheme a run border cuts (a mark, a ZWJ sequence or a flag split between two spans)
      // stays whole, in the run it starts in: split, its halves would wrap apart or draw as two.
      while (runEnds[run] <= at) run++
      this.graphemes.push(g)
      this.runs.push(run)
      breakable.push(breaks[at - from] === Break.Allowed)
      at += g.length
    }
    const last = this.graphemes.length
    this.start = this.end = first
    // A paragraph's leading spaces are its indent: they go with the first piece, wherever it lands.
    let indent = first
    while (indent < last && isSpace(this.graphemes[indent])) indent++
    let pieceStart = first
    for (let i = first; i < last && !this.full(); i++) {
      // A break is taken only where a grapheme starts, and not inside the indent.
      if (i > indent && breakable[i - first]) {
        this.place(pieceStart, i)
        pieceStart = i
      }
    }
    if (this.full()) return
    if (pieceStart < last) this.place(pieceStart, last)
    this.endLine()
  }

  private width(i: number): number {
    return this.measure(this.graphemes[i], this.runs[i])
  }

  /** Width of the hyphen a line wrapped at the soft hyphen `i` shows, in its run's style. */
  private hyphenWidth(i: number): number {
    return this.measure(HYPHEN, this.runs[i])
  }

  private empty(): boolean {
    return this.start === this.end
  }

  /** Adds graphemes [from, to) — a piece: its content, then the spaces it ends with — to the lines. */
  private place(from: number, to: number): void {
    // A piece may start with spaces only at a paragraph's start (its indent): those are content.
    let contentEnd = to
    while (contentEnd > from && isSpace(this.graphemes[contentEnd - 1])) contentEnd--
    let contentWidth = 0
    for (let i = from; i < contentEnd; i++) contentWidth += this.width(i)
    // A piece that ends with a soft hyphen goes on a line only with room for the hyphen the line
    // shows should it wrap there (so a hyphen that does not fit moves the break earlier, as in CSS).
    // A paragraph's last piece too, though no hyphen shows there: Chromium makes that room as well.
    const softHyphenEnd = contentEnd === to && contentEnd > from && isSoftHyphen(this.graphemes[to - 1])
    const needed = contentWidth + (softHyphenEnd ? this.hyphenWidth(to - 1) : 0)

    if (contentEnd > from) {
      if (!this.empty() && this.lineWidth + this.spacesWidth + needed > this.max) this.endLine(true)
      if (this.lineWidth + this.spacesWidth + needed <= this.max) {
        // Waiting spaces lie between the line's end and this piece: the line now runs through both.
        if (!this.empty()) this.append(this.end, from, this.spacesWidth)
        this.append(from, contentEnd, contentWidth)
        this.softHyphenEnd = softHyphenEnd
      } else {
        this.split(from, contentEnd, softHyphenEnd)
      }
      this.spacesWidth = 0
    }
    // Trailing spaces wait for the next piece; at the start of a wrapped line there are none to keep.
    if (this.empty()) return
    if (contentEnd < to) this.softHyphenEnd = false
    for (let i = contentEnd; i < to; i++) this.spacesWidth += this.width(i)
  }

  /**
   * A piece wider than the line: split between graphemes, each line taking as many as fit. Spaces
   * inside it (as in "好 。") are dropped where it wraps, except a paragraph's indent.
   * `softHyphenEnd`: the piece ends with a soft hyphen, and a break after it.
   */
  private split(from: number, to: number, softHyphenEnd: boolean): void {
    let indentEnd = from
    while (indentEnd < to && isSpace(this.graphemes[indentEnd])) indentEnd++
    let trailingSpaces = 0 // droppable spaces at the end of the line
    for (let i = from; i < to && !this.full(); i++) {
      const w = this.width(i)
      if (softHyphenEnd && i === to - 1) {
        // The soft hyphen ending the piece stays on its line (it takes no room), which shows a
        // hyphen if it wraps there and the hyphen fits; else the line just ends, as split lines do.
        this.append(i, i + 1, w)
        this.softHyphenEnd = this.lineWidth + this.hyphenWidth(i) <= this.max
        continue
      }
      if (!this.empty() && this.lineWidth + w > this.max) {
        for (; trailingSpaces > 0; trailingSpaces--) this.lineWidth -= this.width(--this.end)
        this.endLine()
      }
      const droppable = i >= indentEnd && isSpace(this.graphemes[i])
      if (droppable && this.empty()) continue
      this.append(i, i + 1, w)
      trailingSpaces = droppable ? trailingSpaces + 1 : 0
    }
  }

  /** Extends the line through graphemes [from, to), which follow it (or start it). */
  private append(from: number, to: number, width: number): void {
    if (from === to) return
    if (this.empty()) this.start = from
    this.end = to
    this.lineWidth += width
  }

  /**
   * Ends the line; spaces waiting after it are dropped. `wrapped`: at a break opportunity, not at a
   * paragraph's end (a soft hyphen shows only there, as in CSS: not before a hard break or at the end).
   */
  private endLine(wrapped = false): void {
    const line: LineRange = { start: this.start, end: this.end }
    if (wrapped && this.softHyphenEnd && !this.empty()) line.hyphen = true
    this.lines.push(line)
    // The next line starts at the next grapheme (an empty line stays where it is).
    this.start = this.end = this.graphemes.length
    this.lineWidth = 0
    this.spacesWidth = 0
    this.softHyphenEnd = false
  }
}

/**
 * The last kept line of a cut text, ended by an ellipsis: its graphemes [line.start, end), then
 * `dots` — the ellipsis, or as much of it as fits when even it alone does not. The ellipsis takes the
 * style of `run`: that of the last grapheme kept (the line's first when none is, or an empty line's).
 */
export interface EllipsisCut {
  end: number
  dots: string[]
  run: number
}

/** Cuts `line` so that it and the ellipsis `dots` fit in `max`, ending on a real character. */
export function cutForEllipsis(
  filled: FilledText,
  line: LineRange,
  dots: readonly string[],
  width: RunGraphemeWidth,
  max: number,
): EllipsisCut {
  const { graphemes, runs } = filled
  const { start } = line
  // The run that styles the ellipsis when the line keeps graphemes [start, end).
  const runAt = (end: number): number => {
    if (end > start) return runs[end - 1]
    return line.run ?? runs[Math.min(start, graphemes.length - 1)]
  }
  const dotsWidth = (end: number): number => {
    const run = runAt(end)
    let w = 0
    for (const d of dots) w += width(d, run)
    return w
  }
  let end = line.end
  let w = 0
  for (let i = start; i < end; i++) w += width(graphemes[i], runs[i])
  // Drop graphemes until the ellipsis fits after them, and the line ends on a real character ("word …"
  // and "（…" read badly). One test for both: dropping a space may hand the ellipsis a wider style.
  while (end > start && (w + dotsWidth(end) > max || endsBadly(graphemes[end - 1]))) {
    end--
    w -= width(graphemes[end], runs[end])
  }
  if (dotsWidth(end) > max) {
    // Not even the ellipsis fits: keep as much of it as does.
    const run = runAt(start)
    const out: string[] = []
    let dw = 0
    for (const d of dots) {
      dw += width(d, run)
      if (dw > max) break
      out.push(d)
    }
    return { end: start, dots: out, run }
  }
  return { end, dots: dots.slice(), run: runAt(end) }
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
