/**
 * A text's shadow drawn for real on @napi-rs/canvas: all of it below all of the text's ink, as CSS
 * text-shadow and Chromium's own canvas letterSpacing draw it (test/e2e/text-shadow.test.ts compares
 * with Chromium). Each case is drawn with and without its shadow: wherever the text without one is
 * solid ink, the text with one must be the same colour, since no shadow may fall on it.
 */
import { createCanvas } from '@napi-rs/canvas'
import type { DrawOp, TextOp } from '../draw-ops'
import { executeDrawOps, type CanvasContextLike } from '../execute-draw-ops'
import { FONT, pixel, registerFonts, type Pixels } from './node-canvas'

beforeAll(() => registerFonts())

const WIDTH = 300
const HEIGHT = 160

/** The text op drawn on white at `ratio`, through the executor. */
function draw(op: TextOp, ratio: number): Pixels {
  const canvas = createCanvas(WIDTH * ratio, HEIGHT * ratio)
  const ctx = canvas.getContext('2d')
  const white: DrawOp = {
    kind: 'rect',
    x: 0,
    y: 0,
    width: WIDTH,
    height: HEIGHT,
    radii: null,
    fill: '#ffffff',
    stroke: null,
    opacity: 1,
  }
  executeDrawOps(ctx as unknown as CanvasContextLike, [white, op], { scaleX: ratio, scaleY: ratio })
  const { data } = ctx.getImageData(0, 0, WIDTH * ratio, HEIGHT * ratio)
  return { width: WIDTH * ratio, height: HEIGHT * ratio, data: new Uint8Array(data.buffer) }
}

const rgb = (p: Pixels, x: number, y: number) => pixel(p, x, y).slice(0, 3)
const isSolid = ([r, g, b]: number[]) =>
  [r, g, b].every((c) => c < 4 || c > 251) && !(r > 251 && g > 251 && b > 251)

/** Canvas pixels that are solid ink (no white, no anti-aliasing) without the shadow but not with it. */
function inkCovered(op: TextOp, ratio: number): { solid: number; covered: number } {
  const plain = draw({ ...op, shadow: undefined }, ratio)
  const shadowed = draw(op, ratio)
  let solid = 0
  let covered = 0
  for (let y = 0; y < plain.height; y++)
    for (let x = 0; x < plain.width; x++) {
      const want = rgb(plain, x, y)
      if (!isSolid(want)) continue
      solid++
      if (rgb(shadowed, x, y).some((c, i) => Math.abs(c - want[i]) > 2)) covered++
    }
  return { solid, covered }
}

/** Bounding box in design px of the canvas pixels that pass `test`. */
function inkBox(p: Pixels, ratio: number, test: (rgb: number[]) => boolean) {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      if (!test(rgb(p, x, y))) continue
      left = Math.min(left, x)
      top = Math.min(top, y)
      right = Math.max(right, x + 1)
      bottom = Math.max(bottom, y + 1)
    }
  return { x: left / ratio, y: top / ratio, right: right / ratio, bottom: bottom / ratio }
}

const isGreen = ([r, g, b]: number[]) => r < 60 && g > 200 && b < 60
const isBlack = ([r, g, b]: number[]) => r < 60 && g < 60 && b < 60

const text: TextOp = {
  kind: 'text',
  text: 'HHHH',
  x: 20,
  y: 60,
  font: `bold 40px ${FONT}`,
  color: '#000000',
  align: 'left',
  opacity: 1,
}

/** The advance of `text` in `font`, as the executor measures it. */
function advance(text: string, font: string): number {
  const ctx = createCanvas(10, 10).getContext('2d')
  ctx.font = font
  return ctx.measureText(text).width
}

test.each([1, 2])(
  "at ratio %i, a letter-spaced text's shadow, cast left, stays below the glyphs before",
  (ratio) => {
    // Cast exactly one H and its spacing left, each H's shadow falls right on the H before it.
    const step = Math.round(advance('H', text.font) + 6)
    const shadow = { x: -step, y: 0, blur: 0, color: '#00ff00' }
    const op: TextOp = { ...text, x: 60, letterSpacing: 6, shadow }
    const { solid, covered } = inkCovered(op, ratio)
    expect(solid).toBeGreaterThan(500 * ratio * ratio)
    expect(covered).toBe(0)
    // The shadow itself is there: one step left of the glyphs, as tall as they are.
    const shadowed = draw(op, ratio)
    const glyphs = inkBox(shadowed, ratio, isBlack)
    const green = inkBox(shadowed, ratio, isGreen)
    expect(Math.abs(green.x - (glyphs.x - step))).toBeLessThanOrEqual(1)
    expect(Math.abs(green.y - glyphs.y)).toBeLessThanOrEqual(1)
  },
)

test("a blurred shadow of letter-spaced text darkens none of its glyphs' solid ink", () => {
  const op: TextOp = {
    ...text,
    letterSpacing: 4,
    color: '#ff0000',
    shadow: { x: 3, y: 3, blur: 12, color: '#0000ff' },
  }
  expect(inkCovered(op, 2).covered).toBe(0)
})

test('a decoration casts a shadow, which falls below the glyphs, not on them', () => {
  // An underline 4 px thick under 'H H' (baseline 60), its shadow cast 14 px up across the glyphs.
  const op: TextOp = {
    ...text,
    text: 'H H',
    baseline: 'alphabetic',
    decoration: { x: 20, y: 64, width: 80, height: 4 },
    shadow: { x: 0, y: -14, blur: 0, color: '#00ff00' },
  }
  expect(inkCovered(op, 2).covered).toBe(0)
  // In the space between the letters, the underline's shadow shows 14 px above it.
  const shadowed = draw(op, 2)
  const glyphs = inkBox(shadowed, 2, isBlack)
  const space = (glyphs.x + glyphs.right) / 2
  expect(isGreen(rgb(shadowed, Math.floor(space * 2), (64 - 14 + 2) * 2))).toBe(true)
})

test('an outlined, letter-spaced, underlined text with a shadow keeps its outline and fill', () => {
  const op: TextOp = {
    ...text,
    letterSpacing: 8,
    stroke: { color: '#ff0000', width: 2 },
    decoration: { x: 20, y: 84, width: 150, height: 4 },
    shadow: { x: -10, y: -6, blur: 4, color: '#00ff00' },
  }
  const { solid, covered } = inkCovered(op, 2)
  expect(solid).toBeGreaterThan(2000)
  expect(covered).toBe(0)
})

test('a half-transparent text with a shadow is as transparent as without one', () => {
  // The shadow 70 px below, clear of the glyphs: above it, the text must be the same pixels, its
  // outline and fill drawn once each (not once more over the shadow's pass).
  for (const stroke of [undefined, { color: '#ff0000', width: 2 }]) {
    const op: TextOp = { ...text, stroke, opacity: 0.5, shadow: { x: 0, y: 70, blur: 0, color: '#00ff00' } }
    const plain = draw({ ...op, shadow: undefined }, 2)
    const shadowed = draw(op, 2)
    let differing = 0
    let half = 0
    for (let y = 0; y < 90 * 2; y++)
      for (let x = 0; x < plain.width; x++) {
        const want = rgb(plain, x, y)
        if (Math.abs(want[1] - 128) <= 2) half++
        if (rgb(shadowed, x, y).some((c, i) => Math.abs(c - want[i]) > 2)) differing++
      }
    expect(half).toBeGreaterThan(500)
    expect(differing).toBe(0)
  }
})

test("a turned text's shadow falls along the poster's axes, the same at ratio 1 and 3", () => {
  // 'HHHH' turned 90° about (60, 60): it stands upright, its shadow 30 px right of it.
  const turned: TextOp = {
    ...text,
    letterSpacing: 2,
    transform: [0, 1, -1, 0, 120, 0],
    shadow: { x: 30, y: 0, blur: 0, color: '#00ff00' },
  }
  const boxes = [1, 3].map((ratio) => {
    const image = draw(turned, ratio)
    return { glyphs: inkBox(image, ratio, isBlack), shadow: inkBox(image, ratio, isGreen) }
  })
  for (const { glyphs, shadow } of boxes) {
    // Upright: taller than wide.
    expect(glyphs.bottom - glyphs.y).toBeGreaterThan(2 * (glyphs.right - glyphs.x))
    expect(Math.abs(shadow.x - (glyphs.x + 30))).toBeLessThanOrEqual(1)
    expect(Math.abs(shadow.y - glyphs.y)).toBeLessThanOrEqual(1)
  }
  expect(Math.abs(boxes[0].shadow.x - boxes[1].shadow.x)).toBeLessThanOrEqual(1)
  expect(Math.abs(boxes[0].shadow.bottom - boxes[1].shadow.bottom)).toBeLessThanOrEqual(1)
})
