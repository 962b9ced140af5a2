/**
 * An image op whose picture has no size (an SVG without one, in browsers): drawn for real on
 * @napi-rs/canvas, its border and its shadow, which are its box's, are drawn all the same.
 */
import { createCanvas } from '@napi-rs/canvas'
import type { DrawOp, ImageOp } from '../draw-ops'
import { executeDrawOps, type CanvasContextLike } from '../execute-draw-ops'
import { pixel } from './node-canvas'

test('a picture of no size draws no picture, but its border and its shadow', () => {
  const op: ImageOp = {
    kind: 'image',
    element: 0,
    source: { kind: 'src', src: 'https://cdn.example/no-size.svg' },
    x: 20,
    y: 20,
    width: 40,
    height: 40,
    fit: 'cover',
    radii: null,
    stroke: { color: '#ff0000', width: 4 },
    shadow: { x: 10, y: 10, blur: 0, color: '#0000ff' },
    opacity: 1,
  }
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
  const ctx = createCanvas(80, 80).getContext('2d')
  const images = new Map([[op, { width: 0, height: 0 }]])
  executeDrawOps(ctx as unknown as CanvasContextLike, [white, op], { images })
  const { data } = ctx.getImageData(0, 0, 80, 80)
  const image = { width: 80, height: 80, data: new Uint8Array(data.buffer) }
  const rgb = (x: number, y: number) => pixel(image, x, y).slice(0, 3)
  // The border, 4 px inside the box; inside it, nothing; the shadow 10 px down-right, outside it.
  expect(rgb(21, 40)).toEqual([255, 0, 0])
  expect(rgb(58, 40)).toEqual([255, 0, 0])
  expect(rgb(40, 40)).toEqual([255, 255, 255])
  expect(rgb(65, 50)).toEqual([0, 0, 255])
})
