import { splitGraphemes } from '../text'
import { setDash } from './draw-effects'
import type { TextOp } from './draw-ops'
import type { CanvasContextLike } from './execute-draw-ops'

/**
 * Draws a text op: its outline first (when it has a stroke), then its fill, then its decoration.
 * Stroking under the fill keeps the glyphs' shapes whole: only the outer half of the stroke shows, so
 * it is stroked twice as wide as the outline asked for, with round joins (no spikes at sharp corners).
 * Letter-spaced text is drawn grapheme by grapheme (WeChat's canvas has no letterSpacing), each
 * grapheme after the last's measured width plus the spacing: the sum the layout used.
 */
export function drawText(ctx: CanvasContextLike, op: TextOp): void {
  ctx.font = op.font
  ctx.textAlign = op.align
  ctx.textBaseline = op.baseline || 'middle'
  if (op.stroke && op.shadow) {
    // Each drawing casts the canvas's shadow over what is already drawn: the fill's would fall on the
    // outline. Cast the whole text's shadow first, then draw it again without one on top.
    paintText(ctx, op)
    ctx.shadowColor = 'rgba(0,0,0,0)'
  }
  paintText(ctx, op)
}

/** Outline, fill and decoration of a text op. */
function paintText(ctx: CanvasContextLike, op: TextOp): void {
  if (op.stroke) {
    ctx.strokeStyle = op.stroke.color
    ctx.lineWidth = op.stroke.width * 2
    ctx.lineJoin = 'round'
    setDash(ctx, op.stroke.dash)
    paintGlyphs(ctx, op, true)
  }
  ctx.fillStyle = op.color
  paintGlyphs(ctx, op, false)
  const line = op.decoration
  if (line) ctx.fillRect(line.x, line.y, line.width, line.height)
}

function paintGlyphs(ctx: CanvasContextLike, op: TextOp, stroke: boolean): void {
  const paint = (text: string, x: number): void =>
    stroke ? ctx.strokeText(text, x, op.y) : ctx.fillText(text, x, op.y)
  if (!op.letterSpacing) {
    paint(op.text, op.x)
    return
  }
  let x = op.x
  for (const g of splitGraphemes(op.text)) {
    paint(g, x)
    x += ctx.measureText(g).width + op.letterSpacing
  }
}
