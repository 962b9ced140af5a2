/**
 * The one draw-op executor, end to end on a real canvas (@napi-rs/canvas): the demo poster against a
 * checked-in golden, its code region still scannable, the circular avatar clipped, and a failing image
 * named in a typed error. Regenerate goldens with UPDATE_GOLDENS=1 after an intended visual change.
 */
import { createCanvas } from '@napi-rs/canvas'
import jsQR from 'jsqr'
import { createQrDataUrl, createQrMatrix } from '../../qr'
import { isMiniCodeError } from '../../errors'
import { measurePoster } from '../measure-poster'
import { renderPoster } from '../render-poster'
import type { PosterSpec } from '../types'
import { productPoster } from '../../../../../src/posters/product-poster'
import {
  FONT,
  compareWithGolden,
  dataUrlBytes,
  decodePng,
  nodeCanvasPort,
  nodeContext,
  pixel,
  registerFonts,
} from './node-canvas'

const CODE_TEXT = 'pages/index/index?scene=id%3D42'

// The demo poster, with the fonts registered for the test canvas.
function demoSpec(options: { product?: string } = {}): PosterSpec {
  return productPoster({ codeDataUrl: createQrDataUrl(CODE_TEXT, { size: 280 }), family: FONT, ...options })
}

beforeAll(() => registerFonts())

test('the demo poster renders like its golden at ratio 2, and its code region still decodes', async () => {
  const port = nodeCanvasPort()
  const spec = demoSpec()
  const out = await renderPoster(spec, { port, deviceRatio: 2 })
  // Its height is 'auto': where measurePoster says, and the boxes are where it says too.
  const { height, boxes } = measurePoster(spec, { measure: nodeContext().measure })
  expect([out.width, out.height, out.pixelRatio]).toEqual([750, Math.round(height * 2), 2])
  const png = dataUrlBytes(out.dataUrl!)
  compareWithGolden('product-poster', png)

  const image = decodePng(png)
  const { code, avatar } = boxes
  const [x0, y0, side] = [Math.round(code.x * 2), Math.round(code.y * 2), code.width * 2]
  const crop = new Uint8ClampedArray(side * side * 4)
  for (let y = 0; y < side; y++) {
    crop.set(
      image.data.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + side) * 4),
      y * side * 4,
    )
  }
  expect(jsQR(crop, side, side)?.data).toBe(CODE_TEXT)

  // The avatar is clipped to a circle: its box's corner shows the white card, its centre the avatar.
  const [ax, ay] = [Math.round(avatar.x * 2), Math.round(avatar.y * 2)]
  expect(pixel(image, ax + 1, ay + 1).slice(0, 3)).toEqual([255, 255, 255])
  expect(pixel(image, ax + avatar.width, ay + avatar.height).slice(0, 3)).not.toEqual([255, 255, 255])
})

test('a 4096-px side limit lowers the ratio just enough instead of failing or dropping to 1', async () => {
  const spec: PosterSpec = { width: 750, height: 1400, background: '#ffffff', elements: [] }
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 3 })
  expect(out.height).toBeLessThanOrEqual(4096)
  expect(out.pixelRatio).toBeGreaterThan(2.9)
})

test('an image that cannot load, with no fallback, fails as image_load_failed naming the element', async () => {
  const spec = demoSpec({ product: 'https://cdn.example.com/missing.png' })
  const port = nodeCanvasPort({ fail: (key) => key === 'https://cdn.example.com/missing.png' })
  const failure = await renderPoster(spec, { port, deviceRatio: 1 }).catch((e: unknown) => e)
  expect(isMiniCodeError(failure) && failure.code).toBe('image_load_failed')
  // The product image is the card's first child: named by its own path, not the card's.
  expect(isMiniCodeError(failure) && failure.field).toBe('elements[0].children[0].src')
  expect(String((failure as Error).message)).toContain('product')
})

test('fallbackSrc replaces an image that fails to load', async () => {
  const spec: PosterSpec = {
    width: 100,
    height: 100,
    elements: [
      {
        type: 'image',
        x: 0,
        y: 0,
        width: 100,
        height: 100,
        src: 'https://cdn.example.com/missing.png',
        fallbackSrc: createQrDataUrl(CODE_TEXT, { size: 100 }),
      },
    ],
  }
  const port = nodeCanvasPort({ fail: (key) => key === 'https://cdn.example.com/missing.png' })
  const out = await renderPoster(spec, { port, deviceRatio: 1 })
  expect(out.dataUrl).toMatch(/^data:image\/png;base64,/)
  expect(port.loaded).toContain('https://cdn.example.com/missing.png')
})

test('a qr element is drawn with the encoder passed as `qr`, and asks for one when none is', async () => {
  const text = 'https://example.com/p/42'
  const spec: PosterSpec = {
    width: 120,
    height: 120,
    elements: [{ type: 'qr', x: 10, y: 10, size: 100, text }],
  }
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 2, qr: createQrMatrix })
  const image = decodePng(dataUrlBytes(out.dataUrl!))
  expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(text)

  const failure = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 2 }).catch(
    (e: unknown) => e,
  )
  expect(failure).toMatchObject({ code: 'invalid_request', field: 'elements[0]' })
})

test('an untyped failure of the canvas (create, measure, export) is canvas_unavailable with its cause', async () => {
  const spec: PosterSpec = { width: 20, height: 20, elements: [{ type: 'text', x: 0, y: 0, text: 'a' }] }
  const boom = new Error('boom')
  const noContext = { ...nodeCanvasPort(), createCanvas: () => ({ canvas: {}, context: null as never }) }
  const badMeasure = nodeCanvasPort()
  const create = badMeasure.createCanvas.bind(badMeasure)
  badMeasure.createCanvas = (w, h) => {
    const c = create(w, h) as unknown as { canvas: unknown; context: { measureText(): never } }
    c.context.measureText = () => {
      throw boom
    }
    return c as never
  }
  const badExport = { ...nodeCanvasPort(), exportCanvas: () => Promise.reject(boom) }
  for (const port of [noContext, badMeasure, badExport]) {
    const failure = await renderPoster(spec, { port, deviceRatio: 1 }).catch((e: unknown) => e)
    expect(failure).toMatchObject({ name: 'MiniCodeError', code: 'canvas_unavailable' })
  }
  await expect(renderPoster(spec, { port: badExport, deviceRatio: 1 })).rejects.toMatchObject({ cause: boom })
})

test('several images in one box each draw their own picture, named by their own paths', async () => {
  const dark = createQrDataUrl(CODE_TEXT, { size: 100 })
  const white = 'data:image/png;base64,' + Buffer.from(whitePng()).toString('base64')
  const spec: PosterSpec = {
    width: 200,
    height: 100,
    background: '#ffffff',
    elements: [
      {
        type: 'box',
        direction: 'row',
        children: [
          { type: 'image', id: 'left', width: 100, height: 100, src: white, fit: 'fill' },
          { type: 'image', id: 'right', width: 100, height: 100, src: dark, fit: 'fill' },
        ],
      },
    ],
  }
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 1 })
  const image = decodePng(dataUrlBytes(out.dataUrl!))
  const darkIn = (x0: number) => {
    let n = 0
    for (let y = 0; y < 100; y++) for (let x = x0; x < x0 + 100; x++) if (pixel(image, x, y)[0] < 128) n++
    return n
  }
  expect(darkIn(0)).toBe(0)
  expect(darkIn(100)).toBeGreaterThan(1000)

  const port = nodeCanvasPort({ fail: (key) => key === 'https://cdn.example.com/missing.png' })
  const broken = JSON.parse(JSON.stringify(spec)) as PosterSpec
  ;(broken.elements[0] as { children: Array<{ src: string }> }).children[1].src =
    'https://cdn.example.com/missing.png'
  await expect(renderPoster(broken, { port })).rejects.toMatchObject({
    code: 'image_load_failed',
    field: 'elements[0].children[1].src',
  })
})

/** A 2×2 white PNG, made by the canvas library. */
function whitePng(): Uint8Array {
  const canvas = createCanvas(2, 2)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, 2, 2)
  return canvas.toBuffer('image/png')
}
