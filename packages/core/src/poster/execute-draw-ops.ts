import { MiniCodeError } from '../errors'
import { applyEffects, setDash } from './draw-effects'
import type { DrawOp, ImageOp, LineOp, QrOp, Radii, RectOp, ResolvedPaint, ResolvedStroke } from './draw-ops'
import type { ImageFit } from './types'
import { drawText } from './draw-text'

/**
 * The part of CanvasRenderingContext2D the executor uses. WeChat's Canvas 2D context, the browser's
 * and @napi-rs/canvas's all fit; no roundRect / ellipse / filter, which older engines lack.
 */
export interface CanvasContextLike {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  lineJoin: string
  font: string
  textAlign: string
  textBaseline: string
  globalAlpha: number
  lineCap: string
  shadowColor: string
  shadowBlur: number
  shadowOffsetX: number
  shadowOffsetY: number
  save(): void
  restore(): void
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void
  transform(a: number, b: number, c: number, d: number, e: number, f: number): void
  /** Optional: without it dashed strokes are drawn solid. */
  setLineDash?(segments: number[]): void
  clearRect(x: number, y: number, w: number, h: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  beginPath(): void
  closePath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  arcTo(x1: number, y1: number, x2: number, y2: number, r: number): void
  rect(x: number, y: number, w: number, h: number): void
  fill(): void
  stroke(): void
  clip(): void
  fillText(text: string, x: number, y: number): void
  strokeText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
  createLinearGradient(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
  ): { addColorStop(offset: number, color: string): void }
  drawImage(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    image: any,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void
}

/** A loaded image: anything drawImage takes that knows its size. */
export interface PosterImage {
  width: number
  height: number
  naturalWidth?: number
  naturalHeight?: number
}

export interface ExecuteOptions {
  /**
   * Loaded images by image op (renderPoster's), or by ImageOp.element (one image per top-level
   * element: not enough for a box holding several).
   */
  images?: ReadonlyMap<ImageOp | number, PosterImage>
  /** Canvas px per design px, per axis (see canvasSize). Default 1. */
  scaleX?: number
  scaleY?: number
}

/**
 * Runs draw ops on a 2D context: the one executor behind Taro, H5 and the Node golden tests.
 * Throws 'image_load_failed' (field 'elements[i]') when an image op has no loaded image.
 */
export function executeDrawOps(
  ctx: CanvasContextLike,
  ops: readonly DrawOp[],
  options: ExecuteOptions = {},
): void {
  const { images, scaleX = 1, scaleY = 1 } = options
  ctx.setTransform(scaleX, 0, 0, scaleY, 0, 0)
  for (const op of ops) {
    ctx.save()
    if (op.kind === 'clear') {
      ctx.globalAlpha = 1
      ctx.clearRect(0, 0, op.width, op.height)
    } else {
      ctx.globalAlpha = op.opacity
      applyEffects(ctx, op, { scaleX, scaleY })
      if (op.kind === 'rect') drawRect(ctx, op)
      else if (op.kind === 'image') drawImage(ctx, op, images?.get(op) ?? images?.get(op.element))
      else if (op.kind === 'qr') drawQr(ctx, op)
      else if (op.kind === 'line') drawLine(ctx, op)
      else if (op.kind === 'text') drawText(ctx, op, { scaleX, scaleY })
    }
    ctx.restore()
  }
}

function drawRect(ctx: CanvasContextLike, op: RectOp): void {
  const { x, y, width, height, radii, fill, stroke } = op
  if (fill !== null) {
    const box = insideBorder(op) ?? op
    ctx.fillStyle = paintStyle(ctx, fill)
    if (box.radii) {
      pathRounded(ctx, box.x, box.y, box.width, box.height, box.radii)
      ctx.fill()
    } else {
      ctx.fillRect(box.x, box.y, box.width, box.height)
    }
  }
  if (stroke) strokeInside(ctx, x, y, width, height, radii, stroke)
}

/** A box in design px, with its corner radii. */
interface RoundedBox {
  x: number
  y: number
  width: number
  height: number
  radii: Radii | null
}

/**
 * The inside of a half-transparent box's solid border, where its fill or picture goes; null when
 * they go under the whole box. Opacity here is each drawing's (globalAlpha), not the whole
 * element's as in CSS: drawn under a half-transparent border, the fill would show through it
 * (blue under red at 0.5 made it purple, where CSS has half red). A dashed border's gaps need the
 * fill under them, so it still goes under the whole border.
 */
function insideBorder(op: RectOp | ImageOp): RoundedBox | null {
  const { x, y, width, height, radii, stroke, opacity } = op
  if (opacity >= 1 || !stroke || stroke.dash) return null
  const w = stroke.width
  return {
    x: x + w,
    y: y + w,
    width: Math.max(0, width - 2 * w),
    height: Math.max(0, height - 2 * w),
    // The border's inner edge (see strokeInside).
    radii: radii && (radii.map((r) => Math.max(0, r - w)) as Radii),
  }
}

/** A border inside the box, so a bordered card (or picture) keeps its size. */
function strokeInside(
  ctx: CanvasContextLike,
  x: number,
  y: number,
  width: number,
  height: number,
  radii: Radii | null,
  stroke: ResolvedStroke,
): void {
  const w = stroke.width
  const half = w / 2
  ctx.strokeStyle = stroke.color
  ctx.lineWidth = w
  setDash(ctx, stroke.dash)
  if (radii)
    pathRounded(
      ctx,
      x + half,
      y + half,
      width - w,
      height - w,
      radii.map((r) => Math.max(0, r - half)) as Radii,
    )
  else {
    ctx.beginPath()
    ctx.rect(x + half, y + half, width - w, height - w)
  }
  ctx.stroke()
}

function drawLine(ctx: CanvasContextLike, op: LineOp): void {
  ctx.strokeStyle = op.color
  ctx.lineWidth = op.width
  ctx.lineCap = op.cap
  setDash(ctx, op.dash)
  ctx.beginPath()
  ctx.moveTo(op.x1, op.y1)
  ctx.lineTo(op.x2, op.y2)
  ctx.stroke()
}

function drawImage(ctx: CanvasContextLike, op: ImageOp, image: PosterImage | undefined): void {
  if (!image) {
    throw new MiniCodeError(
      'image_load_failed',
      __DEV__ ? `No loaded image for element ${op.element}${op.id ? ` (${op.id})` : ''}.` : '',
      {
        field: elementPath(op),
      },
    )
  }
  const w = image.naturalWidth || image.width
  const h = image.naturalHeight || image.height
  // A picture of no size (an SVG without one, in browsers) draws nothing; its border and shadow,
  // which are the box's, still do.
  if (w > 0 && h > 0) {
    // The border goes on top of the picture, outside its clip.
    ctx.save()
    const inner = insideBorder(op)
    if (inner) {
      if (inner.radii) pathRounded(ctx, inner.x, inner.y, inner.width, inner.height, inner.radii)
      else {
        ctx.beginPath()
        ctx.rect(inner.x, inner.y, inner.width, inner.height)
      }
      ctx.clip()
    } else if (op.radii) {
      pathRounded(ctx, op.x, op.y, op.width, op.height, op.radii)
      ctx.clip()
    }
    // Fitted to the whole box, only clipped to the inside of a border.
    const { sx, sy, sw, sh, dx, dy, dw, dh } = fitImage(w, h, op, op.fit)
    ctx.drawImage(image, sx, sy, sw, sh, dx, dy, dw, dh)
    ctx.restore()
  }
  if (op.stroke) strokeInside(ctx, op.x, op.y, op.width, op.height, op.radii, op.stroke)
}

function drawQr(ctx: CanvasContextLike, op: QrOp): void {
  const n = op.modules.length
  const unit = op.size / (n + 2 * op.margin)
  if (op.background !== 'transparent') {
    ctx.fillStyle = op.background
    ctx.fillRect(op.x, op.y, op.size, op.size)
  }
  // One path of horizontal runs, filled once: no hairline seams between neighbouring modules.
  ctx.fillStyle = op.color
  ctx.beginPath()
  const x0 = op.x + op.margin * unit
  const y0 = op.y + op.margin * unit
  for (let y = 0; y < n; y++) {
    const row = op.modules[y]
    let x = 0
    while (x < n) {
      if (!row[x]) {
        x++
        continue
      }
      const start = x
      while (x < n && row[x]) x++
      ctx.rect(x0 + start * unit, y0 + y * unit, (x - start) * unit, unit)
    }
  }
  ctx.fill()
}

function paintStyle(ctx: CanvasContextLike, paint: ResolvedPaint): unknown {
  if (typeof paint === 'string') return paint
  const g = ctx.createLinearGradient(paint.x0, paint.y0, paint.x1, paint.y1)
  for (const s of paint.stops) g.addColorStop(s.offset, s.color)
  return g
}

/** Where an image op's element is in the spec: 'elements[3]', or 'elements[0].children[2]' in a box. */
export function elementPath(op: ImageOp): string {
  return op.path ?? `elements[${op.element}]`
}

/** A rounded-rectangle path with arcTo (roundRect is missing on older mini-program engines). */
export function pathRounded(
  ctx: CanvasContextLike,
  x: number,
  y: number,
  w: number,
  h: number,
  [tl, tr, br, bl]: Radii,
): void {
  ctx.beginPath()
  ctx.moveTo(x + tl, y)
  ctx.arcTo(x + w, y, x + w, y + h, tr)
  ctx.arcTo(x + w, y + h, x, y + h, br)
  ctx.arcTo(x, y + h, x, y, bl)
  ctx.arcTo(x, y, x + w, y, tl)
  ctx.closePath()
}

/** Source and destination rectangles of drawImage for an image of w × h in a box. */
export function fitImage(
  w: number,
  h: number,
  box: { x: number; y: number; width: number; height: number },
  fit: ImageFit,
): { sx: number; sy: number; sw: number; sh: number; dx: number; dy: number; dw: number; dh: number } {
  let { x: dx, y: dy, width: dw, height: dh } = box
  let [sx, sy, sw, sh] = [0, 0, w, h]
  if (fit === 'cover') {
    // Crop the source to the box's aspect, centred.
    const scale = Math.max(dw / w, dh / h)
    sw = dw / scale
    sh = dh / scale
    sx = (w - sw) / 2
    sy = (h - sh) / 2
  } else if (fit !== 'fill') {
    const scale = Math.min(dw / w, dh / h)
    dx += (dw - w * scale) / 2
    dy += (dh - h * scale) / 2
    dw = w * scale
    dh = h * scale
  }
  return { sx, sy, sw, sh, dx, dy, dw, dh }
}
