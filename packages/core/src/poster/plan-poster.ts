import { dev } from '../dev'
import { MiniCodeError, isMiniCodeError } from '../errors'
import type { QrMatrix } from '../qr'
import { layoutText } from '../text/layout-text'
import { createFontMeasures, type FontMeasure, type Measure } from '../text/measure-cache'
import type { DrawOp, Radii, ResolvedPaint } from './draw-ops'
import { validatePosterSpec } from './validate-spec'
import type { Paint, PosterElement, PosterSpec, Radius, TextElement } from './types'

/**
 * A QR encoder: core's `createQrMatrix`, or any function of the same shape. Injected rather than
 * imported so that posters without `qr` elements don't carry the encoder (about 10 KB minified).
 */
export type QrEncoder = (text: string, options: { ecc?: 'L' | 'M' | 'Q' | 'H' }) => QrMatrix

/** What planning needs from the outside world: text widths, and a QR encoder for `qr` elements. */
export interface PlanContext {
  /** Width in design px of `text` drawn in CSS `font`, e.g. `(s, f) => { ctx.font = f; return ctx.measureText(s).width }`. */
  measure: FontMeasure
  /** Encodes `qr` elements; pass `createQrMatrix` from '@minicode/core'. Needed only when the spec has one. */
  qr?: QrEncoder
}

// Per measure function, one cached Measure per font: widths survive across plans.
const fontMeasures = new WeakMap<FontMeasure, (font: string) => Measure>()

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
  if (!ctx || typeof ctx.measure !== 'function') {
    throw new MiniCodeError('invalid_request', 'planPoster needs { measure: (text, font) => width }.', { field: 'measure' })
  }
  let forFont = fontMeasures.get(ctx.measure)
  if (!forFont) {
    forFont = createFontMeasures(ctx.measure)
    fontMeasures.set(ctx.measure, forFont)
  }
  const ops: DrawOp[] = [{ kind: 'clear', width: spec.width, height: spec.height }]
  const background = spec.background ?? '#fff'
  if (background !== 'transparent') {
    ops.push({
      kind: 'rect', x: 0, y: 0, width: spec.width, height: spec.height, radii: null,
      fill: resolvePaint(background, 0, 0, spec.width, spec.height), stroke: null, opacity: 1,
    })
  }
  spec.elements.forEach((el, index) => planElement(el, index, ops, forFont!, ctx.qr))
  return ops
}

function planElement(el: PosterElement, index: number, ops: DrawOp[], forFont: (font: string) => Measure, qr: QrEncoder | undefined): void {
  const opacity = el.opacity ?? 1
  switch (el.type) {
    case 'rect':
      ops.push({
        kind: 'rect', x: el.x, y: el.y, width: el.width, height: el.height,
        radii: resolveRadii(el.radius, el.width, el.height),
        fill: el.fill === undefined ? null : resolvePaint(el.fill, el.x, el.y, el.width, el.height),
        stroke: el.stroke ? { color: el.stroke.color, width: el.stroke.width } : null,
        opacity,
      })
      return
    case 'image':
      ops.push({
        kind: 'image', element: index, ...(el.id !== undefined ? { id: el.id } : {}),
        source: { kind: 'src', src: el.src, ...(el.fallbackSrc ? { fallbackSrc: el.fallbackSrc } : {}) },
        x: el.x, y: el.y, width: el.width, height: el.height, fit: el.fit ?? 'cover',
        radii: resolveRadii(el.radius, el.width, el.height), opacity,
      })
      return
    case 'code':
      ops.push({
        kind: 'image', element: index, ...(el.id !== undefined ? { id: el.id } : {}),
        source: el.dataUrl ? { kind: 'src', src: el.dataUrl } : { kind: 'code', request: el.request! },
        x: el.x, y: el.y, width: el.size, height: el.size, fit: 'contain',
        radii: resolveRadii(el.radius, el.size, el.size), opacity,
      })
      return
    case 'qr': {
      if (typeof qr !== 'function') {
        throw new MiniCodeError(
          'invalid_request',
          dev ? `elements[${index}] is a qr element: pass the encoder, { qr: createQrMatrix } (from '@minicode/core'), to planPoster or renderPoster.` : '',
          { field: `elements[${index}]` },
        )
      }
      let matrix
      try {
        matrix = qr(el.text, el.ecc ? { ecc: el.ecc } : {})
      } catch (e) {
        const message = isMiniCodeError(e) ? e.message : String(e)
        throw new MiniCodeError('invalid_request', `elements[${index}]: ${message}`, { field: `elements[${index}].text`, cause: e })
      }
      ops.push({
        kind: 'qr', x: el.x, y: el.y, size: el.size, modules: matrix.modules, margin: el.margin ?? 4,
        color: el.color ?? '#000', background: el.background ?? '#fff', opacity,
      })
      return
    }
    case 'text':
      planText(el, ops, forFont, opacity)
  }
}

function planText(el: TextElement, ops: DrawOp[], forFont: (font: string) => Measure, opacity: number): void {
  const size = el.size ?? 16
  const font = `${el.weight ?? 'normal'} ${size}px ${el.family ?? 'sans-serif'}`
  const lineHeight = el.lineHeight ?? size * 1.4
  const align = el.align ?? 'left'
  const { lines } = layoutText(el.text, {
    maxWidth: el.maxWidth ?? Infinity,
    ...(el.maxLines !== undefined ? { maxLines: el.maxLines } : {}),
    ...(el.ellipsis !== undefined ? { ellipsis: el.ellipsis } : {}),
    measure: forFont(font),
  })
  // With a box, align inside it; without one, x is the anchor like canvas fillText.
  const box = el.maxWidth ?? 0
  const x = align === 'left' ? el.x : align === 'center' ? el.x + box / 2 : el.x + box
  lines.forEach((line, i) => {
    if (line === '') return
    ops.push({ kind: 'text', text: line, x, y: el.y + lineHeight * i + lineHeight / 2, font, color: el.color ?? '#000', align, opacity })
  })
}

function resolvePaint(paint: Paint, x: number, y: number, w: number, h: number): ResolvedPaint {
  if (typeof paint === 'string') return paint
  const [fx, fy] = paint.from ?? [0, 0]
  const [tx, ty] = paint.to ?? [0, 1]
  return { type: 'linear', x0: x + fx * w, y0: y + fy * h, x1: x + tx * w, y1: y + ty * h, stops: paint.stops.map((s) => ({ ...s })) }
}

/** Radii clamped the CSS way: when two corners on one side overlap, all shrink by the same factor. */
export function resolveRadii(radius: Radius | 'circle' | undefined, w: number, h: number): Radii | null {
  if (radius === undefined || radius === 0) return null
  if (radius === 'circle') {
    const r = Math.min(w, h) / 2
    return [r, r, r, r]
  }
  const r: Radii = typeof radius === 'number' ? [radius, radius, radius, radius] : [radius[0], radius[1], radius[2], radius[3]]
  const f = Math.min(1, w / (r[0] + r[1] || 1), w / (r[2] + r[3] || 1), h / (r[0] + r[3] || 1), h / (r[1] + r[2] || 1))
  const out = r.map((v) => v * f) as Radii
  return out.every((v) => v === 0) ? null : out
}
