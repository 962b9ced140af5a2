import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { crc32, encodeIndexedPng, encodePng, parseDataUrl } from '../encoding'
import { createQrDataUrl, createQrMatrix, createQrPng, type QrOptions } from '../qr'
import { errorOf } from './error-of'

function decodePng(bytes: Uint8Array) {
  const png = PNG.sync.read(Buffer.from(bytes))
  return {
    width: png.width,
    height: png.height,
    data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
  }
}

/** Decodes a QR data URL with an independent decoder (jsQR). */
function scan(dataUrl: string) {
  const { mime, bytes } = parseDataUrl(dataUrl)
  expect(mime).toBe('image/png')
  const img = decodePng(bytes)
  const found = jsQR(img.data, img.width, img.height)
  if (!found) throw new Error('jsQR found no QR code')
  return found
}

const TEXTS: Array<[string, string]> = [
  ['ASCII', 'Hello, minicode!'],
  ['digits (numeric mode)', '0123456789012345'],
  ['upper-case (alphanumeric mode)', 'HTTPS://EXAMPLE.COM/P/42'],
  ['a 50-character URL', 'https://shop.example.com/goods/detail?id=42&from=p'],
  ['CJK', '小程序码测试'],
  ['emoji with ZWJ sequences', '🎉👨‍👩‍👧'],
  ['mixed text and line breaks', 'Ünïcødé 商品 #42\nline 2'],
]

describe('createQrDataUrl', () => {
  it('has exactly 50 characters in the URL fixture', () => {
    expect(TEXTS[3][1]).toHaveLength(50)
  })

  it.each(TEXTS)('encodes %s so jsQR decodes the exact text', (_, text) => {
    const found = scan(createQrDataUrl(text))
    expect(found.data).toBe(text)
    // UTF-8 without BOM or anything else in front.
    expect(Buffer.from(found.binaryData).equals(Buffer.from(text, 'utf8'))).toBe(true)
  })

  it.each(['L', 'M', 'Q', 'H'] as const)('decodes at ecc %s', (ecc) => {
    expect(scan(createQrDataUrl(TEXTS[3][1], { ecc })).data).toBe(TEXTS[3][1])
  })

  it('gives a larger symbol for higher error correction', () => {
    const text = 'https://shop.example.com/goods/detail?id=42&from=poster&utm=abc'
    expect(createQrMatrix(text, { ecc: 'H' }).size).toBeGreaterThan(createQrMatrix(text, { ecc: 'L' }).size)
  })

  it('starts with data:image/png;base64,', () => {
    expect(createQrDataUrl('x')).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/)
  })
})

describe('createQrPng geometry', () => {
  /** Checks that every pixel is its module's colour: integer module size and a light quiet zone. */
  function checkGeometry(text: string, opts: QrOptions, expectMargin: number) {
    const matrix = createQrMatrix(text, opts)
    const img = decodePng(createQrPng(text, opts))
    expect(img.width).toBe(img.height)
    const count = matrix.size + 2 * expectMargin
    const moduleSize = img.width / count
    expect(Number.isInteger(moduleSize)).toBe(true)
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const mx = Math.floor(x / moduleSize) - expectMargin
        const my = Math.floor(y / moduleSize) - expectMargin
        const dark = mx >= 0 && my >= 0 && mx < matrix.size && my < matrix.size && matrix.modules[my][mx]
        const red = img.data[(y * img.width + x) * 4]
        if (red !== (dark ? 0 : 255))
          throw new Error(`pixel ${x},${y} is ${red}, expected ${dark ? 'dark' : 'light'}`)
      }
    }
    return { moduleSize, side: img.width, matrix }
  }

  it('has a quiet zone of 4 light modules and sharp modules by default', () => {
    const { moduleSize } = checkGeometry('quiet zone', {}, 4)
    expect(moduleSize).toBe(8)
  })

  it('never makes the quiet zone smaller than 4 modules', () => {
    checkGeometry('margin', { margin: 0, moduleSize: 2 }, 4)
    checkGeometry('margin', { margin: 2.9, moduleSize: 2 }, 4)
  })

  it('honours a larger margin', () => {
    checkGeometry('margin', { margin: 6, moduleSize: 3 }, 6)
  })

  it('derives an integer module size from a target size, never over it', () => {
    for (const size of [100, 257, 300, 430, 1000]) {
      const { moduleSize, side, matrix } = checkGeometry('https://example.com/p/42', { size }, 4)
      expect(moduleSize).toBe(Math.max(1, Math.floor(size / (matrix.size + 8))))
      expect(side).toBeLessThanOrEqual(Math.max(size, matrix.size + 8))
    }
  })

  it('uses at least 1 px per module for a tiny size', () => {
    const { moduleSize } = checkGeometry('tiny', { size: 5 }, 4)
    expect(moduleSize).toBe(1)
  })

  it('paints the given colours', () => {
    const img = decodePng(createQrPng('colour', { dark: '#c00', light: 'rgb(255, 250, 240)', moduleSize: 2 }))
    expect(Array.from(img.data.subarray(0, 4))).toEqual([255, 250, 240, 255])
    const finder = (4 * 2 * img.width + 4 * 2) * 4 // top-left module of the finder pattern is dark
    expect(Array.from(img.data.subarray(finder, finder + 4))).toEqual([204, 0, 0, 255])
  })

  it('keeps a transparent background readable', () => {
    const url = createQrDataUrl('transparent', { light: 'transparent' })
    const img = decodePng(parseDataUrl(url).bytes)
    expect(img.data[3]).toBe(0)
    expect(scan(url).data).toBe('transparent')
  })
})

describe('createQrMatrix', () => {
  it('returns a square symbol without quiet zone (version 1 is 21 modules)', () => {
    const m = createQrMatrix('1')
    expect(m.size).toBe(21)
    expect(m.modules).toHaveLength(21)
    m.modules.forEach((row) => expect(row).toHaveLength(21))
    // The finder pattern's corner is dark at (0,0): there is no border.
    expect(m.modules[0][0]).toBe(true)
  })
})

describe('createQr* bad input', () => {
  it.each([[''], [undefined], [42]])('rejects the text %p', (text) => {
    const e = errorOf(() => createQrDataUrl(text as string))
    expect(e.code).toBe('invalid_request')
    expect(e.field).toBe('text')
  })

  it('rejects a lone surrogate', () => {
    expect(errorOf(() => createQrDataUrl('🎉'.slice(0, 1))).message).toMatch(/surrogate/)
  })

  it('rejects text too long for any QR version', () => {
    const e = errorOf(() => createQrDataUrl('x'.repeat(3000), { ecc: 'L' }))
    expect(e.field).toBe('text')
    expect(e.message).toMatch(/too long/)
  })

  it.each<[QrOptions, string]>([
    [{ ecc: 'X' as 'L' }, 'ecc'],
    [{ size: 0 }, 'size'],
    [{ size: NaN }, 'size'],
    [{ moduleSize: -1 }, 'moduleSize'],
    [{ margin: -1 }, 'margin'],
    [{ dark: 'blurple' }, 'dark'],
    [{ light: '#12345' }, 'light'],
    [{ dark: '#fff', light: 'white' }, 'dark'],
    [{ moduleSize: 1000 }, 'moduleSize'],
  ])('rejects options %p', (opts, field) => {
    const e = errorOf(() => createQrPng('x', opts))
    expect(e.code).toBe('invalid_request')
    expect(e.field).toBe(field)
  })
})

describe('png encoder', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(new Uint8Array(Buffer.from('123456789')))).toBe(0xcbf43926)
  })

  it('writes RGBA pixels that pngjs reads back exactly', () => {
    const width = 7
    const height = 5
    const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37 + 11) & 255)
    const img = decodePng(encodePng({ width, height, data }))
    expect([img.width, img.height]).toEqual([width, height])
    expect(Array.from(img.data)).toEqual(Array.from(data))
  })

  it.each([2, 3, 5, 17, 256])(
    'writes a %d-colour palette image at the right bit depth, read back exactly',
    (colours) => {
      const palette = Array.from(
        { length: colours },
        (_, i) => [i, 255 - i, (i * 7) & 255, i === 1 ? 128 : 255] as const,
      )
      const width = 13 // not a multiple of 8: rows end mid-byte at low bit depths
      const height = 3
      const indices = Uint8Array.from({ length: width * height }, (_, i) => (i * 5) % colours)
      const img = decodePng(encodeIndexedPng({ width, height, palette, indices }))
      indices.forEach((index, i) =>
        expect(Array.from(img.data.subarray(i * 4, i * 4 + 4))).toEqual([...palette[index]]),
      )
    },
  )

  it('rejects a wrong number of pixel values', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(15) })).toThrow(RangeError)
  })
})
