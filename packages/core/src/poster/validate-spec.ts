import { invalidRequest } from '../errors'
import type { PosterSpec } from './types'

type Fields = Record<string, unknown>
/** A test of one field's value; `path` is where it sits, for checks that look inside it and fail deeper. */
type Test = (value: unknown, path: string) => boolean

const MAX_SIDE = 20000 // design px; anything larger is a unit mistake (rpx? canvas px?)

/**
 * Checks a poster spec; throws MiniCodeError 'invalid_request' whose `field` names the culprit
 * ('width', 'background', 'elements[3].src', 'background.stops[1].offset', …). The fields are
 * checked in a fixed order, and the first failure is the one reported. Returns the spec for chaining.
 */
export function validatePosterSpec(spec: unknown): PosterSpec {
  if (!isObject(spec)) fail('', spec, '')
  need(spec, '', 'width', isSide)
  need(spec, '', 'height', (v) => v === 'auto' || isSide(v), 'posterHeight')
  optional(spec, '', 'background', isPaint)
  optional(spec, '', 'pixelRatio', (v) => isPositiveUpTo(v, 16))
  optional(spec, '', 'fonts', Array.isArray)
  ;((spec.fonts as unknown[]) || []).forEach((font, index) => checkFont(font, `fonts[${index}]`))
  need(spec, '', 'elements', Array.isArray)
  // forEach, like planPoster's: both pass over the holes of a sparse array.
  ;(spec.elements as unknown[]).forEach((element, index) => checkElement(element, `elements[${index}]`))
  return spec as unknown as PosterSpec
}

/** `inBox`: a child of a box element, placed by the box (issue #13). */
function checkElement(element: unknown, at: string, inBox = false): void {
  if (!isObject(element)) fail(at, element, 'elements[]')
  need(element, at, 'type', (v) =>
    ['rect', 'image', 'text', 'code', 'qr', 'box', 'line'].includes(v as string),
  )
  // A box places its children (x/y count only for absolute ones, default 0); a box may leave them out.
  // A top-level line has its end points instead.
  if (inBox || element.type === 'box') {
    optional(element, at, 'x', isNumber)
    optional(element, at, 'y', isNumber)
  } else if (element.type !== 'line') {
    need(element, at, 'x', isNumber)
    need(element, at, 'y', isNumber)
  }
  optional(element, at, 'id', isString)
  optional(element, at, 'opacity', (v) => isNonNegativeUpTo(v, 1))
  checkEffects(element, at)
  // A qr element's margin is its quiet zone (checkQr); any other's is the space around it.
  if (element.type !== 'qr') optional(element, at, 'margin', isEdges, 'flexMargin')
  if (inBox) {
    optional(element, at, 'grow', (v) => isNonNegativeUpTo(v, 1000))
    optional(element, at, 'shrink', (v) => isNonNegativeUpTo(v, 1000))
    optional(element, at, 'alignSelf', isBoxAlign, 'boxAlign')
    optional(element, at, 'position', (v) => v === 'absolute')
  }
  switch (element.type) {
    case 'box':
      return checkBox(element, at)
    case 'rect':
      return checkRect(element, at)
    case 'image':
      return checkImage(element, at, inBox)
    case 'text':
      return checkText(element, at)
    case 'code':
      return checkCode(element, at)
    case 'qr':
      return checkQr(element, at)
    case 'line':
      return checkLine(element, at, inBox)
  }
}

/** A font face of spec.fonts: loaded before the poster is measured (see render-poster.ts). */
function checkFont(font: unknown, at: string): void {
  if (!isObject(font)) fail(at, font, 'fonts[]')
  // The family goes into CSS font strings quoted: no quotes or backslashes to escape there.
  need(font, at, 'family', (v) => isNonEmptyString(v) && !/["'\\;{}]/.test(v), 'fontFamily')
  need(font, at, 'src', isNonEmptyString, 'fontSrc')
  optional(font, at, 'weight', isWeight)
  optional(font, at, 'fallback', (v) => typeof v === 'boolean')
}

function checkBox(box: Fields, at: string): void {
  optional(box, at, 'width', isSide)
  optional(box, at, 'height', isSide)
  optional(box, at, 'direction', (v) => v === 'row' || v === 'column')
  optional(box, at, 'gap', (v) => isNonNegativeUpTo(v, MAX_SIDE))
  optional(box, at, 'padding', isEdges)
  optional(box, at, 'align', isBoxAlign, 'boxAlign')
  optional(box, at, 'justify', (v) => JUSTIFY.includes(v as string))
  optional(box, at, 'fill', isPaint)
  optional(box, at, 'stroke', isStroke)
  need(box, at, 'radius', isRadius)
  need(box, at, 'children', Array.isArray)
  ;(box.children as unknown[]).forEach((child, i) => checkElement(child, `${at}.children[${i}]`, true))
}

function checkRect(rect: Fields, at: string): void {
  need(rect, at, 'width', (v) => isNonNegativeUpTo(v, MAX_SIDE))
  need(rect, at, 'height', (v) => isNonNegativeUpTo(v, MAX_SIDE))
  optional(rect, at, 'fill', isPaint)
  optional(rect, at, 'stroke', isStroke)
  need(rect, at, 'radius', isRadius)
}

function checkImage(image: Fields, at: string, inBox: boolean): void {
  need(image, at, 'src', isNonEmptyString)
  optional(image, at, 'fallbackSrc', isNonEmptyString)
  need(image, at, 'width', isSide)
  // In a box, width and aspectRatio (width / height) may stand for the height.
  if (inBox && image.height === undefined) need(image, at, 'aspectRatio', (v) => isPositiveUpTo(v, 1000))
  else need(image, at, 'height', isSide, inBox ? 'height' : 'topImageHeight')
  // Left unused next to a height, a bad one is still a mistake to report.
  if (inBox) optional(image, at, 'aspectRatio', (v) => isPositiveUpTo(v, 1000))
  optional(image, at, 'fit', (v) => ['cover', 'contain', 'fill'].includes(v as string))
  need(image, at, 'radius', isRadiusOrCircle)
  optional(image, at, 'stroke', isStroke)
}

function checkText(text: Fields, at: string): void {
  if (text.spans === undefined) need(text, at, 'text', (v) => isString(v) || isNumber(v))
  else if (text.text !== undefined) fail(`${at}.text`, text.text, 'textAndSpans')
  optional(text, at, 'size', (v) => isPositiveUpTo(v, 2000))
  optional(text, at, 'lineHeight', (v) => isPositiveUpTo(v, 4000))
  optional(text, at, 'maxWidth', isSide)
  optional(text, at, 'maxLines', isWholeNumber)
  optional(text, at, 'weight', isWeight)
  optional(text, at, 'align', (v) => ['left', 'center', 'right'].includes(v as string))
  optional(text, at, 'family', isString)
  optional(text, at, 'ellipsis', isString)
  // No ; { } in a family: it goes into a CSS font string, where they would end or break it. (Checked
  // after ellipsis, as it always was: of several bad fields, the first in this order is reported.)
  optional(text, at, 'family', (v) => !/[;{}]/.test(v as string))
  optional(text, at, 'color', isNonEmptyString)
  checkTextStyle(text, at)
}

/** What text runs add (issue #13): spans, decoration, letter spacing and outline. */
function checkTextStyle(text: Fields, at: string): void {
  const size = isNumber(text.size) ? text.size : 16
  optional(text, at, 'decoration', isDecoration)
  optional(text, at, 'letterSpacing', (v) => isLetterSpacing(v, size))
  optional(text, at, 'stroke', isStroke)
  optional(text, at, 'spans', (v) => Array.isArray(v) && v.length > 0)
  ;((text.spans as unknown[]) || []).forEach((span, i) =>
    checkSpan(span, `${at}.spans[${i}]`, size, text.letterSpacing),
  )
}

/** A span: its text, and any of the element's style fields, which it overrides. */
function checkSpan(span: unknown, at: string, elementSize: number, elementSpacing: unknown): void {
  if (!isObject(span)) fail(at, span, 'spans[]')
  need(span, at, 'text', (v) => isString(v) || isNumber(v))
  optional(span, at, 'size', (v) => isPositiveUpTo(v, 2000))
  optional(span, at, 'weight', isWeight)
  optional(span, at, 'family', (v) => isString(v) && !/[;{}]/.test(v))
  optional(span, at, 'color', isNonEmptyString)
  optional(span, at, 'decoration', isDecoration)
  const size = isNumber(span.size) ? span.size : elementSize
  optional(span, at, 'letterSpacing', (v) => isLetterSpacing(v, size))
  // The element's spacing, inherited, must suit the span's size too; if not, the span gives its own.
  if (span.letterSpacing === undefined && isNumber(elementSpacing) && !isLetterSpacing(elementSpacing, size))
    fail(`${at}.letterSpacing`, elementSpacing, 'letterSpacing')
}

function isDecoration(v: unknown): boolean {
  return v === 'line-through' || v === 'underline'
}

/** Design px after each grapheme: finite, and more than −size / 2 (glyphs would pile up backwards). */
function isLetterSpacing(v: unknown, size: number): boolean {
  return isNumber(v) && v > -size / 2 && v <= MAX_SIDE
}

function checkCode(code: Fields, at: string): void {
  optional(code, at, 'dataUrl', isNonEmptyString)
  // A code is drawn from a ready dataUrl, or fetched by its request.
  if (code.dataUrl === undefined) need(code, at, 'request', isObject)
  need(code, at, 'size', isSide)
  need(code, at, 'radius', isRadiusOrCircle)
}

function checkQr(qr: Fields, at: string): void {
  need(qr, at, 'text', isNonEmptyString)
  need(qr, at, 'size', isSide)
  optional(qr, at, 'ecc', (v) => ['L', 'M', 'Q', 'H'].includes(v as string))
  optional(qr, at, 'margin', (v) => isNonNegativeUpTo(v, 16))
  optional(qr, at, 'color', isNonEmptyString)
  optional(qr, at, 'background', isNonEmptyString)
  optional(qr, at, 'logo', isObject, 'logo')
  if (isObject(qr.logo)) {
    need(qr.logo, `${at}.logo`, 'src', isNonEmptyString)
    optional(qr.logo, `${at}.logo`, 'size', (v) => typeof v === 'number' && v > 0 && v <= 0.5, 'logoSize')
  }
}

/** Issue #13's effects: a rotation on any element; a shadow on the elements that cast one. */
function checkEffects(element: Fields, at: string): void {
  optional(element, at, 'rotate', isNumber)
  if (['rect', 'box', 'image', 'text'].includes(element.type as string))
    optional(element, at, 'shadow', isShadow)
}

/** At the top level from (x1, y1) to (x2, y2); in a box, a divider of an optional length. */
function checkLine(line: Fields, at: string, inBox: boolean): void {
  if (inBox) {
    optional(line, at, 'length', (v) => isNonNegativeUpTo(v, MAX_SIDE))
  } else {
    for (const end of ['x1', 'y1', 'x2', 'y2']) need(line, at, end, isNumber, 'x')
  }
  optional(line, at, 'color', isNonEmptyString)
  optional(line, at, 'width', (v) => isPositiveUpTo(v, 1000), 'lineWidth')
  optional(line, at, 'dash', isDash)
  optional(line, at, 'cap', (v) => v === 'butt' || v === 'round' || v === 'square')
}

/**
 * `fields[key]` must pass `test`; the failure names `at.key` and says what the field must be (the
 * HINTS entry `hint`, by default the field's name).
 */
function need(fields: Fields, at: string, key: string, test: Test, hint = key): void {
  const path = at ? `${at}.${key}` : key
  if (!test(fields[key], path)) fail(path, fields[key], hint)
}

/** Like {@link need}, for a field that may be left out (undefined). */
function optional(fields: Fields, at: string, key: string, test: Test, hint = key): void {
  if (fields[key] !== undefined) need(fields, at, key, test, hint)
}

const JUSTIFY = ['start', 'center', 'end', 'space-between', 'space-around', 'space-evenly']

/** A box's align / a child's alignSelf (text's own align is left/center/right). */
function isBoxAlign(v: unknown): boolean {
  return v === 'start' || v === 'center' || v === 'end' || v === 'stretch'
}

/** Padding or margin: a number of design px ≥ 0, or [top, right, bottom, left] of them. */
function isEdges(v: unknown): boolean {
  const isLength = (n: unknown) => isNonNegativeUpTo(n, MAX_SIDE)
  return isLength(v) || (Array.isArray(v) && v.length === 4 && v.every(isLength))
}

/** A colour, or a linear gradient of ≥ 2 stops { offset: 0–1, color } with optional from / to points. */
function isPaint(paint: unknown, path: string): boolean {
  if (isNonEmptyString(paint)) return true
  if (!isObject(paint) || paint.type !== 'linear') return false
  const stops = paint.stops
  if (!Array.isArray(stops) || stops.length < 2) return false
  stops.forEach((stop: unknown, i) => {
    const at = `${path}.stops[${i}]`
    if (!isObject(stop) || !isNonEmptyString(stop.color)) fail(at, stop, 'stops[]')
    need(stop, at, 'offset', (v) => isNonNegativeUpTo(v, 1))
  })
  optional(paint, path, 'from', isPoint)
  optional(paint, path, 'to', isPoint)
  return true
}

/** { color, width, dash? }, the width in (0, 1000]. */
function isStroke(stroke: unknown, path: string): boolean {
  if (!isObject(stroke) || !isNonEmptyString(stroke.color)) return false
  need(stroke, path, 'width', (v) => isPositiveUpTo(v, 1000), 'lineWidth')
  optional(stroke, path, 'dash', isDash)
  return true
}

/** [on, off]: lengths ≥ 0 in design px, not both 0. */
function isDash(dash: unknown): boolean {
  const isLength = (n: unknown) => isNonNegativeUpTo(n, MAX_SIDE)
  return Array.isArray(dash) && dash.length === 2 && dash.every(isLength) && dash[0] + dash[1] > 0
}

/** { x?, y?, blur?, color }: offsets in design px, blur ≥ 0. */
function isShadow(shadow: unknown, path: string): boolean {
  if (!isObject(shadow)) return false
  optional(shadow, path, 'x', isNumber)
  optional(shadow, path, 'y', isNumber)
  optional(shadow, path, 'blur', (v) => isNonNegativeUpTo(v, 1000))
  need(shadow, path, 'color', isNonEmptyString)
  return true
}

/** Left out, a number ≥ 0, or [topLeft, topRight, bottomRight, bottomLeft] of them. */
function isRadius(radius: unknown): boolean {
  if (radius === undefined || isNonNegative(radius)) return true
  return Array.isArray(radius) && radius.length === 4 && radius.every(isNonNegative)
}

/** A {@link isRadius radius}, or 'circle' (images and codes). */
function isRadiusOrCircle(radius: unknown): boolean {
  return radius === 'circle' || isRadius(radius)
}

/** [x, y], in fractions of the box. */
function isPoint(point: unknown): boolean {
  return Array.isArray(point) && point.length === 2 && point.every(isNumber)
}

/** A side in design px: (0, 20000]. */
function isSide(v: unknown): boolean {
  return isPositiveUpTo(v, MAX_SIDE)
}

function isPositiveUpTo(v: unknown, max: number): boolean {
  return isNumber(v) && v > 0 && v <= max
}

function isNonNegativeUpTo(v: unknown, max: number): boolean {
  return isNumber(v) && v >= 0 && v <= max
}

function isNonNegative(v: unknown): boolean {
  return isNumber(v) && v >= 0
}

/** 'normal', 'bold' or a number weight 1–1000. */
function isWeight(v: unknown): boolean {
  return v === 'normal' || v === 'bold' || (isWholeNumber(v) && v <= 1000)
}

function isWholeNumber(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1
}

/** A finite number. */
function isNumber(v: unknown): v is number {
  return typeof v === 'number' && isFinite(v)
}

function isString(v: unknown): v is string {
  return typeof v === 'string'
}

/** Not only whitespace: colours, sources, QR text. */
function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== ''
}

function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// What each field must be, by the field's own name ('[]' for an item of an array), for development
// messages only: production bundles drop the table, since only `fail` reads it, under __DEV__.
const HINTS: Record<string, string> = {
  '': 'an object { width, height, elements }',
  width: 'a positive number of design px (at most 20000)',
  height: 'a positive number of design px (at most 20000)',
  posterHeight:
    "a positive number of design px (at most 20000), or 'auto' (the bottom of the lowest element)",
  fonts: 'an array of { family, src, weight?, fallback? }',
  'fonts[]':
    "a font face { family, src, weight?, fallback? }, e.g. { family: 'Brand Sans', src: 'https://…/brand.ttf' }",
  fontFamily: "a family name to use in elements' family (no quotes, \\ ; { })",
  fontSrc: 'the font file: an https URL, a data URL or a local path',
  fallback: 'true (draw with the next family when the font fails to load) or false (fail: font_load_failed)',
  size: 'a positive number of design px',
  lineHeight: 'a positive number of design px (at most 4000)',
  maxWidth: 'a positive number of design px (at most 20000)',
  pixelRatio: 'a positive number up to 16',
  elements: 'an array of rect, image, text, code, qr, box and line elements',
  'elements[]': 'an element object { type, x, y, … } (in a box: { type, … }, x/y only when absolute)',
  type: 'one of rect, image, text, code, qr, box, line',
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
  stroke: '{ color, width, dash? } (width at most 1000)',
  dash: '[on, off]: design px of ink then of gap, each ≥ 0, not both 0 (e.g. [6, 4])',
  rotate: 'a finite number of degrees, clockwise about the centre',
  shadow: '{ x?, y?, blur?, color } in design px (e.g. { y: 4, blur: 12, color: "rgba(0,0,0,.2)" })',
  blur: 'a number of design px from 0 to 1000',
  length: "a number of design px ≥ 0 across the box's main axis (leave it out to span the box)",
  lineWidth: 'a positive number of design px, at most 1000 (the thickness)',
  cap: 'one of butt, round, square',
  radius: "a number ≥ 0, [topLeft, topRight, bottomRight, bottomLeft] or (images and codes) 'circle'",
  text: 'a non-empty string (a string or a finite number on text elements and spans)',
  ecc: 'one of L, M, Q, H',
  logo: '{ src, size? }: an image source and its share of the code (0–0.5)',
  logoSize: "the logo's side as a share of the code's side, above 0 and at most 0.5",
  color: 'a CSS colour string',
  maxLines: 'a whole number ≥ 1',
  weight: "'normal', 'bold' or 100–900",
  align: 'one of left, center, right',
  family: 'a CSS font family list (no ; { })',
  textAndSpans: 'left out: a text element has text or spans, not both',
  spans: 'a non-empty array of spans { text, size?, weight?, family?, color?, decoration?, letterSpacing? }',
  'spans[]': 'a span { text, size?, weight?, family?, color?, decoration?, letterSpacing? }',
  decoration: "'line-through' or 'underline'",
  letterSpacing: 'a finite number of design px, more than −size / 2 (the size of the text it spaces)',
  ellipsis: 'a string',
  src: 'a non-empty image source (URL, data URL, base64, local path, cloud:// fileID)',
  fallbackSrc: 'a non-empty image source',
  fit: 'one of cover, contain, fill',
  dataUrl: 'a non-empty image source',
  request: 'a code request (fetched through a backend), unless the code has a ready dataUrl',
  children: 'an array of elements (rect, image, text, code, qr, box, line), placed by the box',
  direction: "'column' (the default) or 'row'",
  gap: 'a number of design px ≥ 0 between neighbouring children',
  padding: 'a number of design px ≥ 0, or [top, right, bottom, left] of them',
  flexMargin: 'a number of design px ≥ 0, or [top, right, bottom, left] of them',
  boxAlign: 'one of start, center, end, stretch',
  justify: 'one of start, center, end, space-between, space-around, space-evenly',
  grow: 'a number ≥ 0 (its share of the free space in its box)',
  shrink: 'a number ≥ 0 (0, the default, never shrinks)',
  position: "'absolute' (placed at x/y from its box's padding edge), or left out",
  aspectRatio: 'a positive number, width / height (or give height)',
  topImageHeight:
    'a positive number of design px (at most 20000); width and aspectRatio stand for it only inside a box',
}

/** Throws the 'invalid_request' of `path`; `name` is the field's name in HINTS. */
function fail(path: string, value: unknown, name: string): never {
  throw invalidRequest(
    path,
    __DEV__ ? `Poster spec: ${path || 'the spec'} must be ${HINTS[name]}, got ${show(value)}.` : '',
  )
}

function show(v: unknown): string {
  // JSON would show NaN and Infinity as null.
  if (typeof v === 'number') return String(v)
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
