// Issue #13: height 'auto' is the bottom of the lowest top-level element, its bottom margin included,
// and a poster too tall for the 4096-px canvas at pixel ratio 1 is refused, never silently blurred.
import { isMiniCodeError } from '../../errors'
import { measurePoster } from '../measure-poster'
import { planPoster } from '../plan-poster'
import { renderPoster } from '../render-poster'
import type { PosterSpec } from '../types'
import { FONT, decodePng, dataUrlBytes, nodeCanvasPort, nodeContext, pixel } from './node-canvas'

// 10 px per grapheme: line counts follow from the text alone.
const measure = (s: string) => [...s].length * 10

function card(title: string): PosterSpec {
  return {
    width: 200,
    height: 'auto',
    background: '#ffffff',
    elements: [
      {
        type: 'box',
        x: 0,
        y: 0,
        width: 200,
        padding: 10,
        gap: 10,
        margin: [0, 0, 30, 0],
        children: [
          { type: 'text', id: 'title', text: title, size: 20, lineHeight: 30, family: FONT },
          { type: 'rect', id: 'price', width: 50, height: 40, fill: '#ff0000' },
        ],
      },
    ],
  }
}

test("'auto' follows the content: each title line pushes the bottom down by its line height", () => {
  const one = planPoster(card('x'.repeat(10)), { measure })
  const three = planPoster(card('x'.repeat(50)), { measure })
  // padding 10 + 1 line (30) + gap 10 + rect 40 + padding 10 + margin 30 = 130; two more lines: +60.
  expect(one[0]).toEqual({ kind: 'clear', width: 200, height: 130 })
  expect(three[0]).toEqual({ kind: 'clear', width: 200, height: 190 })
  // The background follows the height too.
  expect(three[1]).toMatchObject({ kind: 'rect', x: 0, y: 0, width: 200, height: 190 })
  expect(measurePoster(card('x'.repeat(50)), { measure }).height).toBe(190)
})

test("'auto' without boxes: the lowest element's bottom, top-level margin included", () => {
  const spec: PosterSpec = {
    width: 100,
    height: 'auto',
    elements: [
      { type: 'rect', x: 0, y: 0, width: 10, height: 50 },
      { type: 'rect', x: 0, y: 70, width: 10, height: 20, margin: [0, 0, 15, 0] },
      { type: 'rect', x: 0, y: 10, width: 10, height: 20 },
    ],
  }
  expect(planPoster(spec, { measure })[0]).toMatchObject({ height: 105 })
})

test("'auto' with nothing below y 0 is invalid_request on height", () => {
  const spec: PosterSpec = { width: 100, height: 'auto', elements: [] }
  expect(() => planPoster(spec, { measure })).toThrow(expect.objectContaining({ field: 'height' }))
})

test("renderPoster sizes the canvas to 'auto' and draws down to the last element", async () => {
  const spec = card('x'.repeat(50))
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 2 })
  const { measure: real } = nodeContext()
  const height = measurePoster(spec, { measure: real }).height
  expect(out.height).toBe(Math.round(height * 2))
  const image = decodePng(dataUrlBytes(out.dataUrl!))
  // The red rect is the box's last child: its bottom edge sits padding 10 + margin 30 above the poster's.
  const redY = Math.round((height - 40) * 2)
  expect(pixel(image, 40, redY - 2).slice(0, 3)).toEqual([255, 0, 0])
  expect(pixel(image, 40, redY + 2).slice(0, 3)).toEqual([255, 255, 255])
})

test('a poster that needs a pixel ratio below 1 is invalid_request on height, saying what fits', async () => {
  const spec: PosterSpec = { width: 750, height: 5000, elements: [] }
  const error = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: 2 }).catch((e) => e)
  expect(isMiniCodeError(error) && error.code).toBe('invalid_request')
  expect(error.field).toBe('height')
  expect(error.message).toContain('4096')

  // An 'auto' height that grows past the limit is refused the same way, after measuring.
  const tall: PosterSpec = {
    width: 300,
    height: 'auto',
    elements: [{ type: 'rect', x: 0, y: 4000, width: 10, height: 200 }],
  }
  await expect(renderPoster(tall, { port: nodeCanvasPort() })).rejects.toMatchObject({ field: 'height' })

  // Tall but within the limit at ratio 1: drawn at the ratio that fits (above 1 is sharper than 1).
  const fits = await renderPoster(
    { width: 750, height: 4000, elements: [] },
    { port: nodeCanvasPort(), deviceRatio: 3 },
  )
  expect(fits.height).toBeLessThanOrEqual(4096)
  expect(fits.pixelRatio).toBeGreaterThanOrEqual(1)
})

test('a wide poster is refused on width; a spec that asks for a ratio below 1 itself gets it', async () => {
  const wide: PosterSpec = { width: 5000, height: 100, elements: [] }
  await expect(renderPoster(wide, { port: nodeCanvasPort() })).rejects.toMatchObject({ field: 'width' })
  const asked = await renderPoster({ ...wide, pixelRatio: 0.5 }, { port: nodeCanvasPort() })
  expect([asked.width, asked.height, asked.pixelRatio]).toEqual([2500, 50, 0.5])
})

test('the largest height that fits follows a pixel ratio below 1 that the spec asks for', async () => {
  // At 0.5, 8192 design px fit in 4096 canvas px; 10000 do not.
  const spec: PosterSpec = { width: 300, height: 'auto', pixelRatio: 0.5, elements: [] }
  const tall = { ...spec, elements: [{ type: 'rect', x: 0, y: 0, width: 10, height: 10000 }] } as PosterSpec
  const error = await renderPoster(tall, { port: nodeCanvasPort() }).catch((e) => e)
  expect(error).toMatchObject({ code: 'invalid_request', field: 'height' })
  expect(error.message).toContain('the largest height that fits is 8192 design px')
  const fits = { ...spec, elements: [{ type: 'rect', x: 0, y: 0, width: 10, height: 8192 }] } as PosterSpec
  const out = await renderPoster(fits, { port: nodeCanvasPort() })
  expect([out.height, out.pixelRatio]).toEqual([4096, 0.5])
})
