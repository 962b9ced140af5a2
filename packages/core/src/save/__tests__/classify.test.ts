import { base64ToBytes, bytesToBase64 } from '../../encoding/base64'
import { classifyAlbumError } from '../classify-album-error'
import { classifySource } from '../classify-source'
import type { AlbumStage } from '../album-port'

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1])
const WEBP = new Uint8Array([82, 73, 70, 70, 36, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 32, 24, 0, 0, 0])
// 'BM', then filler bytes.
const BMP = new Uint8Array(40).map((_, i) => i)
BMP.set([0x42, 0x4d])

describe('classifyAlbumError: every wording a device sends', () => {
  const table: Array<[string, unknown, AlbumStage, string]> = [
    ['DevTools deny', { errMsg: 'saveImageToPhotosAlbum:fail auth deny' }, 'save', 'auth_denied'],
    ['Android deny', { errMsg: 'saveImageToPhotosAlbum:fail:auth denied' }, 'save', 'auth_denied'],
    ['Android deny (space)', { errMsg: 'authorize:fail auth denied' }, 'authorize', 'auth_denied'],
    [
      'iOS no response',
      { errMsg: 'saveImageToPhotosAlbum:fail authorize no response' },
      'save',
      'auth_denied',
    ],
    ['WeCom', { errMsg: 'saveImageToPhotosAlbum:fail:system permission denied' }, 'save', 'auth_denied'],
    [
      'Douyin deny',
      { errMsg: 'saveImageToPhotosAlbum:fail auth deny', errorCode: 112090 },
      'save',
      'auth_denied',
    ],
    [
      'Douyin system deny',
      { errMsg: 'saveImageToPhotosAlbum:fail system auth deny', errorCode: 112089 },
      'save',
      'auth_denied',
    ],
    ['Alipay refused', { error: 2001, errorMessage: '用户不允许授权' }, 'save', 'auth_denied'],
    ['Alipay refused before', { error: 2002, errorMessage: 'x' }, 'save', 'auth_denied'],
    ['Alipay never ask again', { error: 2003 }, 'save', 'auth_denied'],
    ['Alipay album off', { error: 15, errorMessage: '没有开启相册权限' }, 'save', 'auth_denied'],
    ['cancel', { errMsg: 'saveImageToPhotosAlbum:fail cancel' }, 'save', 'cancelled'],
    ['cancel (colon)', { errMsg: 'authorize:fail:cancel' }, 'authorize', 'cancelled'],
    ['Alipay cancel', { error: 11, errorMessage: '用户取消操作' }, 'save', 'cancelled'],
    [
      'errno 112',
      {
        errMsg: 'saveImageToPhotosAlbum:fail api scope is not declared in the privacy agreement',
        errno: 112,
      },
      'save',
      'privacy_not_declared',
    ],
    ['112 without text', { errMsg: 'authorize:fail', errno: 112 }, 'authorize', 'privacy_not_declared'],
    [
      'Douyin 10202',
      {
        errMsg: 'saveImageToPhotosAlbum:fail api scope is not declared in the privacy agreement',
        errNo: 10202,
      },
      'save',
      'privacy_not_declared',
    ],
    [
      'errno 104',
      { errMsg: 'saveImageToPhotosAlbum:fail privacy permission is not authorized', errno: 104 },
      'save',
      'privacy_refused',
    ],
    [
      'Douyin 10201',
      { errMsg: 'x:fail privacy permission is not authorized', errNo: 10201 },
      'save',
      'privacy_refused',
    ],
    [
      '1300202',
      { errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded', errno: 1300202 },
      'write',
      'storage_full',
    ],
    [
      'storage wording only',
      { errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded' },
      'write',
      'storage_full',
    ],
    ['Douyin 21103', { errMsg: 'writeFile:fail', errNo: 21103 }, 'write', 'storage_full'],
    ['Douyin 21104', { errMsg: 'writeFile:fail', errNo: 21104 }, 'write', 'storage_full'],
    [
      'album full on save',
      { errMsg: 'saveImageToPhotosAlbum:fail no space left on device' },
      'save',
      'storage_full',
    ],
    [
      'write permission (a path, not the album)',
      { errMsg: 'writeFile:fail permission denied, open "/x"' },
      'write',
      'write_failed',
    ],
    [
      'download domain',
      { errMsg: 'downloadFile:fail url not in domain list' },
      'download',
      'download_failed',
    ],
    ['download timeout', { errMsg: 'downloadFile:fail timeout' }, 'download', 'download_failed'],
    ['cloud', { errMsg: 'cloud.getTempFileURL:fail', errCode: -503003 }, 'cloud', 'download_failed'],
    ['h5 unsupported', { errMsg: 'saveImageToPhotosAlbum:fail not supported on h5' }, 'save', 'unsupported'],
    ['unknown', { errMsg: 'saveImageToPhotosAlbum:fail invalid file type' }, 'save', 'save_failed'],
    ['a string', 'saveImageToPhotosAlbum:fail auth deny', 'save', 'auth_denied'],
    ['an Error', new Error('boom'), 'save', 'save_failed'],
    ['undefined', undefined, 'save', 'save_failed'],
  ]
  test.each(table)('%s', (_name, raw, stage, code) => {
    const error = classifyAlbumError(raw, stage)
    expect(error.code).toBe(code)
    expect(error.cause).toBe(raw)
  })

  test('the privacy message tells the developer what to declare', () => {
    const e = classifyAlbumError({
      errMsg: 'authorize:fail api scope is not declared in the privacy agreement',
      errno: 112,
    })
    expect(e.message).toMatch(/scope\.writePhotosAlbum/)
    expect(e.message).toMatch(/用户隐私保护指引/)
    expect(e.errno).toBe(112)
  })

  test('save_failed keeps the raw errMsg in the message and as cause', () => {
    const raw = { errMsg: 'saveImageToPhotosAlbum:fail internal error 7' }
    const e = classifyAlbumError(raw)
    expect(e.message).toContain('internal error 7')
    expect(e.cause).toBe(raw)
  })
})

describe('classifySource', () => {
  const b64 = bytesToBase64(PNG)
  test.each([
    ['https URL', 'https://a.example.com/x.png', 'url'],
    ['http URL', 'http://a.example.com:8080/x?y=1', 'url'],
    ['WeChat DevTools temp', 'http://tmp/wx123.o6zAJs.png', 'local'],
    ['WeChat DevTools usr', 'http://usr/poster.png', 'local'],
    ['phone temp', 'wxfile://tmp_a1b2.jpg', 'local'],
    ['Douyin', 'ttfile://temp/abc.png', 'local'],
    ['Alipay temp', 'https://resource/apml953f1ec0bd.image', 'local'],
    ['under userDataPath', 'custom://root/sub/x.png', 'local'],
    ['absolute temp path', '/tmp/x.png', 'local'],
    ['blob URL', 'blob:http://localhost/1234-5678', 'local'],
    ['cloud fileID', 'cloud://env-1.7072/a/b.png', 'cloud'],
    ['data URL', `data:image/png;base64,${b64}`, 'data'],
    ['data URL with CRLF', `data:image/png;base64,${b64.slice(0, 10)}\r\n${b64.slice(10)}`, 'data'],
    ['data URL with params', `data:image/png;charset=utf-8;base64,${b64}`, 'data'],
    ['data URL of webp', `data:image/webp;base64,${bytesToBase64(WEBP)}`, 'data'],
    ['declared heic', `data:image/heic;base64,${bytesToBase64(new Uint8Array(30).fill(7))}`, 'data'],
    ['raw base64', b64, 'data'],
    [
      'url-safe base64 without padding',
      b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      'data',
    ],
    ['bmp bytes', BMP, 'data'],
  ])('%s -> %s', (_name, source, kind) => {
    expect(classifySource(source, 'custom://root').kind).toBe(kind)
  })

  test('base64 sources come out as clean base64 of the same bytes, with the sniffed extension', () => {
    const out = classifySource(`data:image/jpeg;base64,${b64.slice(0, 8)}\r\n  ${b64.slice(8)}`)
    // The declared type lies (jpeg): the bytes are PNG.
    expect(out).toEqual({ kind: 'data', data: b64, mime: 'image/png', ext: 'png' })
    expect(classifySource(`data:image/webp;base64,${bytesToBase64(WEBP)}`)).toMatchObject({ ext: 'webp' })
  })

  // `data` has one type, clean base64, whatever the source was: decoded here to compare the bytes.
  const bytesOf = (source: unknown) => {
    const out = classifySource(source)
    if (out.kind !== 'data') throw new Error(`no data: ${JSON.stringify(out)}`)
    expect(out.data).toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
    expect(out.data.length % 4).toBe(0)
    return { ...out, data: base64ToBytes(out.data) }
  }

  test('bytes sources come out as the base64 of exactly those bytes (a copy)', () => {
    expect(bytesOf(PNG.buffer)).toEqual({ kind: 'data', data: PNG, mime: 'image/png', ext: 'png' })
    expect(bytesOf(PNG)).toEqual({ kind: 'data', data: PNG, mime: 'image/png', ext: 'png' })
    // A view into a bigger buffer: only its own bytes.
    const big = new Uint8Array(PNG.length + 7).fill(0xee)
    big.set(PNG, 3)
    expect(bytesOf(big.subarray(3, 3 + PNG.length)).data).toEqual(PNG)
    expect(bytesOf(new DataView(big.buffer, 3, PNG.length)).data).toEqual(PNG)
    // A copy: changing the caller's bytes afterwards changes nothing.
    const mine = PNG.slice()
    const out = bytesOf(mine)
    mine[20] = 99
    expect(out.data).toEqual(PNG)
  })

  test('a percent-encoded data URL comes out as its bytes', () => {
    const url = `data:image/bmp,${Array.from(BMP, (b) => '%' + b.toString(16).padStart(2, '0')).join('')}`
    expect(bytesOf(url)).toEqual({ kind: 'data', data: BMP, mime: 'image/bmp', ext: 'bmp' })
    // Unknown bytes with a declared image type (not svg) are believed.
    expect(bytesOf('data:image/heic,abc%00')).toEqual({
      kind: 'data',
      data: new Uint8Array([97, 98, 99, 0]),
      mime: 'image/heic',
      ext: 'heic',
    })
  })

  // Every bit of each signature is checked, from base64 text and from bytes alike.
  test.each([
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['jpeg', [0xff, 0xd8, 0xff]],
    ['gif', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]],
    ['gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
    ['webp', [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]],
    ['bmp', [0x42, 0x4d]],
  ])('%s signature %#: exact, and one flipped bit is no image', (type, signature) => {
    const bytes = new Uint8Array([...signature, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(classifySource(bytes)).toMatchObject({ mime: `image/${type}` })
    expect(classifySource(bytesToBase64(bytes))).toMatchObject({ mime: `image/${type}` })
    for (let i = 0; i < signature.length; i++) {
      if (type === 'webp' && i >= 4 && i < 8) continue // the RIFF size: any
      for (let bit = 0; bit < 8; bit++) {
        const flipped = bytes.slice()
        flipped[i] ^= 1 << bit
        const changed = (source: unknown) => {
          try {
            return (classifySource(source) as { mime: string }).mime
          } catch {
            return 'none'
          }
        }
        expect(changed(flipped)).not.toBe(`image/${type}`)
        expect(changed(`data:image/x;base64,${bytesToBase64(flipped)}`)).not.toBe(`image/${type}`)
      }
    }
    // Cut short, a signature is no match either.
    expect(() => classifySource(bytes.subarray(0, signature.length - 1))).toThrow(
      expect.objectContaining({ code: 'invalid_source' }),
    )
  })

  test.each([
    ['empty', ''],
    ['spaces', '   '],
    ['relative name', 'poster.png'],
    ['ftp', 'ftp://x/y.png'],
    ['text data URL', 'data:text/plain;base64,aGVsbG8gd29ybGQ='],
    ['svg data URL', 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E'],
    ['base64 of text', bytesToBase64(new TextEncoder().encode('just some text, no image at all'))],
    ['broken base64', 'iVBORw0KGgo!!!!AAAANSUhEUg'],
    ['bytes of no image', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])],
    ['empty bytes', new Uint8Array(0)],
    ['number', 42],
    ['null', null],
    ['object', { url: 'https://x' }],
  ])('%s is invalid_source', (_name, source) => {
    expect(() => classifySource(source)).toThrow(expect.objectContaining({ code: 'invalid_source' }))
  })
})

test('JPEG base64 ("/9j/…") is base64, not an absolute path; a real path still is a path', () => {
  const jpeg = bytesToBase64(
    new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9]),
  )
  expect(jpeg.startsWith('/9j/')).toBe(true)
  expect(classifySource(jpeg)).toMatchObject({ kind: 'data', ext: 'jpg' })
  expect(classifySource('/storage/emulated/0/poster')).toEqual({
    kind: 'local',
    filePath: '/storage/emulated/0/poster',
  })
  expect(classifySource('/usr/codes/a.png')).toEqual({ kind: 'local', filePath: '/usr/codes/a.png' })
})
