import { splitGraphemes } from '../text'
import { castShadowOnly, setDash, type PixelScale } from './draw-effects'
import type { TextOp } from './draw-ops'
import type { CanvasContextLike } from './execute-draw-ops'

/**
 * Draws a text op: its shadow (see paintShadowShape), then its outline (when it has a stroke), its
 * fill and its decoration.
 * Stroking under the fill keeps the glyphs' shapes whole: only the outer half of the stroke shows, so
 * it is stroked twice as wide as the outline asked for, with round joins (no spikes at sharp corners).
 * Letter-spaced text is drawn grapheme by grapheme (WeChat's canvas has no letterSpacing), each
 * grapheme after the last's measured width plus the spacing: the sum the layout used.
 * A stroked text's decoration is solid, in the stroke's colour, as Chromium's -webkit-text-stroke
 * draws it (test/e2e/text-decoration-stroke.test.ts).
 * `scale` is the executor's pixel ratio (canvas px per design px), which shadows are scaled by.
 */
export function drawText(
  ctx: CanvasContextLike,
  op: TextOp,
  scale: PixelScale = { scaleX: 1, scaleY: 1 },
): void {
  ctx.font = op.font
  ctx.textAlign = op.align
  ctx.textBaseline = op.baseline || 'middle'
  // All of the shadow first, below all of the ink: drawn with the shadow on, each grapheme's,
  // outline's or decoration's shadow would fall on what was drawn before it.
  if (op.shadow) castShadowOnly(ctx, op.transform, op.shadow, scale, () => paintShadowShape(ctx, op))
  paintText(ctx, op)
}

/**
 * What casts a text's shadow, as CSS text-shadow in Chromium: its glyphs and its decoration, filled
 * opaque (the shadow has the shadow colour's own alpha, whatever the text's colour, as a box's
 * shadow has), and not its outline (Chromium casts an outlined text's shadow from its glyphs alone).
 */
function paintShadowShape(ctx: CanvasContextLike, op: TextOp): void {
  ctx.fillStyle = '#000'
  paintGlyphs(ctx, op, false)
  const line = op.decoration
  if (line) ctx.fillRect(line.x, line.y, line.width, line.height)
}

/** Outline, fill and decoration of a text op. */
function paintText(ctx: CanvasContextLike, op: TextOp): void {
  // CSS paints an underline below the text, a line-through above it (they differ where an outlined
  // glyph's descender crosses its underline).
  const under = op.decoration?.line === 'underline'
  if (under) paintDecoration(ctx, op)
  if (op.stroke) {
    ctx.strokeStyle = op.stroke.color
    ctx.lineWidth = op.stroke.width * 2
    ctx.lineJoin = 'round'
    setDash(ctx, op.stroke.dash)
    paintGlyphs(ctx, op, true)
  }
  ctx.fillStyle = op.color
  paintGlyphs(ctx, op, false)
  if (!under) paintDecoration(ctx, op)
}

/**
 * A text op's decoration, if it has one. An outlined text's takes the outline's colour, as in
 * Chromium (where a decoration colour left to currentColor prefers -webkit-text-stroke's); it is
 * not outlined itself.
 */
function paintDecoration(ctx: CanvasContextLike, op: TextOp): void {
  const line = op.decoration
  if (!line) return
  ctx.fillStyle = op.stroke ? op.stroke.color : op.color
  ctx.fillRect(line.x, line.y, line.width, line.height)
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
