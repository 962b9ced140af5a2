import Taro from '@tarojs/taro'
import { bytesToBase64, saveToAlbum, sniffImage } from '@minicode/core'
import { createH5Platform } from '../h5-platform'
import { createTaroPlatform } from '../create-taro-platform'

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
])
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 0xff, 0xd9])

interface Download {
  href: string
  name: string
  blob?: Blob
}
let downloads: Download[]
const blobs = new Map<string, Blob>()
const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, fetch: globalThis.fetch }

beforeEach(() => {
  downloads = []
  blobs.clear()
  let n = 0
  URL.createObjectURL = jest.fn((blob: Blob) => {
    const url = `blob:http://localhost/${++n}`
    blobs.set(url, blob)
    return url
  })
  URL.revokeObjectURL = jest.fn()
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({
      href: this.getAttribute('href')!,
      name: this.download,
      blob: blobs.get(this.getAttribute('href')!),
    })
  })
})

afterEach(() => {
  URL.createObjectURL = original.create
  URL.revokeObjectURL = original.revoke
  globalThis.fetch = original.fetch
  jest.restoreAllMocks()
})

function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = reject
    reader.readAsArrayBuffer(blob)
  })
}

function mockFetch(respond: (url: string) => { status: number; bytes: Uint8Array; type?: string } | Error) {
  globalThis.fetch = jest.fn(async (input: unknown) => {
    const answer = respond(String(input))
    if (answer instanceof Error) throw answer
    return {
      status: answer.status,
      ok: answer.status < 300,
      blob: async () => new Blob([answer.bytes as unknown as BlobPart], { type: answer.type ?? '' }),
    }
  }) as unknown as typeof fetch
}

test('createTaroPlatform("h5") never calls Taro\'s stubs', async () => {
  const stubs = [
    'getSetting',
    'authorize',
    'openSetting',
    'saveImageToPhotosAlbum',
    'getFileSystemManager',
    'downloadFile',
  ].map((name) => jest.spyOn(Taro as unknown as Record<string, () => unknown>, name))
  const platform = createTaroPlatform('h5')
  expect(platform.name).toBe('h5')
  await saveToAlbum(`data:image/png;base64,${bytesToBase64(PNG)}`, { platform })
  for (const stub of stubs) expect(stub).not.toHaveBeenCalled()
})

test.each([
  ['data URL', `data:image/png;base64,${bytesToBase64(PNG)}`, PNG, /\.png$/],
  ['raw base64 JPEG', bytesToBase64(JPEG), JPEG, /\.jpg$/],
  ['Uint8Array', PNG, PNG, /\.png$/],
])('%s becomes a Blob and an <a download> click with the same bytes', async (_name, source, bytes, ext) => {
  const platform = createH5Platform()
  await saveToAlbum(source, { platform, fileName: 'poster' })
  expect(downloads).toHaveLength(1)
  expect(downloads[0].name).toMatch(/^poster-\w+/)
  expect(downloads[0].name).toMatch(ext)
  expect(await bytesOf(downloads[0].blob!)).toEqual(bytes)
  expect(sniffImage(await bytesOf(downloads[0].blob!))).not.toBeNull()
  // The anchor is gone again; the blob URL is revoked later, not under the starting download.
  expect(document.querySelectorAll('a').length).toBe(0)
  expect(URL.revokeObjectURL).not.toHaveBeenCalled()
})

test('a URL is fetched to a Blob first, named from its path', async () => {
  mockFetch(() => ({ status: 200, bytes: JPEG, type: 'image/jpeg' }))
  await saveToAlbum('https://cdn.example.com/codes/item-42', { platform: createH5Platform() })
  expect(globalThis.fetch).toHaveBeenCalledWith('https://cdn.example.com/codes/item-42', expect.anything())
  expect(downloads[0].name).toBe('item-42.jpg')
  expect(await bytesOf(downloads[0].blob!)).toEqual(JPEG)
})

test('CORS failure is download_failed; HTTP 404 is download_failed with the status; nothing downloads', async () => {
  mockFetch((url) =>
    url.includes('cors')
      ? new TypeError('Failed to fetch')
      : { status: 404, bytes: new Uint8Array([60, 104]) },
  )
  await expect(
    saveToAlbum('https://other.example.com/cors.png', { platform: createH5Platform() }),
  ).rejects.toMatchObject({ code: 'download_failed' })
  await expect(
    saveToAlbum('https://cdn.example.com/missing.png', { platform: createH5Platform() }),
  ).rejects.toMatchObject({
    code: 'download_failed',
    status: 404,
  })
  expect(downloads).toEqual([])
})

test.each([
  ['a mini-program path', 'wxfile://tmp_abc.png'],
  ['a cloud fileID', 'cloud://env/a.png'],
])('%s is unsupported, said honestly', async (_name, source) => {
  await expect(saveToAlbum(source, { platform: createH5Platform() })).rejects.toMatchObject({
    code: 'unsupported',
  })
  expect(downloads).toEqual([])
})

test('a blob: URL of the page downloads as it is', async () => {
  await saveToAlbum('blob:http://localhost/abc', { platform: createH5Platform() })
  expect(downloads[0].href).toBe('blob:http://localhost/abc')
})

describe('what a save on H5 becomes', () => {
  const WECHAT_IOS =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 14_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/7.0.18(0x17001231) NetType/4G Language/zh_CN'
  const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`

  test('in WeChat: no download starts; a blob URL of the same bytes is the preview', async () => {
    jest.spyOn(navigator, 'userAgent', 'get').mockReturnValue(WECHAT_IOS)
    const result = await saveToAlbum(dataUrl, { platform: createH5Platform() })
    expect(result.outcome).toBe('preview')
    expect(downloads).toEqual([])
    expect(await bytesOf(blobs.get(result.previewUrl!)!)).toEqual(PNG)
  })

  test('the next preview revokes the one before', async () => {
    jest.spyOn(navigator, 'userAgent', 'get').mockReturnValue(WECHAT_IOS)
    const platform = createH5Platform()
    const first = await saveToAlbum(dataUrl, { platform })
    expect(URL.revokeObjectURL).not.toHaveBeenCalledWith(first.previewUrl)
    await saveToAlbum(dataUrl, { platform })
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(first.previewUrl)
  })

  test('on a desktop (jsdom): downloaded, and the option can ask for a preview', async () => {
    const platform = createH5Platform()
    expect(await saveToAlbum(dataUrl, { platform })).toMatchObject({ outcome: 'downloaded' })
    expect(downloads).toHaveLength(1)
    expect(await saveToAlbum(dataUrl, { platform, outcome: 'preview' })).toMatchObject({ outcome: 'preview' })
    expect(downloads).toHaveLength(1)
  })
})
