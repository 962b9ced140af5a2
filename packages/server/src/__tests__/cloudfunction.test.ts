import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createQrDataUrl, parseDataUrl, validateCodeRequest } from '@minicode/core'

const require_ = createRequire(__filename)
const logic = require_(join(__dirname, '../../cloudfunction/getMiniCode/logic.js')) as {
  createGetMiniCode(
    cloud: unknown,
    options?: { kinds?: string[] },
  ): (event: unknown) => Promise<Record<string, unknown>>
  kindsFromEnv(env: Record<string, string | undefined>): string[]
  validate(event: unknown): {
    ok?: Record<string, unknown>
    error?: { errcode: number; errmsg: string; field: string }
  }
}

const png = () => Buffer.from(parseDataUrl(createQrDataUrl('https://example.com/x')).bytes)

function fakeCloud(answer: (name: string, params: Record<string, unknown>) => unknown) {
  const calls: { name: string; params: Record<string, unknown> }[] = []
  const api = (name: string) => async (params: Record<string, unknown>) => {
    calls.push({ name, params })
    return answer(name, params)
  }
  return {
    calls,
    cloud: {
      openapi: {
        wxacode: { getUnlimited: api('getUnlimited'), get: api('get'), createQRCode: api('createQRCode') },
      },
    },
  }
}

test('getUnlimited: passes the fields, answers { buffer, contentType } decided by the bytes', async () => {
  const { calls, cloud } = fakeCloud(() => ({
    errCode: 0,
    errMsg: 'openapi.wxacode.getUnlimited:ok',
    contentType: 'image/jpeg',
    buffer: png(),
  }))
  const main = logic.createGetMiniCode(cloud)
  const out = await main({
    scene: 'id=42',
    page: 'pages/product/index',
    width: 430,
    isHyaline: true,
    checkPath: false,
    userInfo: { openId: 'x' },
  })
  expect(out.contentType).toBe('image/png')
  expect(Buffer.isBuffer(out.buffer)).toBe(true)
  expect(calls).toEqual([
    {
      name: 'getUnlimited',
      params: { scene: 'id=42', page: 'pages/product/index', width: 430, isHyaline: true, checkPath: false },
    },
  ])
})

test('by default only unlimited codes: limited and qrcode are refused before any openapi call, naming the setting', async () => {
  const { calls, cloud } = fakeCloud(() => ({ buffer: png() }))
  const main = logic.createGetMiniCode(cloud)
  for (const kind of ['limited', 'qrcode']) {
    const out = await main({ kind, path: 'pages/a/index?id=1' })
    expect(out).toEqual({
      errcode: 48001,
      errmsg: expect.stringContaining(`MINICODE_KINDS=unlimited,${kind}`),
      field: 'kind',
    })
  }
  expect(calls).toHaveLength(0)
  expect(logic.kindsFromEnv({})).toEqual(['unlimited'])
  expect(logic.kindsFromEnv({ MINICODE_KINDS: 'unlimited, limited' })).toEqual(['unlimited', 'limited'])
  expect(() => logic.kindsFromEnv({ MINICODE_KINDS: 'unlimited,all' })).toThrow(/'all' is not a code kind/)
})

test('limited and qrcode kinds, when allowed, call get and createQRCode', async () => {
  const { calls, cloud } = fakeCloud(() => ({ buffer: png() }))
  const main = logic.createGetMiniCode(cloud, { kinds: ['unlimited', 'limited', 'qrcode'] })
  await main({ kind: 'limited', path: 'pages/a/index?id=1' })
  await main({ kind: 'qrcode', path: 'pages/a/index?id=1', width: 300 })
  expect(calls.map((c) => c.name)).toEqual(['get', 'createQRCode'])
  expect(calls[1]!.params).toEqual({ path: 'pages/a/index?id=1', width: 300 })
})

test('invalid input is refused before any openapi call', async () => {
  const { calls, cloud } = fakeCloud(() => ({ buffer: png() }))
  const main = logic.createGetMiniCode(cloud)
  for (const bad of [
    null,
    {},
    { scene: '商品' },
    { scene: 'a%20b' },
    { scene: 'x'.repeat(33) },
    { scene: 'a', page: 'pages/x?y=1' },
    { scene: 'a', width: 100 },
    { scene: 'a', lineColor: { r: 300, g: 0, b: 0 } },
    { kind: 'qrcode', path: 'p'.repeat(129) },
  ]) {
    const out = await main(bad)
    expect(out).toEqual(
      expect.objectContaining({
        errcode: expect.any(Number),
        errmsg: expect.stringContaining('invalid_request'),
      }),
    )
  }
  expect(calls).toHaveLength(0)
})

test('openapi errors come back as { errcode, errmsg }', async () => {
  const thrower = fakeCloud(() => {
    throw Object.assign(new Error('x'), { errCode: 45029, errMsg: 'openapi.wxacode.get:fail reach max' })
  })
  expect(
    await logic.createGetMiniCode(thrower.cloud, { kinds: ['limited'] })({
      kind: 'limited',
      path: 'pages/a',
    }),
  ).toEqual({ errcode: 45029, errmsg: 'openapi.wxacode.get:fail reach max' })
  const jsonBody = fakeCloud(() => ({ buffer: Buffer.from('{"errcode":41030,"errmsg":"invalid page"}') }))
  expect(await logic.createGetMiniCode(jsonBody.cloud)({ scene: 'a' })).toEqual({
    errcode: 41030,
    errmsg: 'invalid page',
  })
  const garbage = fakeCloud(() => ({ buffer: Buffer.from('<html>') }))
  expect(await logic.createGetMiniCode(garbage.cloud)({ scene: 'a' })).toEqual(
    expect.objectContaining({ errmsg: expect.stringContaining('not_an_image') }),
  )
})

test("the copied validator agrees with core's validateCodeRequest (verdict and normalised request)", () => {
  const scenes: unknown[] = [
    'a',
    'id=42',
    'x'.repeat(32),
    'x'.repeat(33),
    '',
    '商品',
    'a b',
    'a%b',
    "!#$&'()*+,/:;=?@-._~",
    'a\n',
    42,
    null,
    4.5,
  ]
  const pages: unknown[] = [
    undefined,
    'pages/index/index',
    '/pages/index',
    'pages/a?x=1',
    ' pages/b ',
    '/',
    'pages/a b',
    7,
  ]
  const extras: Record<string, unknown>[] = [
    {},
    { width: 280 },
    { width: 1281 },
    { width: 430.5 },
    { checkPath: false },
    { checkPath: 'false' },
    { envVersion: 'trial' },
    { envVersion: 'prod' },
    { lineColor: { r: 1, g: 2, b: 3 } },
    { lineColor: { r: 1, g: 2, b: 256 } },
    { lineColor: { r: 1, g: 2, b: 3, a: 1 } },
    { isHyaline: true },
    { autoColor: 1 },
    { kind: 'limited' },
    { kind: 'qrcode', path: 'pages/a?x=1' },
    { kind: 'limited', path: ' p?x ' },
    { kind: 'qrcode', path: '码'.repeat(43) },
    { kind: 'qrcode', path: '码'.repeat(42) },
    { kind: 'nope' },
    { check_path: true },
    { path: 'x' },
    { width: null },
    // Long scenes: data instead of scene (null scenes above make these valid).
    { data: { sku: 'A-1' } },
    { data: {} },
    { data: [1] },
    { data: 'sku=A-1' },
    { data: null },
    { kind: 'limited', path: 'p', data: { a: 1 } },
  ]
  let compared = 0
  for (const scene of scenes)
    for (const page of pages)
      for (const extra of extras) {
        const req: Record<string, unknown> = { scene, ...extra }
        if (page !== undefined) req.page = page
        if (extra.kind === 'limited' || extra.kind === 'qrcode') {
          delete req.scene
          delete req.page
        }
        let core: unknown = 'invalid'
        try {
          core = validateCodeRequest(req)
        } catch {
          // stays 'invalid'
        }
        const copy = logic.validate(req)
        expect({ req, result: copy.error ? 'invalid' : copy.ok }).toEqual({ req, result: core })
        compared++
      }
  expect(compared).toBe(scenes.length * pages.length * extras.length)
})
