// Issue #14 item 5: images one render loaded are reused by the next render on the page while their
// source is the same; the cache is bounded, never drops an image a render in flight still uses, and a
// render with a new src draws the new image.
import { createQrDataUrl } from '../../qr'
import { createImageCache } from '../image-cache'
import { PosterController } from '../poster-controller'
import { renderPoster } from '../render-poster'
import type { PosterImage } from '../execute-draw-ops'
import type { PosterSpec } from '../types'
import { decodePng, dataUrlBytes, nodeCanvasPort, pixel } from './node-canvas'

const image = (width: number): PosterImage => ({ width, height: 1 })

test('a second get of the same key is the first load; a new key loads anew', async () => {
  const cache = createImageCache(4)
  const load = jest.fn(async () => image(1))
  const a = cache.get('a', undefined, load)
  const again = cache.get('a', undefined, load)
  expect(again.image).toBe(a.image)
  cache.get('b', undefined, load)
  expect(load).toHaveBeenCalledTimes(2)
})

test('beyond the limit the least recently used free image goes, never one a render holds', async () => {
  const cache = createImageCache(2)
  const held = cache.get('held', undefined, async () => image(1))
  const b = cache.get('b', undefined, async () => image(2))
  b.release()
  const c = cache.get('c', undefined, async () => image(3))
  c.release()
  // 'held' is the oldest, but a render still uses it: 'b' went instead.
  expect(cache.size).toBe(2)
  const load = jest.fn(async () => image(9))
  cache.get('held', undefined, load)
  expect(load).not.toHaveBeenCalled()
  cache.get('b', undefined, load)
  expect(load).toHaveBeenCalledTimes(1)
  held.release()
})

test('all held: the cache grows past its limit rather than drop an image in use, and shrinks after', () => {
  const cache = createImageCache(1)
  const got = ['a', 'b', 'c'].map((key) => cache.get(key, undefined, async () => image(1)))
  expect(cache.size).toBe(3)
  got.forEach((g) => g.release())
  expect(cache.size).toBe(1)
})

test('a failed load is forgotten: the next render loads again', async () => {
  const cache = createImageCache()
  const failing = cache.get('a', undefined, () => Promise.reject(new Error('404')))
  await expect(failing.image).rejects.toThrow('404')
  failing.release()
  const load = jest.fn(async () => image(1))
  await cache.get('a', undefined, load).image
  expect(load).toHaveBeenCalledTimes(1)
})

test('an image made by another canvas (mini-programs) is not drawn on this one', async () => {
  const cache = createImageCache()
  const first = cache.get('a', 'canvas-1', async () => image(1))
  first.release()
  const load = jest.fn(async () => image(2))
  expect(await cache.get('a', 'canvas-2', load).image).toEqual(image(2))
  expect(load).toHaveBeenCalledTimes(1)
})

const qr = createQrDataUrl('qr', { size: 64 })
function spec(src: string): PosterSpec {
  return {
    width: 100,
    height: 100,
    elements: [{ type: 'image', x: 0, y: 0, width: 100, height: 100, src, fit: 'fill' }],
  }
}

test('PosterController: the next render reuses the image, a new src loads and draws the new one', async () => {
  const ports: Array<ReturnType<typeof nodeCanvasPort>> = []
  const controller = new PosterController({
    createPort: () => {
      ports.push(nodeCanvasPort())
      return ports[ports.length - 1]
    },
  })
  const unsubscribe = controller.subscribe(() => undefined)
  controller.setSpec(spec(qr))
  const first = await controller.render()
  expect(ports[ports.length - 1].loaded).toEqual(['data:image/png'])
  expect(darkPixels(first!.dataUrl!)).toBeGreaterThan(1000)
  // Same spec content, rendered again (a retry): nothing is loaded.
  const again = await controller.render()
  expect(ports[ports.length - 1].loaded).toEqual([])
  expect(again?.dataUrl).toBeDefined()

  // A new src: loaded, and drawn (a white image instead of a QR code's black corner module).
  const white = 'data:image/png;base64,' + Buffer.from(whitePng()).toString('base64')
  controller.setSpec(spec(white))
  const next = await controller.render()
  expect(ports[ports.length - 1].loaded).toEqual(['data:image/png'])
  expect(darkPixels(next!.dataUrl!)).toBe(0)
  unsubscribe()
})

/** Pixels darker than mid-grey: a QR code's modules. */
function darkPixels(dataUrl: string): number {
  const pixels = decodePng(dataUrlBytes(dataUrl))
  let dark = 0
  for (let y = 0; y < pixels.height; y++)
    for (let x = 0; x < pixels.width; x++) if (pixel(pixels, x, y)[0] < 128) dark++
  return dark
}

test('renderPoster without a cache loads every render (the option is opt-in below the controller)', async () => {
  const port = nodeCanvasPort()
  await renderPoster(spec(qr), { port })
  await renderPoster(spec(qr), { port })
  expect(port.loaded).toEqual(['data:image/png', 'data:image/png'])
})

/** A 2×2 white PNG, made by the canvas library (no hand-written bytes). */
function whitePng(): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas')
  const canvas = createCanvas(2, 2)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, 2, 2)
  return canvas.toBuffer('image/png')
}
