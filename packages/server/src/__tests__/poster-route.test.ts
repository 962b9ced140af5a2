/**
 * `POST /poster` (issue #16 item 2) over real sockets: a real image server on 127.0.0.1, the WeChat
 * simulator behind the code service, real DNS for 'localhost'.
 */
import type { ServerResponse } from 'node:http'
import { PNG } from 'pngjs'
import { createQrDataUrl, encodePng, toDataUrl, type PosterSpec } from '@minicode/core'
import { createCodeService } from '../code-service'
import { createHandler, type HandlerOptions } from '../http/handler'
import { toNodeListener } from '../http/node-adapter'
import { addressRefusal } from '../poster/image-policy'
import { createWeChatClient } from '../wechat-client'
import { listen } from './listen'
import { startTestSim, type TestSim } from './test-sim'

const RED = encodePng({
  width: 8,
  height: 8,
  data: new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 1 || i % 4 === 2 ? 0 : 255)),
})

let sim: TestSim
let images: Awaited<ReturnType<typeof listen>>
let hits: Record<string, number> = {}
let imageHost = ''
const timers: Array<ReturnType<typeof setTimeout>> = []
beforeAll(async () => {
  sim = await startTestSim()
  images = await listen((req, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]
    hits[path] = (hits[path] ?? 0) + 1
    const port = new URL(images.url).port
    if (path === '/red.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(RED)
    if (path === '/big.png')
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(4096, 1))
    if (path === '/to-red') return void res.writeHead(302, { location: '/red.png' }).end()
    if (path === '/to-localhost')
      return void res.writeHead(302, { location: `http://localhost:${port}/red.png` }).end()
    if (path === '/to-elsewhere')
      return void res.writeHead(302, { location: 'http://example.invalid/red.png' }).end()
    if (path === '/slow.png') return void timers.push(setTimeout(() => res.writeHead(200).end(RED), 1500))
    res.writeHead(404).end()
  })
  imageHost = new URL(images.url).host
})
afterAll(async () => {
  timers.forEach(clearTimeout)
  await images.close()
  await sim.close()
})
beforeEach(() => {
  hits = {}
})

async function serve(options: Partial<HandlerOptions> = {}) {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
  })
  const handler = createHandler({
    service: createCodeService({ client }),
    rateLimit: 'off',
    log: () => undefined,
    ...options,
    poster: { imageHosts: [imageHost, `localhost:${new URL(images.url).port}`], ...options.poster },
  })
  return listen(toNodeListener(handler))
}

function imageSpec(src: string, extra: Partial<PosterSpec> = {}): PosterSpec {
  return {
    width: 40,
    height: 30,
    elements: [{ type: 'image', x: 0, y: 0, width: 40, height: 30, src }],
    ...extra,
  }
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/poster`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; field?: string } }).error
}

test('a spec comes back as its image, with an ETag; the same spec is rendered once', async () => {
  const server = await serve()
  try {
    const spec = imageSpec(`${images.url}/red.png`)
    const first = await post(server.url, spec)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/png')
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[\w-]+"$/)
    const png = PNG.sync.read(Buffer.from(await first.arrayBuffer()))
    expect([png.width, png.height, ...png.data.slice(0, 4)]).toEqual([40, 30, 255, 0, 0, 255])
    // The same spec, keys in another order: from the cache (the image server is not asked again).
    const reordered = { elements: spec.elements, height: 30, width: 40 }
    const again = await post(server.url, reordered)
    expect(again.headers.get('etag')).toBe(etag)
    await again.arrayBuffer()
    expect(hits['/red.png']).toBe(1)
    const notModified = await post(server.url, spec, { 'if-none-match': etag! })
    expect(notModified.status).toBe(304)
    // JPEG is another rendering of the same spec.
    const jpeg = await fetch(`${server.url}/poster?format=jpeg&quality=0.8`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    })
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg')
    expect(jpeg.headers.get('etag')).not.toBe(etag)
  } finally {
    await server.close()
  }
})

test('concurrent asks for one spec share one render', async () => {
  const server = await serve()
  try {
    const spec = imageSpec(`${images.url}/slow.png`)
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(server.url, spec)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(answers.map((r) => r.headers.get('etag'))).size).toBe(1)
    expect(hits['/slow.png']).toBe(1)
  } finally {
    await server.close()
  }
})

test('codes through the code service and qr elements render in the same spec', async () => {
  const server = await serve()
  try {
    const spec: PosterSpec = {
      width: 300,
      height: 150,
      elements: [
        { type: 'code', x: 0, y: 0, size: 150, request: { scene: 'id=42', page: 'pages/index/index' } },
        {
          type: 'qr',
          x: 150,
          y: 0,
          size: 150,
          text: 'https://example.com/p/42',
          logo: { src: createQrDataUrl('x') },
        },
      ],
    }
    const before = (await sim.counts()).code
    const answer = await post(server.url, spec)
    expect(answer.status).toBe(200)
    expect((await sim.counts()).code).toBe(before + 1)
  } finally {
    await server.close()
  }
})

test.each([
  [
    'a host not on the list',
    'https://cdn.example.com/a.png',
    403,
    'forbidden',
    'not on MINICODE_IMAGE_HOSTS',
  ],
  [
    'a listed host name resolving to loopback',
    'localhost',
    403,
    'forbidden',
    'resolves to 127.0.0.1, loopback',
  ],
  ['a redirect to a loopback host name', '/to-localhost', 403, 'forbidden', 'loopback'],
  ['a redirect off the list', '/to-elsewhere', 403, 'forbidden', 'host example.invalid is not on'],
  ['a file: URL', 'file:///etc/passwd', 403, 'forbidden', 'local paths'],
  ['a local path', '/etc/passwd', 403, 'forbidden', 'local paths'],
  ['an image over the per-image cap', '/big.png', 413, 'payload_too_large', 'larger than 1000 bytes'],
])('%s is refused, naming why', async (_, where, status, code, reason) => {
  const server = await serve({ poster: { maxImageBytes: 1000 } })
  try {
    let src = where
    if (where === 'localhost') src = `http://localhost:${new URL(images.url).port}/red.png`
    else if (where.startsWith('/to-') || where === '/big.png') src = `${images.url}${where}`
    const answer = await post(server.url, imageSpec(src))
    expect(answer.status).toBe(status)
    const error = await errorOf(answer)
    expect(error).toMatchObject({ code, field: 'elements[0].src' })
    expect(error.message).toContain(reason)
  } finally {
    await server.close()
  }
})

test('a redirect within the list is followed', async () => {
  const server = await serve()
  try {
    expect((await post(server.url, imageSpec(`${images.url}/to-red`))).status).toBe(200)
    expect(hits['/red.png']).toBe(1)
  } finally {
    await server.close()
  }
})

test('the images of one spec are capped together, the body too; a bad spec names its field', async () => {
  const server = await serve({ poster: { maxSpecImageBytes: 2 * RED.length - 1, maxSpecBytes: 2000 } })
  try {
    const two: PosterSpec = {
      width: 40,
      height: 30,
      elements: [
        { type: 'image', x: 0, y: 0, width: 20, height: 30, src: `${images.url}/red.png?a` },
        { type: 'image', x: 20, y: 0, width: 20, height: 30, src: `${images.url}/red.png?b` },
      ],
    }
    const capped = await post(server.url, two)
    expect(capped.status).toBe(413)
    expect((await errorOf(capped)).message).toContain('in all')
    const huge = imageSpec(toDataUrl(new Uint8Array(3000), 'image/png'))
    expect((await post(server.url, huge)).status).toBe(413)
    const bad = await post(server.url, { width: 40, height: 30, elements: [{ type: 'text', x: 0 }] })
    expect(bad.status).toBe(400)
    expect(await errorOf(bad)).toMatchObject({ code: 'invalid_request', field: 'elements[0].y' })
  } finally {
    await server.close()
  }
})

test('the render time limit answers 504', async () => {
  const server = await serve({ poster: { timeoutMs: 300 } })
  try {
    const answer = await post(server.url, imageSpec(`${images.url}/slow.png?t`))
    expect(answer.status).toBe(504)
    expect((await errorOf(answer)).code).toBe('timeout')
  } finally {
    await server.close()
  }
})

test('the endpoint has /minicode auth and rate limit', async () => {
  const server = await serve({ apiKeys: ['k1'], rateLimit: '2/min' })
  try {
    const spec = imageSpec(toDataUrl(RED, 'image/png'))
    expect((await post(server.url, spec)).status).toBe(401)
    expect((await post(server.url, spec, { 'x-api-key': 'k1' })).status).toBe(200)
    expect((await post(server.url, spec, { 'x-api-key': 'k1' })).status).toBe(200)
    expect((await post(server.url, spec, { 'x-api-key': 'k1' })).status).toBe(429)
  } finally {
    await server.close()
  }
})

test('addresses that are not public are named, in IPv4, IPv6 and mapped forms', () => {
  const refused = [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '::127.0.0.1',
    'ff02::1',
  ]
  for (const address of refused) expect([address, addressRefusal(address)]).not.toEqual([address, null])
  for (const address of ['93.184.216.34', '172.32.0.1', '2606:2800:220:1::1', '::ffff:93.184.216.34']) {
    expect([address, addressRefusal(address)]).toEqual([address, null])
  }
  expect(addressRefusal('::ffff:127.0.0.1')).toContain('loopback')
  expect(addressRefusal('fe80::1%eth0')).toContain('link-local')
})

test('called as a fetch-style handler (no node:http), the body is read from the Request stream', async () => {
  const client = createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url })
  const handler = createHandler({
    service: createCodeService({ client }),
    rateLimit: 'off',
    poster: { maxSpecBytes: 3000 },
  })
  const ask = (body: string) =>
    handler(
      new Request('http://x/poster', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    )
  const ok = await ask(JSON.stringify(imageSpec(toDataUrl(RED, 'image/png'))))
  expect([ok.status, ok.headers.get('content-type')]).toEqual([200, 'image/png'])
  // The same body again comes from the cache, with the same ETag.
  const again = await ask(JSON.stringify(imageSpec(toDataUrl(RED, 'image/png'))))
  expect(again.headers.get('etag')).toBe(ok.headers.get('etag'))
  expect((await ask(JSON.stringify(imageSpec(toDataUrl(new Uint8Array(4000), 'image/png'))))).status).toBe(
    413,
  )
  const broken = await ask('{"width": 10,')
  expect([broken.status, (await errorOf(broken)).field]).toEqual([400, 'body'])
})
