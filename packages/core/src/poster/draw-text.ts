import { splitGraphemes } from '../text'
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
  if (op.stroke) {
    ctx.strokeStyle = op.stroke.color
    ctx.lineWidth = op.stroke.width * 2
    ctx.lineJoin = 'round'
    paintText(ctx, op, true)
  }
  ctx.fillStyle = op.color
  paintText(ctx, op, false)
  const line = op.decoration
  if (line) ctx.fillRect(line.x, line.y, line.width, line.height)
}

function paintText(ctx: CanvasContextLike, op: TextOp, stroke: boolean): void {
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
