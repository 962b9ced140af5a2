import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createQrPng } from '@minicode/core'
import { httpBackend } from '../http-backend'
import type { RequestTransport } from '../taro-request'
import { failure } from '../../__tests__/fixtures/failure'

// Taro's real H5 request (whatwg-fetch over jsdom's XHR) against a real server on loopback.
const PNG = createQrPng('https://example.com/mp?scene=id%3D42', { size: 120 })
const request = { scene: 'id=42', page: 'pages/item/index', width: 430 }

interface Seen {
  method?: string
  url?: string
  body: string
  headers: http.IncomingHttpHeaders
}
const seen: Seen[] = []
let closedEarly = 0
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // jsdom's XHR enforces CORS like a browser (the H5 demo's case): answer preflights.
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*')
    res.setHeader('Access-Control-Expose-Headers', 'content-type')
    if (req.method === 'OPTIONS') return void res.end()
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body, headers: req.headers })
      const path = (req.url ?? '').split('?')[0]
      if (path === '/png' || path === '/labelled-jpeg') {
        res.writeHead(200, { 'content-type': path === '/png' ? 'image/png' : 'image/jpeg' })
        return void res.end(Buffer.from(PNG))
      }
      if (path === '/server-error-json') {
        res.writeHead(400, { 'content-type': 'application/json' })
        return void res.end(
          JSON.stringify({
            error: { code: 'invalid_request', message: 'scene has bad characters', field: 'scene' },
          }),
        )
      }
      if (path === '/rate-limited') {
        res.writeHead(429, { 'content-type': 'application/json' })
        return void res.end(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }))
      }
      if (path === '/wechat-200') {
        // WeChat answers errors with HTTP 200 and JSON.
        res.writeHead(200, { 'content-type': 'image/jpeg' })
        return void res.end(JSON.stringify({ errcode: 41030, errmsg: 'invalid page rid: 1' }))
      }
      if (path === '/html-500') {
        res.writeHead(500, { 'content-type': 'text/html' })
        return void res.end('<html><body><h1>502 Bad Gateway</h1></body></html>')
      }
      if (path === '/html-200') {
        res.writeHead(200, { 'content-type': 'text/html' })
        return void res.end('<html>login required</html>')
      }
      if (path === '/slow') {
        const timer = setTimeout(() => {
          res.writeHead(200, { 'content-type': 'image/png' })
          res.end(Buffer.from(PNG))
        }, 1500)
        res.on('close', () => {
          clearTimeout(timer)
          if (!res.writableEnded) closedEarly++
        })
        return
      }
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  seen.length = 0
})

test('POSTs the request as JSON with the given headers and answers the PNG bytes', async () => {
  const backend = httpBackend({ url: `${base}/png`, headers: { Authorization: 'Bearer k1' } })
  const image = await backend.fetchCode(request, {})
  expect(image.mime).toBe('image/png')
  expect(Array.from(image.bytes)).toEqual(Array.from(PNG))
  const hit = seen.find((s) => s.method === 'POST')!
  expect(JSON.parse(hit.body)).toEqual(request)
  expect(hit.headers['content-type']).toMatch(/application\/json/)
  expect(hit.headers.authorization).toBe('Bearer k1')
})

test('the type comes from the bytes, not the Content-Type label', async () => {
  const image = await httpBackend({ url: `${base}/labelled-jpeg` }).fetchCode(request, {})
  expect(image.mime).toBe('image/png')
})

test("GET sends the request as query parameters in the server's spelling", async () => {
  const backend = httpBackend({ url: `${base}/png`, method: 'GET' })
  await backend.fetchCode({ ...request, lineColor: { r: 1, g: 2, b: 3 }, isHyaline: true }, {})
  const url = new URL(seen[0]!.url!, base)
  expect(seen[0]!.method).toBe('GET')
  expect(Object.fromEntries(url.searchParams)).toEqual({
    scene: 'id=42',
    page: 'pages/item/index',
    width: '430',
    lineColor: '1,2,3',
    isHyaline: 'true',
  })
})

test("our server's JSON error keeps its code, field and the HTTP status", async () => {
  const error = await failure(httpBackend({ url: `${base}/server-error-json` }).fetchCode(request, {}))
  expect(error.code).toBe('invalid_request')
  expect(error.field).toBe('scene')
  expect(error.status).toBe(400)
  expect(error.message).toContain('scene has bad characters')

  const limited = await failure(httpBackend({ url: `${base}/rate-limited` }).fetchCode(request, {}))
  expect(limited.code).toBe('rate_limited')
  expect(limited.status).toBe(429)
})

test("WeChat's JSON error with HTTP 200 is 'wechat_error' with errcode", async () => {
  const error = await failure(httpBackend({ url: `${base}/wechat-200` }).fetchCode(request, {}))
  expect(error.code).toBe('wechat_error')
  expect(error.errcode).toBe(41030)
})

test("a 500 HTML page is 'http_status' with the status; a 200 HTML page is 'not_an_image'", async () => {
  const error = await failure(httpBackend({ url: `${base}/html-500` }).fetchCode(request, {}))
  expect(error.code).toBe('http_status')
  expect(error.status).toBe(500)
  expect(error.retryable).toBe(true)
  expect(error.message).toContain('502 Bad Gateway')

  const missing = await failure(httpBackend({ url: `${base}/nope` }).fetchCode(request, {}))
  expect(missing).toMatchObject({ code: 'http_status', status: 404, retryable: false })

  const html = await failure(httpBackend({ url: `${base}/html-200` }).fetchCode(request, {}))
  expect(html.code).toBe('not_an_image')
})

test("no answer within timeoutMs is 'timeout', and the connection is dropped", async () => {
  const started = Date.now()
  const error = await failure(httpBackend({ url: `${base}/slow`, timeoutMs: 200 }).fetchCode(request, {}))
  expect(error.code).toBe('timeout')
  expect(error.message).toContain('200 ms')
  expect(Date.now() - started).toBeLessThan(1200)
  await new Promise((r) => setTimeout(r, 100))
  expect(closedEarly).toBeGreaterThanOrEqual(1)
})

test("aborting the signal aborts the request task: 'cancelled', server sees the connection close", async () => {
  const before = closedEarly
  const controller = new AbortController()
  const pending = httpBackend({ url: `${base}/slow` }).fetchCode(request, { signal: controller.signal })
  setTimeout(() => controller.abort(), 100)
  const error = await failure(pending)
  expect(error.code).toBe('cancelled')
  await new Promise((r) => setTimeout(r, 100))
  expect(closedEarly).toBe(before + 1)
})

test("a refused connection is 'network'", async () => {
  const closed = http.createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  // jsdom logs the refused XHR on its virtual console; keep the run quiet.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  const error = await failure(
    httpBackend({ url: `http://127.0.0.1:${port}/png`, timeoutMs: 3000 }).fetchCode(request, {}),
  ).finally(() => quiet.mockRestore())
  expect(error.code).toBe('network')
  expect(error.retryable).toBe(true)
})

test('backends for the same endpoint share a cache identity; another endpoint or method does not', () => {
  expect(httpBackend({ url: `${base}/png` }).name).toBe(
    httpBackend({ url: `${base}/png`, headers: { a: 'b' } }).name,
  )
  expect(httpBackend({ url: `${base}/png` }).name).not.toBe(httpBackend({ url: `${base}/other` }).name)
  expect(httpBackend({ url: `${base}/png` }).name).not.toBe(
    httpBackend({ url: `${base}/png`, method: 'GET' }).name,
  )
  expect(() => httpBackend({ url: '' })).toThrow(
    expect.objectContaining({ code: 'invalid_request', field: 'url' }),
  )
})

describe('platform shapes (injected transport standing in for weapp / other H5 builds)', () => {
  type Res = { statusCode: number; header?: Record<string, unknown>; data: unknown }
  const answer = (res: Res) => () => Object.assign(Promise.resolve(res), { abort: () => undefined })

  test.each<[string, unknown]>([
    ['an ArrayBuffer', PNG.slice().buffer],
    ['a Uint8Array view at an offset', new Uint8Array([7, 7, ...PNG]).subarray(2)],
    ['a DataView', new DataView(PNG.slice().buffer)],
    ['a binary string', Buffer.from(PNG).toString('latin1')],
  ])('the body as %s decodes', async (_name, data) => {
    const backend = httpBackend({
      url: 'https://api.example.com/minicode',
      transport: answer({ statusCode: 200, header: { 'Content-Type': 'image/png' }, data }),
    })
    const image = await backend.fetchCode(request, {})
    expect(Array.from(image.bytes)).toEqual(Array.from(PNG))
  })

  test('a platform that parsed the JSON error anyway still gives its code', async () => {
    const transport = answer({
      statusCode: 429,
      data: { error: { code: 'rate_limited', message: 'slow down' } },
    })
    const error = await failure(
      httpBackend({ url: 'https://api.example.com/minicode', transport }).fetchCode(request, {}),
    )
    expect(error).toMatchObject({ code: 'rate_limited', status: 429 })
  })

  test("weapp: abort() on the RequestTask; fail errMsg 'request:fail timeout' is 'timeout', others 'network'", async () => {
    const abort = jest.fn()
    const hanging = () => Object.assign(new Promise<Res>(() => undefined), { abort })
    const controller = new AbortController()
    const pending = httpBackend({ url: 'https://api.example.com/minicode', transport: hanging }).fetchCode(
      request,
      { signal: controller.signal },
    )
    controller.abort()
    expect((await failure(pending)).code).toBe('cancelled')
    expect(abort).toHaveBeenCalledTimes(1)

    const failing = (errMsg: string) => () =>
      Object.assign(Promise.reject({ errMsg }), { abort: () => undefined })
    expect(
      (
        await failure(
          httpBackend({ url: 'https://a.cn/c', transport: failing('request:fail timeout') }).fetchCode(
            request,
            {},
          ),
        )
      ).code,
    ).toBe('timeout')
    const dns = await failure(
      httpBackend({
        url: 'https://a.cn/c',
        transport: failing('request:fail url not in domain list'),
      }).fetchCode(request, {}),
    )
    expect(dns.code).toBe('network')
    expect(dns.message).toContain('allow-list')
  })

  test('the transport gets POST JSON with an arraybuffer responseType and our timeout', async () => {
    const transport = jest.fn((_options: Parameters<RequestTransport>[0]) =>
      answer({ statusCode: 200, data: PNG.slice().buffer })(),
    )
    await httpBackend({
      url: 'https://a.cn/c',
      transport,
      timeoutMs: 5000,
      headers: { 'x-api-key': 'k' },
    }).fetchCode(request, {})
    expect(transport.mock.calls[0][0]).toMatchObject({
      url: 'https://a.cn/c',
      method: 'POST',
      data: request,
      responseType: 'arraybuffer',
      header: { 'content-type': 'application/json', 'x-api-key': 'k' },
    })
  })
})
