import { invalidRequest, isMiniCodeError } from '../errors'
import type { QrMatrix } from '../qr'
import { createFontMeasures, type FontMeasure, type Measure } from '../text'
import type { CodeRequest } from '../types'
import type { DrawOp, ImageOp, ImageSource, Matrix, Radii, ResolvedPaint, ResolvedStroke } from './draw-ops'
import type {
  CodeElement,
  ImageElement,
  Paint,
  PosterElement,
  PosterSpec,
  QrElement,
  Radius,
  Shadow,
  Stroke,
} from './types'
import { addEffects } from './effects'
import { layoutBoxes, type LaidOutElements } from './layout-boxes'
import { planLine } from './line-element'
import { planText } from './plan-text'
import { validatePosterSpec } from './validate-spec'

/**
 * A QR encoder: core's `createQrMatrix`, or any function of the same shape. Injected rather than
 * imported so that posters without `qr` elements don't carry the encoder (about 10 KB minified).
 */
export type QrEncoder = (
  text: string,
  options: { ecc?: 'L' | 'M' | 'Q' | 'H'; logo?: { size?: number } },
) => QrMatrix

/** What planning needs from the outside world: text widths, and a QR encoder for `qr` elements. */
export interface PlanContext {
  /** Width in design px of `text` drawn in CSS `font`, e.g. `(s, f) => { ctx.font = f; return ctx.measureText(s).width }`. */
  measure: FontMeasure
  /** Encodes `qr` elements; pass `createQrMatrix` from '@minicode/core'. Needed only when the spec has one. */
  qr?: QrEncoder
}

/**
 * Turns a poster spec into draw ops, in design px. Pure: no canvas, no IO, so layout is tested alone.
 * Throws MiniCodeError 'invalid_request' with `field` (e.g. 'elements[2].width') for a bad spec, and
 * with field 'elements[i]' for a `qr` element when no `qr` encoder was given.
 *
 * @example
 * const ops = planPoster(spec, { measure: (s, font) => { ctx.font = font; return ctx.measureText(s).width }, qr: createQrMatrix })
 */
export function planPoster(spec: PosterSpec, ctx: PlanContext): DrawOp[] {
  validatePosterSpec(spec)
  const measure = ctx?.measure
  if (typeof measure !== 'function') {
    throw invalidRequest('measure', __DEV__ ? 'planPoster needs { measure: (text, font) => width }.' : '')
  }
  // Per measure function, one cached Measure per font: widths survive across plans.
  const forFont = createFontMeasures(measure)
  const { width, background = '#fff' } = spec
  // Boxes, rotations (about the laid-out box) and a height that follows the content need the layout;
  // otherwise every element is drawn at its own x/y, as before boxes.
  const laidOut =
    spec.height === 'auto' || spec.elements.some((el) => el.type === 'box' || el.rotate)
      ? spec.elements.map((el) => layoutBoxes([el], measure))
      : null
  const height = spec.height === 'auto' ? autoHeight(laidOut || []) : spec.height
  const ops: DrawOp[] = [{ kind: 'clear', width, height }]
  // The background is a full-size rect under every element.
  if (background !== 'transparent')
    planElement({ type: 'rect', x: 0, y: 0, width, height, fill: background }, -1, ops, forFont)
  // One element's ops, then its effects (rotation, shadow) on each of them, whatever its kind.
  const plan = (el: PosterElement, index: number, transform?: Matrix, path = '') => {
    const first = ops.length
    planElement(el, index, ops, forFont, ctx.qr, path)
    addEffects(ops, first, { transform, shadow: (el as { shadow?: Shadow }).shadow })
  }
  spec.elements.forEach((el, index) => {
    if (!laidOut) return plan(el as PosterElement, index)
    // Boxes are laid out into plain elements, each named by its path in the spec. A rotation turns an
    // element about the centre of its laid-out box.
    const { elements, transforms, paths } = laidOut[index]
    elements.forEach((placed, i) => plan(placed, index, transforms[i], paths[i]))
  })
  return ops
}

/**
 * The height of `height: 'auto'`: the bottom of the lowest top-level element, its bottom margin
 * included, or of what overflows a box lower down.
 */
export function autoHeight(laidOut: LaidOutElements[]): number {
  const bottom = Math.max(0, ...laidOut.map((layout) => layout.bottom))
  if (!(bottom > 0)) {
    throw invalidRequest(
      'height',
      __DEV__ ? "height 'auto' found nothing below y 0 to size the poster to: give a number." : '',
    )
  }
  return bottom
}

function planElement(
  el: PosterElement,
  index: number,
  ops: DrawOp[],
  forFont: (font: string) => Measure,
  qr?: QrEncoder,
  /** Where `el` sits inside spec.elements[index] ('' for that element itself). */
  path = '',
): void {
  if (el.type === 'line') {
    ops.push(planLine(el))
    return
  }
  const { x, y, opacity = 1 } = el
  if (el.type === 'rect') {
    const { width, height, fill, stroke } = el
    ops.push({
      kind: 'rect',
      x,
      y,
      width,
      height,
      radii: resolveRadii(el.radius, width, height),
      fill: fill === undefined ? null : resolvePaint(fill, x, y, width, height),
      stroke: stroke ? resolveStroke(stroke) : null,
      opacity,
    })
  } else if (el.type === 'image' || el.type === 'code') {
    // A code is a contained square image, from its ready data URL or fetched by its request.
    const code = el.type === 'code'
    const width = code ? el.size : el.width
    const height = code ? el.size : el.height
    const op: ImageOp = {
      kind: 'image',
      element: index,
      source: imageSourceOf(el),
      x,
      y,
      width,
      height,
      fit: code ? 'contain' : el.fit || 'cover',
      radii: resolveRadii(el.radius, width, height),
      opacity,
    }
    if (el.id !== undefined) op.id = el.id
    // Inside a box: named by its own path, not its top-level element's (left out otherwise, as before boxes).
    if (path) op.path = `elements[${index}]${path}`
    if (el.type === 'image' && el.stroke) op.stroke = resolveStroke(el.stroke)
    ops.push(op)
  } else if (el.type === 'qr') {
    const at = `elements[${index}]${path}`
    if (typeof qr !== 'function') {
      throw invalidRequest(
        at,
        __DEV__
          ? `${at} is a qr element: pass the encoder, { qr: createQrMatrix } (from '@minicode/core'), to planPoster or renderPoster.`
          : '',
      )
    }
    let matrix
    try {
      // With a logo, the encoder raises ecc to 'H' and clears the middle (createQrMatrix does).
      matrix = qr(el.text, qrOptionsOf(el))
    } catch (e) {
      throw invalidRequest(
        isMiniCodeError(e) && e.field === 'logo.size' ? `${at}.logo.size` : `${at}.text`,
        __DEV__ ? `${at}: ${isMiniCodeError(e) ? e.message : String(e)}` : '',
        e,
      )
    }
    const { size, margin = 4, color = '#000', background = '#fff' } = el
    ops.push({ kind: 'qr', x, y, size, modules: matrix.modules, margin, color, background, opacity })
    if (el.logo) {
      if (matrix.logoSide === undefined) {
        throw invalidRequest(
          `${at}.logo`,
          __DEV__ ? `${at} has a logo, but the qr encoder cleared no room for it: pass createQrMatrix.` : '',
        )
      }
      ops.push(logoOp(el, index, `${at}.logo`, matrix.logoSide, matrix.size, opacity))
    }
  } else {
    planText(el, ops, forFont, opacity)
  }
}

/** Where an image's pixels come from: its src (then fallbackSrc), a code's ready dataUrl, or a code's request. */
/** What a qr element asks of the encoder: a logo (which raises ecc to 'H' there), or its ecc. */
function qrOptionsOf(el: QrElement): Parameters<QrEncoder>[1] {
  if (el.logo) return { logo: { size: el.logo.size } }
  return el.ecc ? { ecc: el.ecc } : {}
}

/** The logo of a qr element: an image contained in the cleared middle of the code. */
function logoOp(
  el: QrElement,
  index: number,
  path: string,
  logoModules: number,
  modules: number,
  opacity: number,
): ImageOp {
  const unit = el.size / (modules + 2 * (el.margin ?? 4))
  const side = logoModules * unit
  const op: ImageOp = {
    kind: 'image',
    element: index,
    source: { kind: 'src', src: (el.logo as { src: string }).src },
    x: el.x + (el.size - side) / 2,
    y: el.y + (el.size - side) / 2,
    width: side,
    height: side,
    fit: 'contain',
    radii: null,
    opacity,
    // Its own path, so a logo that fails to load is named at `….logo.src`, not at the qr's `src`.
    path,
  }
  if (el.id !== undefined) op.id = el.id
  return op
}

function imageSourceOf(el: ImageElement | CodeElement): ImageSource {
  if (el.type === 'image') {
    if (el.fallbackSrc) return { kind: 'src', src: el.src, fallbackSrc: el.fallbackSrc }
    return { kind: 'src', src: el.src }
  }
  if (el.dataUrl) return { kind: 'src', src: el.dataUrl }
  // The spec's validation let the code through, so a code without a dataUrl has its request.
  return { kind: 'code', request: el.request as CodeRequest }
}

/** A stroke's own fields, the dash only when given (ops of specs without dashes stay as they were). */
function resolveStroke({ color, width, dash }: Stroke): ResolvedStroke {
  return dash ? { color, width, dash: [dash[0], dash[1]] } : { color, width }
}

function resolvePaint(paint: Paint, x: number, y: number, w: number, h: number): ResolvedPaint {
  if (typeof paint === 'string') return paint
  const [fx, fy] = paint.from || [0, 0]
  const [tx, ty] = paint.to || [0, 1]
  return {
    type: 'linear',
    x0: x + fx * w,
    y0: y + fy * h,
    x1: x + tx * w,
    y1: y + ty * h,
    stops: paint.stops.map((s) => ({ ...s })),
  }
}

/** Radii clamped the CSS way: when two corners on one side overlap, all shrink by the same factor. */
export function resolveRadii(radius: Radius | 'circle' | undefined, w: number, h: number): Radii | null {
  if (!radius) return null
  if (radius === 'circle') radius = Math.min(w, h) / 2
  const r = typeof radius === 'number' ? [radius, radius, radius, radius] : radius
  const f = Math.min(
    1,
    w / (r[0] + r[1] || 1),
    w / (r[2] + r[3] || 1),
    h / (r[0] + r[3] || 1),
    h / (r[1] + r[2] || 1),
  )
  const out = r.map((v) => v * f) as Radii
  return out.every((v) => v === 0) ? null : out
}
