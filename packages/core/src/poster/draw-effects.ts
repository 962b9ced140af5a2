import type { DrawOp, Matrix, Radii, ResolvedShadow } from './draw-ops'
import type { CanvasContextLike } from './execute-draw-ops'
import type { Dash } from './types'

// Issue #13's effects at drawing time, around an op: its rotation, its shadow, dashed strokes.

/** Canvas px per design px, per axis: what shadows are scaled by. */
export interface PixelScale {
  scaleX: number
  scaleY: number
}

/**
 * Sets up the canvas for one op, inside the executor's save/restore: its transform, then its
 * shadow. A rect or image casts the shadow of its (rounded) box here, before it is drawn; a text
 * op casts its own (drawText), and a line or QR code has none.
 */
export function applyEffects(ctx: CanvasContextLike, op: DrawOp, scale: PixelScale): void {
  if (op.kind === 'clear') return
  if (op.transform) ctx.transform(...op.transform)
  const { shadow } = op
  if (!shadow) return
  if (op.kind === 'rect' || op.kind === 'image')
    castBoxShadow(ctx, op.x, op.y, op.width, op.height, op.radii, shadow, scale)
}

/**
 * How far right, in canvas px, castShadowOnly draws: past the widest canvas the platforms draw (4096
 * px) by another canvas width, so no ink of a poster's text lands on it.
 */
const FAR = 8192

/**
 * Casts the shadow of what `paint` draws, without its ink: paint draws FAR canvas px to the right,
 * off the canvas, and the shadow is offset back by as much. Drawn before the ink (without a
 * shadow), this puts every shadow of an op below all of its ink, as CSS text-shadow does: drawn
 * with the shadow on, a letter-spaced grapheme's or a decoration's shadow would fall on what was
 * drawn before it; and unlike drawing the ink twice, it keeps opacity and anti-aliased edges as
 * they are. `transform` is the op's, as the executor applied it.
 */
export function castShadowOnly(
  ctx: CanvasContextLike,
  transform: Matrix | undefined,
  shadow: ResolvedShadow,
  scale: PixelScale,
  paint: () => void,
): void {
  const { scaleX, scaleY } = scale
  const [a, b, c, d, e, f] = transform || [1, 0, 0, 1, 0, 0]
  ctx.save()
  // The executor's transform (the pixel ratio, then the op's), moved FAR canvas px right.
  ctx.setTransform(a * scaleX, b * scaleY, c * scaleX, d * scaleY, e * scaleX + FAR, f * scaleY)
  setShadow(ctx, shadow, scale)
  ctx.shadowOffsetX -= FAR
  paint()
  ctx.restore()
}

/**
 * Turns the canvas's shadow on. shadowOffset and shadowBlur are canvas px that the transform does
 * not scale (HTML canvas spec; @napi-rs/canvas and Chromium alike): they are scaled here, so a
 * shadow looks the same at any pixel ratio.
 */
function setShadow(ctx: CanvasContextLike, shadow: ResolvedShadow, { scaleX, scaleY }: PixelScale): void {
  ctx.shadowColor = shadow.color
  ctx.shadowOffsetX = shadow.x * scaleX
  ctx.shadowOffsetY = shadow.y * scaleY
  ctx.shadowBlur = shadow.blur * Math.min(scaleX, scaleY)
}

/**
 * The shadow of a box, as CSS box-shadow: one shadow of its whole (rounded) shape, outside it only,
 * whatever is drawn inside (a fill and a stroke, a transparent or contained picture). The shape is
 * filled with its inside clipped away, so only its shadow reaches the canvas.
 */
function castBoxShadow(
  ctx: CanvasContextLike,
  x: number,
  y: number,
  width: number,
  height: number,
  radii: Radii | null,
  shadow: ResolvedShadow,
  scale: PixelScale,
): void {
  // Far enough around the box to hold all of its shadow (a blur spreads about 1.5 × blur px).
  const room = Math.abs(shadow.x) + Math.abs(shadow.y) + 2 * shadow.blur + 1
  ctx.save()
  // Clip to a ring: a large rect drawn anticlockwise around the box's shape drawn clockwise, so that
  // the nonzero rule leaves the shape out (clip('evenodd') is missing on some mini-program engines).
  ctx.beginPath()
  ctx.moveTo(x - room, y - room)
  ctx.lineTo(x - room, y + height + room)
  ctx.lineTo(x + width + room, y + height + room)
  ctx.lineTo(x + width + room, y - room)
  ctx.closePath()
  pathShape(ctx, x, y, width, height, radii)
  ctx.clip()
  setShadow(ctx, shadow, scale)
  // Opaque, so the shadow has the shadow colour's own alpha.
  ctx.fillStyle = '#000'
  ctx.beginPath()
  pathShape(ctx, x, y, width, height, radii)
  ctx.fill()
  ctx.restore()
}

/**
 * A box's outline, clockwise, added to the current path (pathRounded's outline without its
 * beginPath: the shadow's clip needs it beside the outer rect in one path).
 */
function pathShape(
  ctx: CanvasContextLike,
  x: number,
  y: number,
  w: number,
  h: number,
  radii: Radii | null,
): void {
  const [tl, tr, br, bl] = radii || [0, 0, 0, 0]
  ctx.moveTo(x + tl, y)
  ctx.arcTo(x + w, y, x + w, y + h, tr)
  ctx.arcTo(x + w, y + h, x, y + h, br)
  ctx.arcTo(x, y + h, x, y, bl)
  ctx.arcTo(x, y, x + w, y, tl)
  ctx.closePath()
}

/** Dashes the next strokes; a canvas without setLineDash (some older engines) draws them solid. */
export function setDash(ctx: CanvasContextLike, dash: Dash | undefined): void {
  if (dash && typeof ctx.setLineDash === 'function') ctx.setLineDash(dash)
}
