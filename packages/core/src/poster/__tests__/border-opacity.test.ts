/**
 * A half-transparent box with a border, drawn for real on @napi-rs/canvas, against what CSS opacity
 * gives (the element composited as a whole, so its border hides its fill; Chromium draws a div with
 * background blue, border 4px solid red and opacity 0.5 on white as 255,126,126 in its border):
 * the border must show the page through it, not the fill.
 */
import { createCanvas } from '@napi-rs/canvas'
import type { DrawOp, ImageOp, RectOp } from '../draw-ops'
import { executeDrawOps, type CanvasContextLike, type PosterImage } from '../execute-draw-ops'
import { pixel } from './node-canvas'

const white: DrawOp = {
  kind: 'rect',
  x: 0,
  y: 0,
  width: 80,
  height: 80,
  radii: null,
  fill: '#ffffff',
  stroke: null,
  opacity: 1,
}

/** The op drawn over white on an 80 × 80 canvas at ratio 2; RGB at design point (x, y). */
function draw(op: DrawOp, images?: Map<DrawOp, PosterImage>): (x: number, y: number) => number[] {
  const ctx = createCanvas(160, 160).getContext('2d')
  executeDrawOps(ctx as unknown as CanvasContextLike, [white, op], {
    images: images as Map<ImageOp, PosterImage>,
    scaleX: 2,
    scaleY: 2,
  })
  const { data } = ctx.getImageData(0, 0, 160, 160)
  const image = { width: 160, height: 160, data: new Uint8Array(data.buffer) }
  return (x, y) => pixel(image, Math.floor(x * 2), Math.floor(y * 2)).slice(0, 3)
}

const near = (got: number[], want: number[]) => got.every((c, i) => Math.abs(c - want[i]) <= 2)

const card: RectOp = {
  kind: 'rect',
  x: 10,
  y: 10,
  width: 60,
  height: 60,
  radii: [12, 12, 12, 12],
  fill: '#0000ff',
  stroke: { color: '#ff0000', width: 4 },
  opacity: 0.5,
}

test.each([
  ['square', null],
  ['rounded', [12, 12, 12, 12]],
])('a half-transparent %s card shows the page through its border, not its fill', (_, radii) => {
  const at = draw({ ...card, radii: radii as RectOp['radii'] })
  // Half red over white on the border (left, top, right, bottom), half blue inside.
  for (const [x, y] of [
    [12, 40],
    [40, 12],
    [68, 40],
    [40, 68],
  ])
    expect(near(at(x, y), [255, 128, 128])).toBe(true)
  expect(near(at(40, 40), [128, 128, 255])).toBe(true)
})

test('an opaque card, or a dashed border, still has its fill under the border', () => {
  expect(draw({ ...card, opacity: 1 })(12, 40)).toEqual([255, 0, 0])
  // A dashed border's gaps show the fill, half blue, as CSS's do (its dashes are tinted by the fill
  // under them, unlike CSS's: see insideBorder).
  const dashed = draw({ ...card, radii: null, stroke: { color: '#ff0000', width: 4, dash: [8, 8] } })
  const column = [0, 1, 2, 3].map((i) => dashed(12, 18 + 4 * i))
  expect(column.some((rgb) => near(rgb, [128, 128, 255]))).toBe(true)
})

test("a half-transparent picture's border shows the page through it, not the picture", () => {
  const blue = createCanvas(8, 8)
  const b = blue.getContext('2d')
  b.fillStyle = '#0000ff'
  b.fillRect(0, 0, 8, 8)
  const photo: ImageOp = {
    kind: 'image',
    element: 0,
    source: { kind: 'src', src: 'https://cdn.example/blue.png' },
    x: 10,
    y: 10,
    width: 60,
    height: 60,
    fit: 'cover',
    radii: [30, 30, 30, 30],
    stroke: { color: '#ff0000', width: 4 },
    opacity: 0.5,
  }
  const at = draw(photo, new Map([[photo, blue as unknown as PosterImage]]))
  expect(near(at(12, 40), [255, 128, 128])).toBe(true)
  expect(near(at(40, 12), [255, 128, 128])).toBe(true)
  expect(near(at(40, 40), [128, 128, 255])).toBe(true)
  // Outside the circle: the page.
  expect(at(12, 12)).toEqual([255, 255, 255])
})
