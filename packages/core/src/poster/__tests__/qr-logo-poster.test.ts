/** A `qr` element with a logo (issue #16), planned and drawn on a real canvas, read by two decoders. */
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library'
import jsQR from 'jsqr'
import { encodePng, toDataUrl } from '../../encoding'
import { createQrMatrix } from '../../qr'
import { largestClearSide } from '../../qr-logo'
import { planPoster } from '../plan-poster'
import { renderPoster } from '../render-poster'
import type { PosterSpec } from '../types'
import { dataUrlBytes, decodePng, nodeCanvasPort } from './node-canvas'

const TEXT = 'https://shop.example.com/goods/detail?id=42&from=p'
// The logo: a dark disc with a white bar, as a PNG data URL.
const LOGO = toDataUrl(encodePng(discPixels(64)), 'image/png')

function discPixels(side: number) {
  const data = new Uint8Array(side * side * 4)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const inside = Math.hypot(x + 0.5 - side / 2, y + 0.5 - side / 2) < side / 2
      const bar = Math.abs(y + 0.5 - side / 2) < side / 10
      let rgba = [0, 0, 0, 0]
      if (inside) rgba = bar ? [255, 255, 255, 255] : [20, 40, 30, 255]
      data.set(rgba, (y * side + x) * 4)
    }
  }
  return { width: side, height: side, data }
}

function spec(size?: number): PosterSpec {
  return {
    width: 300,
    height: 300,
    background: '#f6f0e8',
    elements: [{ type: 'qr', x: 20, y: 20, size: 260, text: TEXT, logo: { src: LOGO, size } }],
  }
}

function zxing(data: Uint8Array, width: number, height: number): string | null {
  const luminance = new Uint8ClampedArray(width * height)
  for (let i = 0; i < luminance.length; i++) {
    luminance[i] = (data[i * 4] * 299 + data[i * 4 + 1] * 587 + data[i * 4 + 2] * 114) / 1000
  }
  try {
    return new QRCodeReader()
      .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height))))
      .getText()
  } catch {
    return null
  }
}

test('the planner raises ecc to H, clears the middle and puts the logo op right after the code', () => {
  const ops = planPoster(spec(0.2), { measure: () => 0, qr: createQrMatrix })
  const qr = ops.find((op) => op.kind === 'qr')
  const logo = ops[ops.indexOf(qr!) + 1]
  const h = createQrMatrix(TEXT, { ecc: 'H' })
  expect(qr && qr.kind === 'qr' && qr.modules.length).toBe(h.size)
  expect(logo).toMatchObject({
    kind: 'image',
    element: 0,
    source: { kind: 'src', src: LOGO },
    fit: 'contain',
  })
  if (logo.kind !== 'image') throw new Error('no logo op')
  // Centred on the code, 0.2 of the symbol's side.
  const unit = 260 / (h.size + 8)
  expect(logo.width).toBeCloseTo(0.2 * h.size * unit, 6)
  expect(logo.x + logo.width / 2).toBeCloseTo(150, 6)
})

test.each([0.1, 0.2, 0.3, undefined])(
  'a rendered logo of %s still decodes with jsQR and ZXing',
  async (size) => {
    const out = await renderPoster(spec(size), { port: nodeCanvasPort(), deviceRatio: 2, qr: createQrMatrix })
    const image = decodePng(dataUrlBytes(out.dataUrl!))
    const pixels = new Uint8ClampedArray(image.data)
    expect(jsQR(pixels, image.width, image.height)?.data).toBe(TEXT)
    expect(zxing(image.data, image.width, image.height)).toBe(TEXT)
  },
)

test('a logo too large is refused at its field, naming the largest that scans', async () => {
  const n = createQrMatrix(TEXT, { ecc: 'H' }).size
  const largest = Math.floor(((largestClearSide(n) - 1) / n) * 100) / 100
  const failure = await renderPoster(spec(0.5), {
    port: nodeCanvasPort(),
    deviceRatio: 1,
    qr: createQrMatrix,
  }).catch((e: unknown) => e)
  expect(failure).toMatchObject({ code: 'invalid_request', field: 'elements[0].logo.size' })
  expect((failure as Error).message).toContain(`at most ${largest}`)
  const bad = { ...spec(), elements: [{ type: 'qr', x: 0, y: 0, size: 100, text: 'x', logo: { size: 0.2 } }] }
  expect(() => planPoster(bad as PosterSpec, { measure: () => 0, qr: createQrMatrix })).toThrow(
    expect.objectContaining({ field: 'elements[0].logo.src' }),
  )
})

test('a logo that fails to load is named at its own field, logo.src (in a box too)', async () => {
  const broken = 'data:image/png;base64,bm90IGEgcG5n'
  const options = { port: nodeCanvasPort(), deviceRatio: 1, qr: createQrMatrix }
  const top = {
    ...spec(),
    elements: [{ type: 'qr', x: 0, y: 0, size: 200, text: TEXT, logo: { src: broken } }],
  }
  await expect(renderPoster(top as PosterSpec, options)).rejects.toMatchObject({
    code: 'image_load_failed',
    field: 'elements[0].logo.src',
  })
  const boxed = {
    ...spec(),
    elements: [
      {
        type: 'box',
        x: 0,
        y: 0,
        children: [
          { type: 'text', text: 'Scan me', size: 14 },
          { type: 'qr', size: 200, text: TEXT, logo: { src: broken } },
        ],
      },
    ],
  }
  await expect(renderPoster(boxed as PosterSpec, options)).rejects.toMatchObject({
    code: 'image_load_failed',
    field: 'elements[0].children[1].logo.src',
  })
})
