import { invalidRequest } from '../errors'
import { splitGraphemes } from './graphemes'
import { cutForEllipsis, fillLines, type EllipsisCut, type FilledText, type LineRange } from './layout-text'
import { cachedGraphemeMeasure, type Measure } from './measure-cache'
import { HYPHEN, isSoftHyphen } from './soft-hyphen'

/** One run of a text in its own style: what {@link layoutRuns} lays out one after the other. */
export interface TextRun {
  text: string | number
  /** Width of a string in the run's font, e.g. `s => ctx.measureText(s).width`. */
  measure: Measure
  /**
   * px added after every grapheme of the run, the last one on a line included (as CSS does: a
   * line's width, its alignment and its decorations take it in). May be negative. Default 0.
   */
  letterSpacing?: number
  /** Height of the run's line box in px: a line is as tall as the tallest of its runs. */
  lineHeight: number
  /**
   * px from the top of the run's own line box to its alphabetic baseline: a line's runs share the
   * lowest of theirs, so no run pokes out above the line.
   */
  baseline: number
}

/** Options of {@link layoutRuns}: those of layoutText, less the measure (each run has its own). */
export interface LayoutRunsOptions {
  /** Widest line in px. `Infinity` wraps only at '\n'. */
  maxWidth: number
  /** Most lines to keep; the last kept line ends with `ellipsis` when text is left over. Default no limit. */
  maxLines?: number
  /** Ends the last kept line when text is cut, in the style of the run it ends. Default '…'. */
  ellipsis?: string
}

/** A piece of one run on one line. */
export interface PlacedRun {
  text: string
  /** Index of its run in the runs given. */
  style: number
  /** px from the line's start. */
  x: number
  /** px, letter spacing included. */
  width: number
}

/** One line of runs. */
export interface RunLine {
  runs: PlacedRun[]
  /** Sum of the runs' widths. */
  width: number
  /** The largest lineHeight of its runs (an empty line: that of the run it stands in). */
  height: number
  /** px from the line's top to the alphabetic baseline all its runs sit on. */
  baseline: number
}

export interface RunsLayout {
  lines: RunLine[]
  /** True when maxLines cut the text. */
  truncated: boolean
}

// Float sums of widths may overshoot by rounding noise (as in layoutText).
const EPSILON = 1e-6

/**
 * Lays out runs of differently styled text (sizes, fonts, letter spacing) as one text: lines break by
 * layoutText's rules (UAX #14, CJK strict) decided on the joined text, so "¥" + "7999" never breaks
 * between the runs and a CJK run beside a Latin one breaks where the joined text would; a grapheme
 * a run border cuts (e + U+0301 or 🇨🇳 split between two runs) stays whole, drawn in the style of
 * the run it starts in. A soft hyphen (U+00AD) draws nothing, unless a line wraps there: then the line
 * ends with '-' in the style of the soft hyphen's run, measured into the line. Runs share lines and one alphabetic baseline; the ellipsis of a cut text
 * takes the style (font and letter spacing) of the run it ends, and is measured so.
 *
 * Throws MiniCodeError 'invalid_request' (field 'runs', 'runs[i].text', 'runs[i].measure', …,
 * 'maxWidth', 'maxLines' or 'ellipsis').
 *
 * @example
 * layoutRuns(
 *   [
 *     { text: '¥', measure: small, lineHeight: 28, baseline: 22 },
 *     { text: '7999', measure: big, lineHeight: 56, baseline: 43 },
 *   ],
 *   { maxWidth: 300 },
 * ) // { lines: [{ runs: [{ text: '¥', style: 0, x: 0, … }, { text: '7999', style: 1, … }], height: 56, baseline: 43, … }], … }
 */
export function layoutRuns(runs: readonly TextRun[], options: LayoutRunsOptions): RunsLayout {
  const { maxWidth, maxLines, ellipsis = '…' } = options ?? ({} as LayoutRunsOptions)
  if (!Array.isArray(runs) || runs.length === 0) throw badRun('runs', runs)
  const texts = runs.map(checkRun)
  if (!(typeof maxWidth === 'number' && maxWidth > 0)) throw badRun('maxWidth', maxWidth)
  if (maxLines !== undefined && maxLines !== Infinity && !(Number.isInteger(maxLines) && maxLines >= 1)) {
    throw badRun('maxLines', maxLines)
  }
  if (typeof ellipsis !== 'string') throw badRun('ellipsis', ellipsis)
  if (texts.every((t) => t === '')) return { lines: [], truncated: false }

  const measures = runs.map((run) => cachedGraphemeMeasure(run.measure))
  // A soft hyphen takes no room, letter spacing included: it draws nothing unless a line wraps there.
  const width = (g: string, run: number): number =>
    isSoftHyphen(g) ? 0 : measures[run](g) + (runs[run].letterSpacing || 0)
  const limit = maxLines ?? Infinity
  const max = maxWidth + EPSILON
  const filled = fillLines(texts, width, max, limit)
  const ranges = filled.lines
  if (ranges.length <= limit) {
    return { lines: ranges.map((range) => toLine(filled, range, runs, width)), truncated: false }
  }
  const lines = ranges.slice(0, limit - 1).map((range) => toLine(filled, range, runs, width))
  const last = ranges[limit - 1]
  const cut = cutForEllipsis(filled, last, splitGraphemes(ellipsis), width, max)
  lines.push(toLine(filled, { ...last, end: cut.end }, runs, width, cut))
  return { lines, truncated: true }
}

/** A line's graphemes grouped by run, then the ellipsis (when cut) in the style of its run. */
function toLine(
  filled: FilledText,
  { start, end, run, hyphen }: LineRange,
  runs: readonly TextRun[],
  width: (g: string, run: number) => number,
  cut?: EllipsisCut,
): RunLine {
  const placed: PlacedRun[] = []
  let x = 0
  const add = (g: string, style: number): void => {
    const w = width(g, style)
    const tail = placed[placed.length - 1]
    if (tail?.style === style) {
      tail.text += g
      tail.width += w
    } else {
      placed.push({ text: g, style, x, width: w })
    }
    x += w
  }
  for (let i = start; i < end; i++) {
    if (!isSoftHyphen(filled.graphemes[i])) add(filled.graphemes[i], filled.runs[i])
  }
  // A line wrapped at a soft hyphen ends with a hyphen in its run's style; an ellipsis replaces it.
  if (cut) for (const d of cut.dots) add(d, cut.run)
  else if (hyphen) add(HYPHEN, filled.runs[end - 1])

  // An empty line is as tall as the run it stands in: that of its hard break, or of its spaces.
  const styles =
    placed.length > 0
      ? placed.map((p) => p.style)
      : [run ?? filled.runs[Math.min(start, filled.runs.length - 1)]]
  let height = 0
  let baseline = -Infinity
  for (const s of styles) {
    height = Math.max(height, runs[s].lineHeight)
    baseline = Math.max(baseline, runs[s].baseline)
  }
  return { runs: placed, width: x, height, baseline }
}

/** The run's text as a string, once its fields are checked. */
function checkRun(run: TextRun, i: number): string {
  const at = `runs[${i}]`
  if (typeof run !== 'object' || run === null) throw badRun(at, run)
  const text = typeof run.text === 'number' ? String(run.text) : run.text
  if (typeof text !== 'string') throw badRun(`${at}.text`, run.text)
  if (typeof run.measure !== 'function') throw badRun(`${at}.measure`, run.measure)
  if (run.letterSpacing !== undefined && !Number.isFinite(run.letterSpacing)) {
    throw badRun(`${at}.letterSpacing`, run.letterSpacing)
  }
  if (!(Number.isFinite(run.lineHeight) && run.lineHeight > 0))
    throw badRun(`${at}.lineHeight`, run.lineHeight)
  if (!Number.isFinite(run.baseline)) throw badRun(`${at}.baseline`, run.baseline)
  return text
}

function badRun(field: string, value: unknown): Error {
  const name = field.replace(/^runs\[\d+\]\.?/, '') || 'run'
  const message = __DEV__ ? `layoutRuns: ${field} must be ${HINTS[name]}, got ${String(value)}.` : ''
  return invalidRequest(field, message)
}

// What each field must be, for development messages only (production bundles drop the table).
const HINTS: Record<string, string> = {
  runs: 'a non-empty array of { text, measure, lineHeight, baseline }',
  run: 'an object { text, measure, lineHeight, baseline }',
  text: 'a string or a number',
  measure: 'a function (text) => width in px',
  letterSpacing: 'a finite number of px',
  lineHeight: 'a positive number of px',
  baseline: 'a finite number of px',
  maxWidth: 'a positive number of px',
  maxLines: 'a whole number of at least 1',
  ellipsis: 'a string',
}
