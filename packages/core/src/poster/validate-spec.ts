import { MiniCodeError } from '../errors'
import type { PosterSpec } from './types'

type Obj = Record<string, unknown>

const TYPES = ['rect', 'image', 'text', 'code', 'qr']
const MAX_SIDE = 20000 // design px; anything larger is a unit mistake (rpx? canvas px?)

// Long messages are written inline behind the NODE_ENV check at each use, so production bundles drop
// them; the error keeps its code and field either way.

/**
 * Checks a poster spec; throws MiniCodeError 'invalid_request' whose `field` names the culprit
 * ('width', 'background', 'elements[3].src', …). Returns the spec for chaining.
 */
export function validatePosterSpec(spec: unknown): PosterSpec {
  if (!isObj(spec))
    fail(
      '',
      process.env.NODE_ENV !== 'production'
        ? 'The poster spec must be an object { width, height, elements }.'
        : '',
    )
  size(spec, 'width', '', MAX_SIDE)
  size(spec, 'height', '', MAX_SIDE)
  if (spec.background !== undefined) paint(spec.background, 'background')
  if (spec.pixelRatio !== undefined) size(spec, 'pixelRatio', '', 16)
  if (!Array.isArray(spec.elements)) {
    fail(
      'elements',
      process.env.NODE_ENV !== 'production'
        ? 'elements must be an array of rect, image, text, code and qr elements.'
        : '',
    )
  }
  spec.elements.forEach((el: unknown, i: number) => element(el, `elements[${i}]`))
  return spec as unknown as PosterSpec
}

function element(el: unknown, at: string): void {
  if (!isObj(el))
    return fail(at, process.env.NODE_ENV !== 'production' ? `${at} must be an element object.` : '')
  const type = el.type
  oneOf(el, 'type', at, TYPES)
  num(el, 'x', at)
  num(el, 'y', at)
  str(el, 'id', at, true, true)
  range(el, 'opacity', at, 1)
  if (type === 'rect') {
    size(el, 'width', at, MAX_SIDE, true)
    size(el, 'height', at, MAX_SIDE, true)
    if (el.fill !== undefined) paint(el.fill, `${at}.fill`)
    const stroke = el.stroke
    if (stroke !== undefined) {
      if (!isObj(stroke) || !isColor(stroke.color))
        fail(
          `${at}.stroke`,
          process.env.NODE_ENV !== 'production' ? `${at}.stroke must be { color, width }.` : '',
        )
      size(stroke as Obj, 'width', `${at}.stroke`, 1000)
    }
  } else if (type === 'qr') {
    str(el, 'text', at)
    size(el, 'size', at, MAX_SIDE)
    oneOf(el, 'ecc', at, ['L', 'M', 'Q', 'H'])
    range(el, 'margin', at, 16)
    color(el, 'color', at)
    color(el, 'background', at)
  } else if (type === 'text') {
    text(el, at)
  } else {
    if (type === 'image') {
      str(el, 'src', at)
      str(el, 'fallbackSrc', at, true)
      size(el, 'width', at, MAX_SIDE)
      size(el, 'height', at, MAX_SIDE)
      oneOf(el, 'fit', at, ['cover', 'contain', 'fill'])
    } else {
      // code
      if (el.dataUrl !== undefined) str(el, 'dataUrl', at)
      else if (!isObj(el.request)) {
        fail(
          `${at}.request`,
          process.env.NODE_ENV !== 'production'
            ? `${at} needs a code request (fetched through a backend) or a ready dataUrl.`
            : '',
        )
      }
      size(el, 'size', at, MAX_SIDE)
    }
  }
  if (type !== 'text' && type !== 'qr') radius(el.radius, `${at}.radius`, type !== 'rect')
}

function text(el: Obj, at: string): void {
  if (typeof el.text !== 'string' && !isNum(el.text)) {
    fail(
      `${at}.text`,
      process.env.NODE_ENV !== 'production' ? `${at}.text must be a string or a finite number.` : '',
    )
  }
  if (el.size !== undefined) size(el, 'size', at, 2000)
  if (el.lineHeight !== undefined) size(el, 'lineHeight', at, 4000)
  if (el.maxWidth !== undefined) size(el, 'maxWidth', at, MAX_SIDE)
  const { maxLines, weight, family } = el
  if (maxLines !== undefined && !(Number.isInteger(maxLines) && (maxLines as number) >= 1)) {
    fail(
      `${at}.maxLines`,
      process.env.NODE_ENV !== 'production' ? `${at}.maxLines must be a whole number ≥ 1.` : '',
    )
  }
  if (
    weight !== undefined &&
    weight !== 'normal' &&
    weight !== 'bold' &&
    !(Number.isInteger(weight) && (weight as number) >= 1 && (weight as number) <= 1000)
  ) {
    fail(
      `${at}.weight`,
      process.env.NODE_ENV !== 'production' ? `${at}.weight must be 'normal', 'bold' or 100–900.` : '',
    )
  }
  oneOf(el, 'align', at, ['left', 'center', 'right'])
  str(el, 'family', at, true, true)
  str(el, 'ellipsis', at, true, true)
  if (family !== undefined && /[;{}]/.test(family as string)) {
    fail(
      `${at}.family`,
      process.env.NODE_ENV !== 'production' ? `${at}.family must be a CSS font family list.` : '',
    )
  }
  color(el, 'color', at)
}

function paint(p: unknown, at: string): void {
  if (isColor(p)) return
  if (!isObj(p) || p.type !== 'linear' || !Array.isArray(p.stops) || p.stops.length < 2) {
    return fail(
      at,
      process.env.NODE_ENV !== 'production'
        ? `${at} must be a colour or { type: 'linear', stops: [{ offset, color }, …≥2] }.`
        : '',
    )
  }
  p.stops.forEach((s: unknown, i: number) => {
    const stop = `${at}.stops[${i}]`
    if (!isObj(s) || !isColor(s.color))
      fail(stop, process.env.NODE_ENV !== 'production' ? `${stop} must be { offset: 0–1, color }.` : '')
    range(s as Obj, 'offset', stop, 1, true)
  })
  for (const k of ['from', 'to']) {
    const v = p[k]
    if (v !== undefined && !(Array.isArray(v) && v.length === 2 && v.every(isNum))) {
      fail(
        `${at}.${k}`,
        process.env.NODE_ENV !== 'production' ? `${at}.${k} must be [x, y] in fractions of the box.` : '',
      )
    }
  }
}

function radius(r: unknown, at: string, circleOk: boolean): void {
  const ok = (n: unknown): boolean => isNum(n) && n >= 0
  if (
    r === undefined ||
    (circleOk && r === 'circle') ||
    ok(r) ||
    (Array.isArray(r) && r.length === 4 && r.every(ok))
  )
    return
  fail(
    at,
    process.env.NODE_ENV !== 'production'
      ? `${at} must be a number ≥ 0 or [topLeft, topRight, bottomRight, bottomLeft]${circleOk ? " or 'circle'" : ''}.`
      : '',
  )
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isColor = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''
const isNum = (v: unknown): v is number => typeof v === 'number' && isFinite(v)
const join = (at: string, k: string): string => (at ? `${at}.${k}` : k)

function num(o: Obj, k: string, at: string): void {
  if (!isNum(o[k]))
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production' ? `${join(at, k)} must be a finite number of design px.` : '',
    )
}
function size(o: Obj, k: string, at: string, max: number, zeroOk?: boolean): void {
  const v = o[k]
  if (!isNum(v) || v < 0 || (!zeroOk && v === 0) || v > max) {
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production'
        ? `${join(at, k)} must be a positive number up to ${max}, got ${JSON.stringify(v)}.`
        : '',
    )
  }
}
/** An optional (or, with `required`, a present) number in [0, hi]. */
function range(o: Obj, k: string, at: string, hi: number, required?: boolean): void {
  const v = o[k]
  if ((required || v !== undefined) && !(typeof v === 'number' && v >= 0 && v <= hi)) {
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production' ? `${join(at, k)} must be between 0 and ${hi}.` : '',
    )
  }
}
/** A non-empty string (any string with `anyOk`); may be missing with `optional`. */
function str(o: Obj, k: string, at: string, optional?: boolean, anyOk?: boolean): void {
  const v = o[k]
  if ((!optional || v !== undefined) && (typeof v !== 'string' || (!anyOk && v.trim() === ''))) {
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production'
        ? `${join(at, k)} must be a${anyOk ? '' : ' non-empty'} string.`
        : '',
    )
  }
}
function oneOf(o: Obj, k: string, at: string, list: string[]): void {
  const v = o[k]
  // 'type' is required; the other enums are optional.
  if ((k === 'type' || v !== undefined) && !list.includes(v as string)) {
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production'
        ? `${join(at, k)} must be one of ${list.join(', ')}, got ${JSON.stringify(v)}.`
        : '',
    )
  }
}
function color(o: Obj, k: string, at: string): void {
  if (o[k] !== undefined && !isColor(o[k]))
    fail(
      join(at, k),
      process.env.NODE_ENV !== 'production' ? `${join(at, k)} must be a CSS colour string.` : '',
    )
}

function fail(field: string, message: string): never {
  throw new MiniCodeError(
    'invalid_request',
    process.env.NODE_ENV !== 'production' ? `Poster spec: ${message}` : '',
    field ? { field } : {},
  )
}
