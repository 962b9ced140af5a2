import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { CodeClient } from '@minicode/core'
import { localBackend, localCodeUrl } from '../local-backend'

/** What a phone's scanner reads from the PNG (an independent decoder). */
function scan(bytes: Uint8Array): { text: string; side: number } {
  const png = PNG.sync.read(Buffer.from(bytes))
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!found) throw new Error('no QR code found in the image')
  return { text: found.data, side: png.width }
}

test('unlimited: <prefix>?scene=<encoded scene>&page=<page>, decodable back', async () => {
  const backend = localBackend({ urlPrefix: 'https://example.com/mp' })
  const image = await backend.fetchCode({ scene: 'id=42&from=poster', page: 'pages/item/item' }, {})
  expect(image.mime).toBe('image/png')
  expect(scan(image.bytes).text).toBe(
    'https://example.com/mp?scene=id%3D42%26from%3Dposter&page=pages/item/item',
  )
})

test('the URL mapping: no page, a prefix with a query, a leading slash, limited and qrcode paths', () => {
  expect(localCodeUrl('https://a.cn/mp', { scene: 'x' })).toBe('https://a.cn/mp?scene=x')
  expect(localCodeUrl('https://a.cn/mp?from=qr', { scene: 'a b' })).toBe(
    'https://a.cn/mp?from=qr&scene=a%20b',
  )
  expect(localCodeUrl('https://a.cn/mp?', { scene: 'x', page: '/pages/a/a' })).toBe(
    'https://a.cn/mp?scene=x&page=pages/a/a',
  )
  expect(localCodeUrl('https://a.cn/mp/', { kind: 'limited', path: '/pages/a/a?id=1&x=2' })).toBe(
    'https://a.cn/mp/pages/a/a?id=1&x=2',
  )
  expect(localCodeUrl('https://a.cn/mp', { kind: 'qrcode', path: 'pages/a/a' })).toBe(
    'https://a.cn/mp/pages/a/a',
  )
})

test('width sets the image side (whole modules, never larger); ecc is passed on', async () => {
  const request = { kind: 'limited' as const, path: 'pages/item/item?id=42' }
  const small = await localBackend({ urlPrefix: 'https://example.com/mp' }).fetchCode(
    { ...request, width: 280 },
    {},
  )
  const big = await localBackend({ urlPrefix: 'https://example.com/mp', ecc: 'H' }).fetchCode(
    { ...request, width: 1000 },
    {},
  )
  const s = scan(small.bytes)
  const b = scan(big.bytes)
  expect(s.text).toBe('https://example.com/mp/pages/item/item?id=42')
  expect(b.text).toBe(s.text)
  expect(s.side).toBeLessThanOrEqual(280)
  expect(s.side).toBeGreaterThan(200)
  expect(b.side).toBeLessThanOrEqual(1000)
  expect(b.side).toBeGreaterThan(800)
  // The error-correction level changes the symbol: same text and width, different bytes.
  const low = await localBackend({ urlPrefix: 'https://example.com/mp', ecc: 'L' }).fetchCode(
    { ...request, width: 1000 },
    {},
  )
  expect(Buffer.from(low.bytes).equals(Buffer.from(big.bytes))).toBe(false)
})

test('a custom toUrl (CJK and emoji survive the round trip)', async () => {
  const backend = localBackend({
    urlPrefix: 'https://example.com',
    toUrl: (r) => `商品 ${r.scene} 🎁`,
    name: 'cjk',
  })
  expect(backend.name).toBe('cjk')
  expect(scan((await backend.fetchCode({ scene: 'id=1' }, {})).bytes).text).toBe('商品 id=1 🎁')
})

test('a bad urlPrefix is invalid_request at creation', () => {
  for (const urlPrefix of ['', 'example.com/mp', 'ftp://x', undefined as unknown as string]) {
    expect(() => localBackend({ urlPrefix })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'urlPrefix' }),
    )
  }
})

test('through the client: cached by prefix, invalid requests never encoded', async () => {
  const client = new CodeClient()
  const backend = localBackend({ urlPrefix: 'https://example.com/mp' })
  const spy = jest.spyOn(backend, 'fetchCode')
  const one = await client.fetch(backend, { scene: 'id=1' })
  const again = await client.fetch(localBackend({ urlPrefix: 'https://example.com/mp' }), { scene: 'id=1' })
  expect(again).toBe(one)
  await expect(client.fetch(backend, { scene: '商品' })).rejects.toMatchObject({ code: 'invalid_request' })
  expect(spy).toHaveBeenCalledTimes(1)
  expect(localBackend({ urlPrefix: 'https://other.com' }).name).not.toBe(backend.name)
})

test('long-scene data needs a server to keep it: localBackend refuses it by field', async () => {
  const backend = localBackend({ urlPrefix: 'https://example.com/mp' })
  await expect(backend.fetchCode({ data: { sku: 'A-1' } }, {})).rejects.toMatchObject({
    code: 'invalid_request',
    field: 'data',
  })
})
