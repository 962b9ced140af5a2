import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Taro from '@tarojs/taro'
import { createQrPng, type CodeImage } from '@minicode/core'
import { cloudBackend, type CloudLike } from '../cloud-backend'
import { failure } from '../../__tests__/fixtures/failure'

// WeChat cloud cannot run here: a fake Taro.cloud returns each shape real functions return.
// fileIDs resolve to a real loopback server, downloaded with Taro's real H5 request.
const PNG = createQrPng('cloud', { size: 60 })
const JPEG = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
])
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const request = { scene: 'id=7', page: 'pages/item/item' }

let server: http.Server
let base: string
beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.url === '/codes/a.png') {
      res.writeHead(200, { 'content-type': 'image/png' })
      return void res.end(Buffer.from(PNG))
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('no such file')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

interface FakeCloud extends CloudLike {
  calls: { name: string; data?: Record<string, unknown> }[]
}

/** Like wx.cloud: callFunction resolves `{ result, errMsg, requestID }`. */
function fakeCloud(result: unknown, files: Record<string, string | null> = {}): FakeCloud {
  const calls: FakeCloud['calls'] = []
  return {
    calls,
    callFunction: async (options) => {
      calls.push(options)
      return { result, errMsg: 'cloud.callFunction:ok', requestID: 'r1' }
    },
    getTempFileURL: async ({ fileList }) => ({
      fileList: fileList.map((fileID) =>
        files[fileID]
          ? { fileID, tempFileURL: `${base}${files[fileID]}`, status: 0, errMsg: 'ok' }
          : { fileID, tempFileURL: '', status: -503003, errMsg: 'file not exist' },
      ),
    }),
  }
}

const withCloud = async (cloud: unknown, run: () => Promise<unknown>) => {
  const taro = Taro as unknown as { cloud?: unknown }
  const saved = taro.cloud
  taro.cloud = cloud
  try {
    return await run()
  } finally {
    taro.cloud = saved
  }
}

async function fetchWith(result: unknown, files?: Record<string, string | null>): Promise<CodeImage> {
  const cloud = fakeCloud(result, files)
  return (await withCloud(cloud, () => cloudBackend().fetchCode(request, {}))) as CodeImage
}

test('calls Taro.cloud.callFunction with the name and { ...data, request }', async () => {
  const cloud = fakeCloud({ buffer: PNG.buffer, contentType: 'image/png' })
  await withCloud(cloud, () =>
    cloudBackend({ name: 'makeCode', data: { tenant: 't1' } }).fetchCode(request, {}),
  )
  expect(cloud.calls).toEqual([{ name: 'makeCode', data: { tenant: 't1', request } }])
  const byDefault = fakeCloud(b64(PNG))
  await withCloud(byDefault, () => cloudBackend().fetchCode(request, {}))
  expect(byDefault.calls[0].name).toBe('getMiniCode')
})

const arrayBufferOf = (bytes: Uint8Array) => bytes.slice().buffer
const shapes: [string, () => unknown, 'image/png' | 'image/jpeg'][] = [
  [
    '{ buffer: ArrayBuffer, contentType }',
    () => ({ buffer: arrayBufferOf(PNG), contentType: 'image/png' }),
    'image/png',
  ],
  ['{ buffer: Uint8Array }', () => ({ buffer: PNG }), 'image/png'],
  [
    '{ buffer: Uint8Array view at an offset }',
    () => ({ buffer: new Uint8Array([9, 9, ...PNG]).subarray(2) }),
    'image/png',
  ],
  [
    'cloud.openapi style { errCode: 0, contentType, buffer: serialised Buffer }',
    () => ({
      errCode: 0,
      errMsg: 'openapi.wxacode.getUnlimited:ok',
      contentType: 'image/jpeg',
      buffer: JSON.parse(JSON.stringify(Buffer.from(JPEG))),
    }),
    'image/jpeg',
  ],
  [
    'a serialised Buffer { type: "Buffer", data }',
    () => ({ type: 'Buffer', data: Array.from(PNG) }),
    'image/png',
  ],
  ['{ buffer: base64 }', () => ({ buffer: b64(PNG), contentType: 'image/jpeg' }), 'image/png'],
  ['a bare ArrayBuffer', () => arrayBufferOf(JPEG), 'image/jpeg'],
  ['a base64 string', () => b64(PNG), 'image/png'],
  [
    'a data URL with CRLF inside',
    () => `data:image/png;base64,${b64(PNG).replace(/(.{40})/g, '$1\r\n')}`,
    'image/png',
  ],
  ['{ dataUrl }', () => ({ dataUrl: `data:image/jpeg;base64,${b64(JPEG)}` }), 'image/jpeg'],
  ['{ base64 }', () => ({ base64: b64(JPEG) }), 'image/jpeg'],
]

test.each(shapes)('accepts %s', async (_name, make, mime) => {
  const image = await fetchWith(make())
  expect(image.mime).toBe(mime)
  expect(Array.from(image.bytes)).toEqual(Array.from(mime === 'image/png' ? PNG : JPEG))
})

test('a bare result that is not wrapped in { result } is accepted too', async () => {
  const cloud: CloudLike = { callFunction: async () => ({ buffer: PNG }) }
  const image = await cloudBackend({ cloud }).fetchCode(request, {})
  expect(image.mime).toBe('image/png')
})

test('a cloud fileID is resolved through getTempFileURL and downloaded (string and { fileID })', async () => {
  const files = { 'cloud://env-1.bucket/codes/a.png': '/codes/a.png' }
  for (const result of ['cloud://env-1.bucket/codes/a.png', { fileID: 'cloud://env-1.bucket/codes/a.png' }]) {
    const image = await fetchWith(result, files)
    expect(image.mime).toBe('image/png')
    expect(Array.from(image.bytes)).toEqual(Array.from(PNG))
  }
})

test("a fileID that does not resolve or download is 'download_failed'", async () => {
  const missing = await failure(fetchWith('cloud://env-1.bucket/gone.png'))
  expect(missing.code).toBe('download_failed')
  expect(missing.message).toContain('file not exist')
  const notFound = await failure(
    fetchWith('cloud://env-1.bucket/x.png', { 'cloud://env-1.bucket/x.png': '/nope.png' }),
  )
  expect(notFound).toMatchObject({ code: 'download_failed', status: 404 })
})

test.each([
  ['errCode/errMsg', { errCode: 41030, errMsg: 'invalid page rid: 6f' }, 41030],
  ['errcode/errmsg', { errcode: 40129, errmsg: 'invalid scene' }, 40129],
  [
    'WeChat JSON in the buffer',
    { buffer: Buffer.from(JSON.stringify({ errcode: 45009, errmsg: 'reach max api daily quota limit' })) },
    45009,
  ],
])("%s is 'wechat_error' with errcode", async (_name, result, errcode) => {
  const error = await failure(fetchWith(result))
  expect(error.code).toBe('wechat_error')
  expect(error.errcode).toBe(errcode)
})

test("our server's { error: { code, message } } keeps its code", async () => {
  const error = await failure(
    fetchWith({ error: { code: 'quota_exhausted', message: 'No codes left this month.' } }),
  )
  expect(error.code).toBe('quota_exhausted')
  expect(error.message).toContain('No codes left')
})

test.each([
  ['nothing', null],
  ['an HTML string', '<html>oops</html>'],
  ['an object without an image', { ok: true }],
  ['base64 of text', b64(Buffer.from('hello world, no image here'))],
])("%s is 'not_an_image'", async (_name, result) => {
  expect((await failure(fetchWith(result))).code).toBe('not_an_image')
})

test("no Taro.cloud (or H5's stub class) is 'unsupported' and says to call Taro.cloud.init", async () => {
  // jsdom runs Taro's H5 build, whose Taro.cloud has no callFunction.
  const h5 = await failure(cloudBackend().fetchCode(request, {}))
  expect(h5.code).toBe('unsupported')
  expect(h5.message).toContain('Taro.cloud.init')
  const none = await failure(withCloud(undefined, () => cloudBackend().fetchCode(request, {})))
  expect(none.code).toBe('unsupported')
})

test('a failing callFunction is a MiniCodeError with the errCode; a timeout is timeout', async () => {
  const notDeployed: CloudLike = {
    callFunction: () =>
      Promise.reject({
        errCode: -501000,
        errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found',
      }),
  }
  const error = await failure(cloudBackend({ cloud: notDeployed }).fetchCode(request, {}))
  expect(error).toMatchObject({ code: 'network', errcode: -501000 })
  expect(error.message).toContain('deployed')
  const slow: CloudLike = {
    callFunction: () =>
      Promise.reject({
        errCode: -504003,
        errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds',
      }),
  }
  expect((await failure(cloudBackend({ cloud: slow }).fetchCode(request, {}))).code).toBe('timeout')
})

test('an abort stops waiting for the function', async () => {
  const never: CloudLike = { callFunction: () => new Promise(() => undefined) }
  const controller = new AbortController()
  const pending = cloudBackend({ cloud: never }).fetchCode(request, { signal: controller.signal })
  controller.abort()
  expect((await failure(pending)).code).toBe('cancelled')
})

test('the cache name carries the function name and data', () => {
  expect(cloudBackend().name).toBe(cloudBackend({ name: 'getMiniCode' }).name)
  expect(cloudBackend().name).not.toBe(cloudBackend({ name: 'other' }).name)
  expect(cloudBackend({ data: { a: 1 } }).name).not.toBe(cloudBackend({ data: { a: 2 } }).name)
})
