import { layoutRuns, type Measure, type RunsLayout, type TextRun } from '../text'
import { cssFont } from './css-font'
import type { DrawOp, TextOp } from './draw-ops'
import type { Color, TextDecoration, TextElement } from './types'

// Text elements into text ops: one op per line of a plain text (drawn with textBaseline 'middle' at
// the middle of its line box, as always), one op per run of each line of a text with spans (drawn on
// the line's alphabetic baseline).
//
// Where the baseline is. Planning knows only widths (a mini-program canvas measures nothing else),
// so the vertical metrics are fixed fractions of the size, chosen for the CJK fonts posters use: each
// run's em box is centred in its line box (half-leading above it, as in CSS) and the alphabetic
// baseline lies 0.88 of the size below the em box's top — where CJK fonts (Noto Sans CJK / Source
// Han Sans, PingFang SC) put their ideographic em box: 880 of 1000 units above the baseline, 120
// below. A line's runs share the lowest of their baselines, so no run's em box pokes out above the
// line; for one size this is 0.38 × size below the line's middle (Noto Sans CJK's own 'middle' is
// 0.44 × size above its baseline: plain text and a single span may differ by a px or so).

/** Alphabetic baseline below the top of the em box, × size. */
const EM_ASCENT = 0.88
/** Centre of a line-through above the baseline, × size: the middle of digits and capitals. */
const LINE_THROUGH = 0.35
/** Top of an underline below the baseline, × size: clear of the baseline and of CJK em boxes' bottom (0.12). */
const UNDERLINE = 0.13
/** Thickness of decorations: size / this (a module-level 1 / 15 would stay in every bundle). */
const DECORATION_PER_SIZE = 15

const ALIGN_SHARE = { left: 0, center: 0.5, right: 1 }

/** A run of a text element with its style resolved against the element's. */
interface RunStyle {
  text: string | number
  size: number
  font: string
  color: Color
  decoration?: TextDecoration
  letterSpacing: number
  lineHeight: number
}

/** A text element's laid-out lines, and the style of each run they name. */
export interface TextElementLayout {
  styles: RunStyle[]
  layout: RunsLayout
  /** Height of the lines: what a box makes room for. */
  height: number
}

/** The runs of a text element: its spans, each taking what it leaves out from the element; or its text. */
function runStyles(el: TextElement): RunStyle[] {
  const { size = 16, weight = 'normal', family = 'sans-serif', color = '#000' } = el
  const spans = el.spans ?? [{ text: el.text as string | number }]
  return spans.map((span) => {
    const runSize = span.size ?? size
    return {
      text: span.text,
      size: runSize,
      font: cssFont(span.weight ?? weight, runSize, span.family ?? family),
      color: span.color ?? color,
      decoration: span.decoration ?? el.decoration,
      letterSpacing: span.letterSpacing ?? el.letterSpacing ?? 0,
      lineHeight: el.lineHeight ?? runSize * 1.4,
    }
  })
}

/**
 * Lays a text element out at `maxWidth` (Infinity: wraps only at '\n'), with `forFont` giving the
 * width measure of a CSS font. The one layout behind planning and box sizing, so a box is as wide
 * and as tall as the lines that will be drawn in it.
 */
export function layoutTextElement(
  el: TextElement,
  maxWidth: number,
  forFont: (font: string) => Measure,
): TextElementLayout {
  const styles = runStyles(el)
  const runs: TextRun[] = styles.map((s) => ({
    text: s.text,
    measure: forFont(s.font),
    letterSpacing: s.letterSpacing,
    lineHeight: s.lineHeight,
    baseline: (s.lineHeight - s.size) / 2 + EM_ASCENT * s.size,
  }))
  // layoutRuns takes a missing maxLines / ellipsis as its defaults.
  const layout = layoutRuns(runs, { maxWidth, maxLines: el.maxLines, ellipsis: el.ellipsis })
  let height = 0
  if (el.spans) for (const line of layout.lines) height += line.height
  else height = layout.lines.length * styles[0].lineHeight
  return { styles, layout, height }
}

/** Pushes the text ops of a text element (see the top of this file for where lines and baselines go). */
export function planText(
  el: TextElement,
  ops: DrawOp[],
  forFont: (font: string) => Measure,
  opacity: number,
): void {
  const { x, y, align = 'left', maxWidth } = el
  const { styles, layout } = layoutTextElement(el, maxWidth || Infinity, forFont)
  // With a box, align inside it; without one, x is the anchor like canvas fillText.
  const anchor = align === 'left' ? x : x + (maxWidth || 0) / (align === 'center' ? 2 : 1)
  const leftOf = (width: number): number => anchor - width * ALIGN_SHARE[align]
  if (!el.spans) {
    // Plain text: one op per line, exactly as it always was (textBaseline 'middle' at the line's
    // middle, x the anchor of `align`), unless letter spacing has it drawn grapheme by grapheme
    // from the line's left.
    const style = styles[0]
    const { lineHeight, letterSpacing } = style
    layout.lines.forEach((line, i) => {
      if (line.runs.length === 0) return
      const left = leftOf(line.width)
      const middle = y + lineHeight * i + lineHeight / 2
      const op: TextOp = {
        kind: 'text',
        text: line.runs[0].text,
        x: letterSpacing ? left : anchor,
        y: middle,
        font: style.font,
        color: style.color,
        align: letterSpacing ? 'left' : align,
        opacity,
      }
      // The em box is centred on the middle: the baseline is where a span's would be.
      ops.push(withEffects(op, el, style, middle + (EM_ASCENT - 0.5) * style.size, left, line.width))
    })
    return
  }
  // Spans: one op per run, every run of a line on the line's baseline.
  let top = y
  for (const line of layout.lines) {
    const left = leftOf(line.width)
    const baseline = top + line.baseline
    for (const run of line.runs) {
      const style = styles[run.style]
      const op: TextOp = {
        kind: 'text',
        text: run.text,
        x: left + run.x,
        y: baseline,
        font: style.font,
        color: style.color,
        align: 'left',
        opacity,
        baseline: 'alphabetic',
      }
      ops.push(withEffects(op, el, style, baseline, op.x, run.width))
    }
    top += line.height
  }
}

/** Adds what is set of letter spacing, decoration (a rect from `left`, `width` wide) and stroke. */
function withEffects(
  op: TextOp,
  el: TextElement,
  style: RunStyle,
  baseline: number,
  left: number,
  width: number,
): TextOp {
  if (style.letterSpacing !== 0) op.letterSpacing = style.letterSpacing
  if (style.decoration) {
    const height = style.size / DECORATION_PER_SIZE
    const top =
      style.decoration === 'underline'
        ? baseline + UNDERLINE * style.size
        : baseline - LINE_THROUGH * style.size - height / 2
    op.decoration = { x: left, y: top, width, height, line: style.decoration }
  }
  if (el.stroke) {
    const { color, width, dash } = el.stroke
    op.stroke = dash ? { color, width, dash: [dash[0], dash[1]] } : { color, width }
  }
  return op
}
