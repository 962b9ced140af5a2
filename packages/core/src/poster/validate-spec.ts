import { MiniCodeError } from '../errors'
import type { PosterSpec } from './types'

type Obj = Record<string, unknown>

const TYPES = ['rect', 'image', 'text', 'code', 'qr']
const MAX_SIDE = 20000 // design px; anything larger is a unit mistake (rpx? canvas px?)

/**
 * Checks a poster spec; throws MiniCodeError 'invalid_request' whose `field` names the culprit
 * ('width', 'background', 'elements[3].src', …). Returns the spec for chaining.
 */
export function validatePosterSpec(spec: unknown): PosterSpec {
  if (!isObj(spec)) throw bad('', 'The poster spec must be an object { width, height, elements }.')
  size(spec, 'width', '', MAX_SIDE)
  size(spec, 'height', '', MAX_SIDE)
  if (spec.background !== undefined) paint(spec.background, 'background')
  if (spec.pixelRatio !== undefined) size(spec, 'pixelRatio', '', 16)
  if (!Array.isArray(spec.elements)) throw bad('elements', 'elements must be an array of rect, image, text, code and qr elements.')
  spec.elements.forEach((el: unknown, i: number) => element(el, `elements[${i}]`))
  return spec as unknown as PosterSpec
}

function element(el: unknown, at: string): void {
  if (!isObj(el)) throw bad(at, `${at} must be an element object.`)
  if (!TYPES.includes(el.type as string)) throw bad(`${at}.type`, `${at}.type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(el.type)}.`)
  num(el, 'x', at)
  num(el, 'y', at)
  if (el.id !== undefined && typeof el.id !== 'string') throw bad(`${at}.id`, `${at}.id must be a string.`)
  if (el.opacity !== undefined) range(el, 'opacity', at, 0, 1)
  switch (el.type) {
    case 'rect':
      size(el, 'width', at, MAX_SIDE, true)
      size(el, 'height', at, MAX_SIDE, true)
      if (el.fill !== undefined) paint(el.fill, `${at}.fill`)
      if (el.stroke !== undefined) {
        if (!isObj(el.stroke) || !color(el.stroke.color)) throw bad(`${at}.stroke`, `${at}.stroke must be { color, width }.`)
        size(el.stroke, 'width', `${at}.stroke`, 1000)
      }
      radius(el.radius, `${at}.radius`, false)
      return
    case 'image':
      str(el, 'src', at)
      if (el.fallbackSrc !== undefined) str(el, 'fallbackSrc', at)
      size(el, 'width', at, MAX_SIDE)
      size(el, 'height', at, MAX_SIDE)
      if (el.fit !== undefined && !['cover', 'contain', 'fill'].includes(el.fit as string)) {
        throw bad(`${at}.fit`, `${at}.fit must be 'cover', 'contain' or 'fill'.`)
      }
      radius(el.radius, `${at}.radius`, true)
      return
    case 'code':
      if (el.dataUrl !== undefined) str(el, 'dataUrl', at)
      else if (!isObj(el.request)) throw bad(`${at}.request`, `${at} needs a code request (fetched through a backend) or a ready dataUrl.`)
      size(el, 'size', at, MAX_SIDE)
      radius(el.radius, `${at}.radius`, true)
      return
    case 'qr':
      str(el, 'text', at)
      size(el, 'size', at, MAX_SIDE)
      if (el.ecc !== undefined && !['L', 'M', 'Q', 'H'].includes(el.ecc as string)) throw bad(`${at}.ecc`, `${at}.ecc must be 'L', 'M', 'Q' or 'H'.`)
      if (el.margin !== undefined) range(el, 'margin', at, 0, 16)
      for (const k of ['color', 'background']) if (el[k] !== undefined && !color(el[k])) throw bad(`${at}.${k}`, `${at}.${k} must be a CSS colour string.`)
      return
    default:
      text(el, at)
  }
}

function text(el: Obj, at: string): void {
  if (typeof el.text !== 'string' && !(typeof el.text === 'number' && Number.isFinite(el.text))) {
    throw bad(`${at}.text`, `${at}.text must be a string or a finite number.`)
  }
  if (el.size !== undefined) size(el, 'size', at, 2000)
  if (el.lineHeight !== undefined) size(el, 'lineHeight', at, 4000)
  if (el.maxWidth !== undefined) size(el, 'maxWidth', at, MAX_SIDE)
  if (el.maxLines !== undefined && !(Number.isInteger(el.maxLines) && (el.maxLines as number) >= 1)) {
    throw bad(`${at}.maxLines`, `${at}.maxLines must be a whole number ≥ 1.`)
  }
  if (el.weight !== undefined && !['normal', 'bold'].includes(el.weight as string) && !(Number.isInteger(el.weight) && (el.weight as number) >= 1 && (el.weight as number) <= 1000)) {
    throw bad(`${at}.weight`, `${at}.weight must be 'normal', 'bold' or 100–900.`)
  }
  if (el.align !== undefined && !['left', 'center', 'right'].includes(el.align as string)) throw bad(`${at}.align`, `${at}.align must be 'left', 'center' or 'right'.`)
  for (const k of ['family', 'ellipsis']) if (el[k] !== undefined && typeof el[k] !== 'string') throw bad(`${at}.${k}`, `${at}.${k} must be a string.`)
  if (el.family !== undefined && /[;{}]/.test(el.family as string)) throw bad(`${at}.family`, `${at}.family must be a CSS font family list.`)
  if (el.color !== undefined && !color(el.color)) throw bad(`${at}.color`, `${at}.color must be a CSS colour string.`)
}

function paint(p: unknown, at: string): void {
  if (color(p)) return
  if (!isObj(p) || p.type !== 'linear' || !Array.isArray(p.stops) || p.stops.length < 2) {
    throw bad(at, `${at} must be a colour or { type: 'linear', stops: [{ offset, color }, …≥2] }.`)
  }
  p.stops.forEach((s: unknown, i: number) => {
    if (!isObj(s) || !color(s.color)) throw bad(`${at}.stops[${i}]`, `${at}.stops[${i}] must be { offset: 0–1, color }.`)
    range(s, 'offset', `${at}.stops[${i}]`, 0, 1)
  })
  for (const k of ['from', 'to']) {
    const v = p[k]
    if (v !== undefined && !(Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
      throw bad(`${at}.${k}`, `${at}.${k} must be [x, y] in fractions of the box.`)
    }
  }
}

function radius(r: unknown, at: string, circleOk: boolean): void {
  if (r === undefined || (circleOk && r === 'circle')) return
  const ok = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0
  if (ok(r) || (Array.isArray(r) && r.length === 4 && r.every(ok))) return
  throw bad(at, `${at} must be a number ≥ 0 or [topLeft, topRight, bottomRight, bottomLeft]${circleOk ? " or 'circle'" : ''}.`)
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const color = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''

function num(o: Obj, k: string, at: string): void {
  if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw bad(join(at, k), `${join(at, k)} must be a finite number of design px.`)
}
function size(o: Obj, k: string, at: string, max: number, zeroOk = false): void {
  const v = o[k]
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!zeroOk && v === 0) || v > max) {
    throw bad(join(at, k), `${join(at, k)} must be a positive number${max ? ` up to ${max}` : ''}, got ${JSON.stringify(v)}.`)
  }
}
function range(o: Obj, k: string, at: string, lo: number, hi: number): void {
  const v = o[k]
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw bad(join(at, k), `${join(at, k)} must be between ${lo} and ${hi}.`)
}
function str(o: Obj, k: string, at: string): void {
  if (typeof o[k] !== 'string' || (o[k] as string).trim() === '') throw bad(join(at, k), `${join(at, k)} must be a non-empty string.`)
}
const join = (at: string, k: string): string => (at ? `${at}.${k}` : k)

function bad(field: string, message: string): MiniCodeError {
  return new MiniCodeError('invalid_request', `Poster spec: ${message}`, field ? { field } : {})
}
