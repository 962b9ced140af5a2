import { isDataUrl, parseDataUrl, toDataUrl } from '../data-url'

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const JPEG_HEAD = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 0xff, 0xd9])

describe('toDataUrl', () => {
  it('sniffs the mime when omitted', () => {
    expect(toDataUrl(PNG_HEAD)).toBe(`data:image/png;base64,${Buffer.from(PNG_HEAD).toString('base64')}`)
    expect(toDataUrl(JPEG_HEAD.buffer)).toMatch(/^data:image\/jpeg;base64,/)
  })

  it('encodes only the bytes of a view into a larger buffer', () => {
    const backing = Uint8Array.from([7, 7, ...JPEG_HEAD, 7])
    const view = new DataView(backing.buffer, 2, JPEG_HEAD.length)
    expect(toDataUrl(view as unknown as Uint8Array)).toBe(
      `data:image/jpeg;base64,${Buffer.from(JPEG_HEAD).toString('base64')}`,
    )
    expect(toDataUrl(backing.subarray(2, 2 + JPEG_HEAD.length))).toBe(toDataUrl(JPEG_HEAD))
  })

  it('throws not_an_image for a value that is no bytes', () => {
    expect(() => toDataUrl('iVBORw0KGgo=' as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'not_an_image' }),
    )
  })

  it('uses the given mime', () => {
    expect(toDataUrl(Uint8Array.from([1, 2, 3]), 'application/octet-stream')).toBe(
      'data:application/octet-stream;base64,AQID',
    )
  })

  it('throws not_an_image for unknown bytes without a mime', () => {
    expect(() => toDataUrl(Uint8Array.from([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'not_an_image' }),
    )
  })
})

describe('parseDataUrl', () => {
  it('round-trips toDataUrl', () => {
    const { mime, bytes } = parseDataUrl(toDataUrl(PNG_HEAD))
    expect(mime).toBe('image/png')
    expect(Array.from(bytes)).toEqual(Array.from(PNG_HEAD))
  })

  it('tolerates whitespace and CRLF inside the base64 and around the URL', () => {
    const b64 = Buffer.from(JPEG_HEAD).toString('base64')
    const messy = ` data:image/jpeg;base64,${b64.slice(0, 4)}\r\n${b64.slice(4, 7)} \n${b64.slice(7)}\r\n`
    expect(Array.from(parseDataUrl(messy).bytes)).toEqual(Array.from(JPEG_HEAD))
  })

  it('accepts ;BASE64 in any case, extra parameters and an upper-case scheme', () => {
    const r = parseDataUrl('DATA:Image/PNG;charset=utf-8;BASE64,AQID')
    expect(r.mime).toBe('image/png')
    expect(Array.from(r.bytes)).toEqual([1, 2, 3])
  })

  it('decodes percent-encoded non-base64 payloads', () => {
    const r = parseDataUrl('data:text/plain;charset=utf-8,Hello%2C%20%E4%B8%96 界')
    expect(r.mime).toBe('text/plain')
    expect(Buffer.from(r.bytes).toString('utf8')).toBe('Hello, 世 界')
  })

  it('decodes percent-encoded characters inside base64', () => {
    expect(Array.from(parseDataUrl('data:image/png;base64,%2B%2F8%3D').bytes)).toEqual(
      Array.from(Buffer.from('+/8=', 'base64')),
    )
  })

  it('defaults a missing mime to the sniffed image type, else text/plain', () => {
    expect(parseDataUrl(`data:;base64,${Buffer.from(PNG_HEAD).toString('base64')}`).mime).toBe('image/png')
    expect(parseDataUrl('data:,hi').mime).toBe('text/plain')
  })

  it.each([['https://x.test/a.png'], ['wxfile://tmp/a.png'], ['data:image/png;base64'], [''], [null], [42]])(
    'throws invalid_source for %p',
    (input) => {
      expect(() => parseDataUrl(input as string)).toThrow(expect.objectContaining({ code: 'invalid_source' }))
    },
  )

  it('throws invalid_source for broken base64', () => {
    expect(() => parseDataUrl('data:image/png;base64,ab$c')).toThrow(
      expect.objectContaining({ code: 'invalid_source' }),
    )
  })
})

describe('isDataUrl', () => {
  it('tells data URLs from other sources', () => {
    expect(isDataUrl('data:image/png;base64,AA==')).toBe(true)
    expect(isDataUrl('  Data:,x')).toBe(true)
    expect(isDataUrl('http://tmp/data:x')).toBe(false)
    expect(isDataUrl(undefined)).toBe(false)
  })
})
