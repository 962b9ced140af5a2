import { createCanvas } from '@napi-rs/canvas'
import { PNG } from 'pngjs'
import { sniffImage } from '../../encoding'
import { decodeCodeResponse } from '../decode-response'
import { errorOf } from '../../__tests__/error-of'

// Real encoders make the fixtures, so the checks meet the bytes real servers send.
function drawn(mime: 'image/png' | 'image/jpeg' | 'image/webp'): Uint8Array {
  const canvas = createCanvas(40, 40)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#123456'
  ctx.fillRect(5, 5, 20, 30)
  return new Uint8Array(canvas.toBuffer(mime as 'image/png'))
}
const PNG_BYTES = drawn('image/png')
const JPEG_BYTES = drawn('image/jpeg')
const WEBP_BYTES = drawn('image/webp')
const GIF_BYTES = new Uint8Array(
  Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
)
const GIF87 = Uint8Array.from([...Buffer.from('GIF87a'), ...GIF_BYTES.subarray(6)])

/** A transparent PNG like WeChat's is_hyaline codes. */
function hyalinePng(): Uint8Array {
  const png = new PNG({ width: 8, height: 8, colorType: 6 })
  png.data.fill(0)
  png.data[0] = 255
  png.data[3] = 255
  return new Uint8Array(PNG.sync.write(png))
}

const json = (o: unknown, prefix = '') => new Uint8Array(Buffer.from(prefix + JSON.stringify(o)))

describe('sniffImage', () => {
  it.each([
    ['PNG', PNG_BYTES, 'image/png'],
    ['JPEG', JPEG_BYTES, 'image/jpeg'],
    ['WebP', WEBP_BYTES, 'image/webp'],
    ['GIF89a', GIF_BYTES, 'image/gif'],
    ['GIF87a', GIF87, 'image/gif'],
  ])('knows %s', (_, bytes, mime) => {
    expect(sniffImage(bytes)).toBe(mime)
    expect(sniffImage(bytes.slice().buffer)).toBe(mime)
  })

  it.each([
    ['empty', new Uint8Array(0)],
    ['JSON', json({ errcode: 1 })],
    ['HTML', new Uint8Array(Buffer.from('<!DOCTYPE html><html>'))],
    ['a RIFF that is no WebP (WAVE)', new Uint8Array(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '))],
    ['a PNG signature cut short', PNG_BYTES.subarray(0, 7)],
    ['GIF88a', new Uint8Array(Buffer.from('GIF88a'))],
  ])('returns null for %s', (_, bytes) => {
    expect(sniffImage(bytes)).toBeNull()
  })
})

describe('decodeCodeResponse: images', () => {
  it.each([
    ['PNG', PNG_BYTES, 'image/png'],
    ['JPEG', JPEG_BYTES, 'image/jpeg'],
    ['WebP', WEBP_BYTES, 'image/webp'],
    ['GIF', GIF_BYTES, 'image/gif'],
  ])('returns %s bytes with the mime from the signature', (_, bytes, mime) => {
    const out = decodeCodeResponse(bytes, 'application/octet-stream')
    expect(out.mime).toBe(mime)
    expect(Array.from(out.bytes)).toEqual(Array.from(bytes))
  })

  it('returns a transparent (is_hyaline) PNG labelled image/jpeg as image/png', () => {
    expect(decodeCodeResponse(hyalinePng(), 'image/jpeg').mime).toBe('image/png')
  })

  it('accepts an ArrayBuffer and a Node Buffer', () => {
    expect(decodeCodeResponse(PNG_BYTES.slice().buffer).mime).toBe('image/png')
    expect(decodeCodeResponse(Buffer.from(JPEG_BYTES)).mime).toBe('image/jpeg')
  })

  it('tolerates zero padding after a JPEG end marker', () => {
    const padded = Uint8Array.from([...JPEG_BYTES, 0, 0, 0])
    expect(decodeCodeResponse(padded).mime).toBe('image/jpeg')
  })
})

describe('decodeCodeResponse: truncated images', () => {
  it.each([
    ['PNG', PNG_BYTES, /IEND|cut off/],
    ['JPEG', JPEG_BYTES, /FF D9/],
    ['WebP', WEBP_BYTES, /RIFF size/],
    ['GIF', GIF_BYTES, /0x3B/],
  ])('rejects a %s missing its end as not_an_image, saying truncated', (_, bytes, why) => {
    for (const cut of [1, 2, 12, Math.floor(bytes.length / 2)]) {
      const e = errorOf(() => decodeCodeResponse(bytes.subarray(0, bytes.length - cut), 'image/jpeg'))
      expect(e.code).toBe('not_an_image')
      expect(e.message).toMatch(/truncated/)
      expect(e.message).toMatch(why)
    }
  })

  it('rejects a PNG that is only its signature and header', () => {
    expect(errorOf(() => decodeCodeResponse(PNG_BYTES.subarray(0, 33))).message).toMatch(/no IEND/)
  })

  it('rejects a PNG whose first chunk is not IHDR', () => {
    const bad = PNG_BYTES.slice()
    bad.set(Buffer.from('IDAT'), 12)
    expect(errorOf(() => decodeCodeResponse(bad)).message).toMatch(/IHDR/)
  })

  it('rejects a 118-byte truncated PNG', () => {
    const big = hyalinePng().length > 118 ? hyalinePng() : PNG_BYTES
    expect(errorOf(() => decodeCodeResponse(big.subarray(0, 118), 'image/png')).code).toBe('not_an_image')
  })
})

describe('decodeCodeResponse: WeChat JSON errors', () => {
  it('throws wechat_error with errcode and errmsg for JSON labelled image/jpeg', () => {
    const e = errorOf(() =>
      decodeCodeResponse(json({ errcode: 41030, errmsg: 'invalid page rid: 64a0' }), 'image/jpeg'),
    )
    expect(e.code).toBe('wechat_error')
    expect(e.errcode).toBe(41030)
    expect(e.message).toContain('invalid page rid: 64a0')
    expect(e.message).toMatch(/check_?[pP]ath/)
    expect(e.retryable).toBe(false)
  })

  it('allows a BOM and whitespace before the JSON and keeps CJK errmsg intact', () => {
    const e = errorOf(() =>
      decodeCodeResponse(json({ errcode: 40129, errmsg: '场景值不合法' }, '\ufeff \r\n')),
    )
    expect(e.errcode).toBe(40129)
    expect(e.message).toContain('场景值不合法')
  })

  it('marks -1 (busy) retryable', () => {
    const e = errorOf(() =>
      decodeCodeResponse(json({ errcode: -1, errmsg: 'system error' }), 'application/json'),
    )
    expect(e.code).toBe('wechat_error')
    expect(e.errcode).toBe(-1)
    expect(e.retryable).toBe(true)
  })

  it('keeps code wechat_error for quota and rate errors (the server maps them) with the errcode', () => {
    expect(errorOf(() => decodeCodeResponse(json({ errcode: 45029, errmsg: 'reach max' }))).errcode).toBe(
      45029,
    )
    expect(errorOf(() => decodeCodeResponse(json({ errcode: 45009, errmsg: 'freq' }))).code).toBe(
      'wechat_error',
    )
  })

  it('accepts an errcode sent as a string', () => {
    expect(
      errorOf(() => decodeCodeResponse(json({ errcode: '40001', errmsg: 'invalid credential' }))).errcode,
    ).toBe(40001)
  })

  it('reads the errCode / errMsg spelling of cloud openapi calls', () => {
    const e = errorOf(() =>
      decodeCodeResponse(json({ errCode: -604101, errMsg: 'function has no permission to call this API' })),
    )
    expect(e.code).toBe('wechat_error')
    expect(e.errcode).toBe(-604101)
    expect(e.message).toContain('no permission')
  })

  it('does not take an empty or non-numeric errcode for one', () => {
    expect(errorOf(() => decodeCodeResponse(json({ errcode: '', errmsg: 'x' }))).code).toBe('not_an_image')
    expect(errorOf(() => decodeCodeResponse(json({ errcode: 'oops' }))).code).toBe('not_an_image')
  })

  it("keeps the code of minicode's own server error body", () => {
    const e = errorOf(() =>
      decodeCodeResponse(
        json({ error: { code: 'quota_exhausted', message: 'No quota left', errcode: 45029 } }),
      ),
    )
    expect(e.code).toBe('quota_exhausted')
    expect(e.errcode).toBe(45029)
    expect(e.message).toBe('No quota left')
  })

  it('reports other or broken JSON as not_an_image', () => {
    expect(errorOf(() => decodeCodeResponse(json({ hello: 'world' }))).code).toBe('not_an_image')
    expect(errorOf(() => decodeCodeResponse(new Uint8Array(Buffer.from('{"errcode": 4')))).code).toBe(
      'not_an_image',
    )
  })
})

describe('decodeCodeResponse: not images', () => {
  it('rejects an empty body', () => {
    const e = errorOf(() => decodeCodeResponse(new Uint8Array(0), 'image/jpeg'))
    expect(e.code).toBe('not_an_image')
    expect(e.message).toMatch(/empty/)
  })

  it('rejects a short 118-byte body', () => {
    const body = new Uint8Array(118).map((_, i) => (i * 7 + 3) & 255)
    const e = errorOf(() => decodeCodeResponse(body, 'image/jpeg'))
    expect(e.code).toBe('not_an_image')
    expect(e.message).toMatch(/118 bytes/)
  })

  it('rejects an HTML error page labelled image/png, quoting its start', () => {
    const html = new Uint8Array(Buffer.from('<html><head><title>502 Bad Gateway</title></head></html>'))
    const e = errorOf(() => decodeCodeResponse(html, 'image/png'))
    expect(e.code).toBe('not_an_image')
    expect(e.message).toContain('502 Bad Gateway')
    expect(e.message).toContain('labelled image/png')
  })

  it('rejects a value that is not bytes', () => {
    expect(errorOf(() => decodeCodeResponse('iVBORw0KGgo=' as unknown as Uint8Array)).code).toBe(
      'not_an_image',
    )
  })
})
