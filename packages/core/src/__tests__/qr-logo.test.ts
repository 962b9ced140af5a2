import {
  BinaryBitmap,
  HybridBinarizer,
  NotFoundException,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { createQrMatrix, createQrPng } from '../qr'
import { largestClearSide, planQrLogo, type QrLogoPixels } from '../qr-logo'
import { errorOf } from './error-of'

/**
 * Logos like real ones: a solid black square (the most module-like), and a green disc with a white
 * bar on a transparent background (anti-aliased edge). The bound covers error correction whatever
 * the pixels; a logo drawn as a fine high-contrast checkerboard can still fool ZXing's finder search
 * (a detection problem no module count can rule out), so it is not used here.
 */
function solidLogo(side = 48): QrLogoPixels {
  const data = new Uint8Array(side * side * 4)
  for (let i = 0; i < data.length; i += 4) data[i + 3] = 255
  return { width: side, height: side, data }
}

function discLogo(side = 64): QrLogoPixels {
  const data = new Uint8Array(side * side * 4)
  const r = side / 2
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const d = Math.hypot(x + 0.5 - r, y + 0.5 - r)
      const coverage = Math.max(0, Math.min(1, r - d))
      const bar = Math.abs(y + 0.5 - r) < side / 10 && Math.abs(x + 0.5 - r) < side / 3
      data.set(bar ? [255, 255, 255] : [7, 193, 96], (y * side + x) * 4)
      data[(y * side + x) * 4 + 3] = Math.round(coverage * 255)
    }
  }
  return { width: side, height: side, data }
}

function pixelsOf(png: Uint8Array) {
  const img = PNG.sync.read(Buffer.from(png))
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) }
}

function withJsQR(png: Uint8Array): string | null {
  const { width, height, data } = pixelsOf(png)
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null
}

function withZXing(png: Uint8Array): string | null {
  const { width, height, data } = pixelsOf(png)
  const luminance = new Uint8ClampedArray(width * height)
  for (let i = 0; i < luminance.length; i++) {
    luminance[i] = (data[i * 4] * 299 + data[i * 4 + 1] * 587 + data[i * 4 + 2] * 114) / 1000
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)))
  try {
    return new QRCodeReader().decode(bitmap).getText()
  } catch (e) {
    if (e instanceof NotFoundException || (e as Error).name.endsWith('Exception')) return null
    throw e
  }
}

const TEXTS = [
  ['version 1', 'hi'],
  ['a short URL', 'https://example.com/p/42'],
  ['a 50-character URL', 'https://shop.example.com/goods/detail?id=42&from=p'],
  ['150 characters', 'https://example.com/?q=' + 'abcdefghij'.repeat(12) + 'klmnopq'],
  ['CJK', '小程序码测试，海报上的二维码'.repeat(4)],
  ['400 characters', 'z'.repeat(400)],
]

describe('QR codes with a logo', () => {
  it.each(TEXTS)('%s: every logo size up to the largest allowed decodes with jsQR and ZXing', (_, text) => {
    const n = createQrMatrix(text, { ecc: 'H' }).size
    const largest = (largestClearSide(n) - 1) / n
    const sizes = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45].filter((s) => s < largest)
    sizes.push(Math.floor(largest * 100) / 100) // the very largest the error message would name
    expect(sizes.length).toBeGreaterThan(1)
    for (const size of sizes) {
      for (const [logo, src] of [
        ['solid', solidLogo()],
        ['disc', discLogo()],
      ] as const) {
        const png = createQrPng(text, { moduleSize: 5, logo: { src, size } })
        expect([logo, size, withJsQR(png)]).toEqual([logo, size, text])
        expect([logo, size, withZXing(png)]).toEqual([logo, size, text])
      }
    }
  })

  it('refuses a logo one step too large, naming the largest that scans', () => {
    const text = 'https://shop.example.com/goods/detail?id=42&from=p'
    const n = createQrMatrix(text, { ecc: 'H' }).size
    const largest = Math.floor(((largestClearSide(n) - 1) / n) * 100) / 100
    const e = errorOf(() => createQrPng(text, { logo: { src: solidLogo(), size: largest + 0.05 } }))
    expect(e).toMatchObject({ code: 'invalid_request', field: 'logo.size' })
    expect(e.message).toContain(`at most ${largest}`)
  })

  it('raises ecc to H and clears exactly the planned square', () => {
    const text = 'https://example.com/p/42'
    const plain = createQrMatrix(text, { ecc: 'H' })
    const plan = planQrLogo(plain, 0.2, 'logo.size')
    expect(plan.clearSide % 2).toBe(1)
    expect(plan.logoSide).toBeLessThanOrEqual(plan.clearSide - 1)
    for (let y = 0; y < plain.size; y++) {
      for (let x = 0; x < plain.size; x++) {
        const inside =
          x >= plan.clearStart &&
          x < plan.clearStart + plan.clearSide &&
          y >= plan.clearStart &&
          y < plan.clearStart + plan.clearSide
        expect(plan.modules[y][x]).toBe(inside ? false : plain.modules[y][x])
      }
    }
    // An 'L' request is raised: the logo's code is the H symbol, not the smaller L one.
    const png = pixelsOf(
      createQrPng(text, { ecc: 'L', moduleSize: 1, margin: 4, logo: { src: solidLogo() } }),
    )
    expect(png.width).toBe(plain.size + 8)
  })

  it('the bound is not vacuous: past it, an adversarial centre breaks both decoders', () => {
    // Invert a square 6 modules wider than the largest clearable one: every codeword under it is
    // wrong, more than level H corrects, so a decoder that read it would be wrong, not lucky.
    for (const [, text] of TEXTS.slice(1, 4)) {
      const m = createQrMatrix(text, { ecc: 'H' })
      const side = largestClearSide(m.size) + 6
      const start = (m.size - side) / 2
      const modules = m.modules.map((row, y) =>
        row.map((dark, x) =>
          x >= start && x < start + side && y >= start && y < start + side ? !dark : dark,
        ),
      )
      const png = modulesPng(modules)
      expect(withJsQR(png)).toBeNull()
      expect(withZXing(png)).toBeNull()
    }
  })

  it('checks the logo pixels and size', () => {
    expect(
      errorOf(() => createQrPng('x', { logo: { src: { width: 2, height: 2, data: new Uint8Array(3) } } })),
    ).toMatchObject({
      code: 'invalid_request',
      field: 'logo.src',
    })
    expect(errorOf(() => createQrPng('x', { logo: { src: solidLogo(), size: 0.9 } }))).toMatchObject({
      code: 'invalid_request',
      field: 'logo.size',
    })
  })
})

/** Modules as a PNG (4-module quiet zone, 6 px modules), bypassing createQrPng's checks. */
function modulesPng(modules: boolean[][]): Uint8Array {
  const unit = 6
  const side = (modules.length + 8) * unit
  const png = new PNG({ width: side, height: side })
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const my = Math.floor(y / unit) - 4
      const mx = Math.floor(x / unit) - 4
      const dark = modules[my]?.[mx] === true
      png.data.fill(dark ? 0 : 255, (y * side + x) * 4, (y * side + x) * 4 + 3)
      png.data[(y * side + x) * 4 + 3] = 255
    }
  }
  return new Uint8Array(PNG.sync.write(png))
}
