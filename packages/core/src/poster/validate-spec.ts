import { invalidRequest } from '../errors'
import type { PosterSpec } from './types'

type Obj = Record<string, unknown>
/** A check of one value: falsy fails with `field`; nested checks throw their own, deeper field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Test = (v: any, field: string, o: Obj) => unknown
/** Checked in key order: the first failure names its field. */
type Rules = Record<string, Test>

const MAX_SIDE = 20000 // design px; anything larger is a unit mistake (rpx? canvas px?)

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A non-empty string: colours, sources, QR text. */
const isColor = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''
const isStr = (v: unknown): boolean => typeof v === 'string'
const isNum = (v: unknown): v is number => typeof v === 'number' && isFinite(v)
const opt =
  (t: Test): Test =>
  (v, f, o) =>
    v === undefined || t(v, f, o)
/** A number in (0, max], or [0, max] with `zeroOk`. */
const upTo =
  (max: number, zeroOk?: 1): Test =>
  (v) =>
    isNum(v) && v <= max && (zeroOk ? v >= 0 : v > 0)
/** A number in [0, hi]. */
const frac =
  (hi: number): Test =>
  (v) =>
    typeof v === 'number' && v >= 0 && v <= hi
const oneOf =
  (list: string): Test =>
  (v) =>
    list.split(' ').includes(v)
const whole = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1
const nonNegative = (n: unknown): boolean => isNum(n) && n >= 0
const radius =
  (circleOk?: boolean): Test =>
  (r) =>
    r === undefined ||
    (circleOk && r === 'circle') ||
    nonNegative(r) ||
    (Array.isArray(r) && r.length === 4 && r.every(nonNegative))
const pair: Test = (v) => Array.isArray(v) && v.length === 2 && v.every(isNum)

/** A colour, or a linear gradient of ≥ 2 stops { offset: 0–1, color } with optional from / to points. */
const paint: Test = (p, f) =>
  isColor(p) ||
  (isObj(p) &&
    p.type === 'linear' &&
    Array.isArray(p.stops) &&
    p.stops.length >= 2 &&
    p.stops.every((s: unknown, i: number) => {
      const stop = `${f}.stops[${i}]`
      return isObj(s) && isColor(s.color) ? check(s, stop, { offset: frac(1) }) : fail(stop, s)
    }) &&
    check(p, f, { from: opt(pair), to: opt(pair) }))

// Built by calls marked pure, so bundles that never validate a poster drop the tables (unmarked,
// top-level calls would stay in every bundle importing core).
const side = /* @__PURE__ */ upTo(MAX_SIDE)
const SPEC: Rules = {
  width: side,
  height: side,
  background: /* @__PURE__ */ opt(paint),
  pixelRatio: /* @__PURE__ */ opt(/* @__PURE__ */ upTo(16)),
  elements: (v) => Array.isArray(v),
}
const COMMON: Rules = {
  type: /* @__PURE__ */ oneOf('rect image text code qr'),
  x: isNum,
  y: isNum,
  id: /* @__PURE__ */ opt(isStr),
  opacity: /* @__PURE__ */ opt(/* @__PURE__ */ frac(1)),
}
const BY_TYPE: Record<string, Rules> = {
  rect: {
    width: /* @__PURE__ */ upTo(MAX_SIDE, 1),
    height: /* @__PURE__ */ upTo(MAX_SIDE, 1),
    fill: /* @__PURE__ */ opt(paint),
    stroke: /* @__PURE__ */ opt((s, f) => isObj(s) && isColor(s.color) && check(s, f, { width: upTo(1000) })),
    radius: /* @__PURE__ */ radius(),
  },
  qr: {
    text: isColor,
    size: side,
    ecc: /* @__PURE__ */ opt(/* @__PURE__ */ oneOf('L M Q H')),
    margin: /* @__PURE__ */ opt(/* @__PURE__ */ frac(16)),
    color: /* @__PURE__ */ opt(isColor),
    background: /* @__PURE__ */ opt(isColor),
  },
  text: {
    text: (v) => isStr(v) || isNum(v),
    size: /* @__PURE__ */ opt(/* @__PURE__ */ upTo(2000)),
    lineHeight: /* @__PURE__ */ opt(/* @__PURE__ */ upTo(4000)),
    maxWidth: /* @__PURE__ */ opt(side),
    maxLines: /* @__PURE__ */ opt(whole),
    weight: /* @__PURE__ */ opt((w) => w === 'normal' || w === 'bold' || (whole(w) && w <= 1000)),
    align: /* @__PURE__ */ opt(/* @__PURE__ */ oneOf('left center right')),
    family: /* @__PURE__ */ opt(isStr),
    ellipsis: /* @__PURE__ */ opt(isStr),
    // family again, after ellipsis as before: a second rule for a key is written with a leading space.
    ' family': /* @__PURE__ */ opt((v) => !/[;{}]/.test(v)),
    color: /* @__PURE__ */ opt(isColor),
  },
  image: {
    src: isColor,
    fallbackSrc: /* @__PURE__ */ opt(isColor),
    width: side,
    height: side,
    fit: /* @__PURE__ */ opt(/* @__PURE__ */ oneOf('cover contain fill')),
    radius: /* @__PURE__ */ radius(true),
  },
  code: {
    dataUrl: /* @__PURE__ */ opt(isColor),
    // A code is fetched by its request, or drawn from a ready dataUrl.
    request: (v, _, o) => o.dataUrl !== undefined || isObj(v),
    size: side,
    radius: /* @__PURE__ */ radius(true),
  },
}

/**
 * Checks a poster spec; throws MiniCodeError 'invalid_request' whose `field` names the culprit
 * ('width', 'background', 'elements[3].src', …). Returns the spec for chaining.
 */
export function validatePosterSpec(spec: unknown): PosterSpec {
  if (!isObj(spec)) fail('', spec)
  check(spec, '', SPEC)
  ;(spec.elements as unknown[]).forEach((el, i) => {
    const at = `elements[${i}]`
    if (!isObj(el)) fail(at, el)
    check(el, at, COMMON)
    check(el, at, BY_TYPE[el.type as string])
  })
  return spec as unknown as PosterSpec
}

/** Runs the rules on o (fields under `at`); true, or throws for the first failure. */
function check(o: Obj, at: string, rules: Rules): true {
  for (const rule in rules) {
    const k = rule.trim()
    const field = at ? `${at}.${k}` : k
    if (!rules[rule](o[k], field, o)) fail(field, o[k])
  }
  return true
}

// What each field must be, for development messages only (production bundles drop the table).
const HINTS: Record<string, string> = {
  '': 'an object { width, height, elements }',
  width: 'a positive number of design px (at most 20000)',
  height: 'a positive number of design px (at most 20000)',
  size: 'a positive number of design px',
  lineHeight: 'a positive number of design px (at most 4000)',
  maxWidth: 'a positive number of design px (at most 20000)',
  pixelRatio: 'a positive number up to 16',
  elements: 'an array of rect, image, text, code and qr elements',
  'elements[]': 'an element object { type, x, y, … }',
  type: 'one of rect, image, text, code, qr',
  x: 'a finite number of design px',
  y: 'a finite number of design px',
  id: 'a string',
  opacity: 'a number from 0 to 1',
  offset: 'a number from 0 to 1',
  margin: 'a number of modules from 0 to 16',
  background: "a colour or { type: 'linear', stops: [{ offset, color }, …≥2] }",
  fill: "a colour or { type: 'linear', stops: [{ offset, color }, …≥2] }",
  'stops[]': '{ offset: 0–1, color }',
  from: '[x, y] in fractions of the box',
  to: '[x, y] in fractions of the box',
  stroke: '{ color, width } (width at most 1000)',
  radius: "a number ≥ 0, [topLeft, topRight, bottomRight, bottomLeft] or (images and codes) 'circle'",
  text: 'a non-empty string (a string or a finite number on text elements)',
  ecc: 'one of L, M, Q, H',
  color: 'a CSS colour string',
  maxLines: 'a whole number ≥ 1',
  weight: "'normal', 'bold' or 100–900",
  align: 'one of left, center, right',
  family: 'a CSS font family list (no ; { })',
  ellipsis: 'a string',
  src: 'a non-empty image source (URL, data URL, base64, local path, cloud:// fileID)',
  fallbackSrc: 'a non-empty image source',
  fit: 'one of cover, contain, fill',
  dataUrl: 'a non-empty image source',
  request: 'a code request (fetched through a backend), unless the code has a ready dataUrl',
}

function fail(field: string, value: unknown): never {
  throw invalidRequest(
    field,
    process.env.NODE_ENV !== 'production'
      ? `Poster spec: ${field || 'the spec'} must be ${HINTS[field.replace(/.*?(\w*)(\[\d+\])?$/, (_, k: string, i?: string) => k + (i ? '[]' : ''))]}, got ${show(value)}.`
      : '',
  )
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
