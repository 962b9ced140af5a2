import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import {
  createCodeService,
  createHandler,
  createWeChatClient,
  toNodeListener,
  type HandlerOptions,
} from '@minicode/server'
import { decodeCodeResponse } from '@minicode/core'
import { listen } from './listen'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

async function serve(options: Partial<HandlerOptions> = {}) {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
  })
  const service = createCodeService({ client })
  return listen(
    toNodeListener(createHandler({ service, rateLimit: 'off', log: () => undefined, ...options })),
  )
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

test('POST and GET answer the image, typed by its bytes, with immutable caching and a strong ETag; 304 on If-None-Match', async () => {
  const app = await serve()
  try {
    const res = await post(app.url, { scene: 'id=42', page: 'pages/product/index', isHyaline: true })
    expect(res.status).toBe(200)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(res.headers.get('content-type')).toBe(decodeCodeResponse(bytes).mime)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{20,}"$/)
    // GET with the same fields as strings is the same code (same cache entry, same ETag).
    const get = await fetch(`${app.url}/minicode?page=pages/product/index&scene=id%3D42&isHyaline=true`)
    expect(get.status).toBe(200)
    expect(get.headers.get('etag')).toBe(etag)
    expect(Buffer.from(await get.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true)
    const cached = await fetch(`${app.url}/minicode?page=pages/product/index&scene=id%3D42&isHyaline=true`, {
      headers: { 'if-none-match': `W/${etag}, "other"` },
    })
    expect(cached.status).toBe(304)
    expect(await cached.text()).toBe('')
    const other = await fetch(`${app.url}/minicode?scene=id%3D42&page=pages/product/index&isHyaline=true`, {
      headers: { 'if-none-match': '"nope"' },
    })
    expect(other.status).toBe(200)
    expect((await sim.counts()).code).toBe(1)
  } finally {
    await app.close()
  }
})

test('GET converts typed query fields strictly', async () => {
  const app = await serve()
  try {
    const ok = await fetch(
      `${app.url}/minicode?scene=a&width=300&checkPath=false&envVersion=trial&autoColor=false&lineColor=10,20,30`,
    )
    expect(ok.status).toBe(200)
    for (const [query, field] of [
      ['scene=a&width=abc', 'width'],
      ['scene=a&width=300.5', 'width'],
      ['scene=a&isHyaline=yes', 'isHyaline'],
      ['scene=a&lineColor=1,2', 'lineColor'],
      ['scene=a&scene=b', 'scene'],
      ['scene=a&widht=300', 'widht'],
      ['scene=%E5%95%86', 'scene'],
      ['scene=a&width=9999', 'width'],
    ] as const) {
      const res = await fetch(`${app.url}/minicode?${query}`)
      expect({ query, status: res.status }).toEqual({ query, status: 400 })
      const body = (await res.json()) as { error: { code: string; field?: string } }
      expect(body.error).toMatchObject({ code: 'invalid_request', field })
    }
  } finally {
    await app.close()
  }
})

test('API keys: 401 without or with a wrong key; Bearer and x-api-key both work', async () => {
  const app = await serve({ apiKeys: ['k-one', 'k-two'] })
  try {
    const none = await post(app.url, { scene: 'a' })
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    expect((await post(app.url, { scene: 'a' }, { authorization: 'Bearer k-wrong' })).status).toBe(401)
    expect((await post(app.url, { scene: 'a' }, { authorization: 'Bearer k-one' })).status).toBe(200)
    expect((await post(app.url, { scene: 'a' }, { 'x-api-key': 'k-two' })).status).toBe(200)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  } finally {
    await app.close()
  }
})

test('allowPages: 403 for other pages, before any upstream call', async () => {
  const app = await serve({
    allowPages: ['pages/product/index', 'pages/shop/*'],
    kinds: ['unlimited', 'limited'],
  })
  try {
    expect((await post(app.url, { scene: 'a', page: 'pages/admin/index' })).status).toBe(403)
    expect((await post(app.url, { kind: 'limited', path: 'pages/admin/index?x=1' })).status).toBe(403)
    expect((await sim.counts()).code).toBe(0)
    expect((await post(app.url, { scene: 'a', page: '/pages/product/index' })).status).toBe(200)
    expect((await post(app.url, { scene: 'a', page: 'pages/shop/cart' })).status).toBe(200)
    expect((await post(app.url, { kind: 'limited', path: 'pages/product/index?id=1' })).status).toBe(200)
  } finally {
    await app.close()
  }
})

test('bodies: 413 past maxBodyBytes (streamed, also without Content-Length), 415 for non-JSON, 400 for broken JSON', async () => {
  const app = await serve({ maxBodyBytes: 1024 })
  try {
    const big = await post(app.url, JSON.stringify({ scene: 'a', pad: 'x'.repeat(5000) }))
    expect(big.status).toBe(413)
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    // Chunked, no Content-Length: a 10 MB stream is cut off at the limit.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${app.url}/minicode`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      let sent = 0
      const pump = () => {
        while (sent < 160) {
          sent++
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        req.end()
      }
      pump()
    })
    expect(status).toBe(413)
    expect(
      (await post(app.url, 'scene=a', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415)
    expect((await post(app.url, '{"scene":')).status).toBe(400)
    expect((await post(app.url, '[1]')).status).toBe(400)
    expect((await post(app.url, '')).status).toBe(400)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  } finally {
    await app.close()
  }
})

test('rate limit per client: 429 with Retry-After, other clients unaffected', async () => {
  const app = await serve({ rateLimit: '3/min', apiKeys: ['a', 'b'] })
  try {
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await post(app.url, { scene: 'r' }, { 'x-api-key': 'a' })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = await post(app.url, { scene: 'r' }, { 'x-api-key': 'a' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(20)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    expect((await post(app.url, { scene: 'r' }, { 'x-api-key': 'b' })).status).toBe(200)
  } finally {
    await app.close()
  }
})

test('upstream errors map to 502/503/504 JSON with errcode', async () => {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 200,
    retries: 0,
  })
  const app = await listen(
    toNodeListener(
      createHandler({ service: createCodeService({ client }), rateLimit: 'off', log: () => undefined }),
    ),
  )
  try {
    const cases: [Record<string, unknown>, number, string, number | undefined][] = [
      [{ errcode: 45029, count: 1 }, 503, 'quota_exhausted', 45029],
      [{ errcode: 41030, count: 1 }, 502, 'wechat_error', 41030],
      [{ busy: 1 }, 503, 'busy', -1],
      [{ delayMs: 600, count: 1 }, 504, 'timeout', undefined],
      [{ errcode: 45009, count: 1 }, 503, 'rate_limited', 45009],
    ]
    for (const [fault, status, code, errcode] of cases) {
      await sim.clearFaults()
      await sim.inject(fault)
      const res = await post(app.url, { scene: `e${status}${code}` })
      const body = (await res.json()) as { error: { code: string; errcode?: number; message: string } }
      expect({ fault, status: res.status, code: body.error.code, errcode: body.error.errcode }).toEqual({
        fault,
        status,
        code,
        errcode,
      })
      expect(body.error.message.length).toBeGreaterThan(10)
    }
  } finally {
    await app.close()
  }
})

test('thousands of random and malformed requests: only 4xx, no upstream call, server stays up', async () => {
  const app = await serve({ maxBodyBytes: 2048 })
  const rnd = (n: number) => Math.floor(Math.random() * n)
  const junk = () => {
    const pick = rnd(12)
    const s = (len: number) => Array.from({ length: len }, () => String.fromCharCode(rnd(0x3000))).join('')
    switch (pick) {
      case 0:
        return s(rnd(300))
      case 1:
        return JSON.stringify({ scene: s(rnd(20)) + ['商', '%', ' ', '😀'][rnd(4)] + s(rnd(20)) })
      case 2:
        return JSON.stringify({ scene: 'a', width: [279, 1281, 430.5, 1e9, -1, 0][rnd(6)] })
      case 3:
        return JSON.stringify({ scene: 'x'.repeat(33 + rnd(100)) })
      case 4:
        return JSON.stringify({
          kind: ['limited', 'qrcode', 'x', 1][rnd(4)],
          path: rnd(2) ? '码'.repeat(1025 + rnd(1000)) : '',
        })
      case 5:
        return JSON.stringify({
          scene: 'a',
          lineColor: [{ r: 256, g: 0, b: 0 }, 'red', [1, 2, 3], { r: -1, g: 0, b: 0 }][rnd(4)],
        })
      case 6:
        return JSON.stringify({ scene: 'a', [s(5)]: s(5) })
      case 7:
        return JSON.stringify([rnd(10), null, 'scene'][rnd(3)])
      case 8:
        return '{"scene":"a",'.repeat(rnd(50))
      case 9:
        return JSON.stringify({ scene: 'a', page: ['pages/a?x=1', 'pages/a b', 7, {}][rnd(4)] })
      case 10:
        return JSON.stringify({ scene: 'a', checkPath: ['true', 1, 'no'][rnd(3)] })
      default:
        return JSON.stringify({
          scene: 'a',
          __proto__: { polluted: true },
          constructor: { prototype: { x: 1 } },
        })
    }
  }
  try {
    const statuses = new Map<number, number>()
    const accepted: string[] = []
    const one = async (i: number) => {
      let res: Response
      if (i % 5 === 0) {
        // Random fields, plus always one that is wrong, so no query is a valid request by chance.
        const fields = Array.from(
          { length: rnd(4) },
          () =>
            `${['scene', 'width', 'page', 'isHyaline', 'lineColor', 'x', '%zz'][rnd(7)]}=${encodeURIComponent(junk().slice(0, 60))}`,
        )
        fields.splice(
          rnd(fields.length + 1),
          0,
          ['width=abc', 'isHyaline=1', 'kind=nope', 'zzz=1', 'lineColor=red', 'scene='][rnd(6)]!,
        )
        const q = fields.join('&')
        res = await fetch(`${app.url}/minicode?${q}`)
      } else {
        const type = ['application/json', 'text/plain', 'application/json; charset=utf-8', ''][rnd(4)]!
        const body = junk()
        res = await fetch(`${app.url}/minicode`, {
          method: 'POST',
          headers: type ? { 'content-type': type } : {},
          body,
        })
        if (res.status < 400) accepted.push(body)
      }
      await res.arrayBuffer()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
    for (let batch = 0; batch < 40; batch++)
      await Promise.all(Array.from({ length: 50 }, (_, i) => one(batch * 50 + i)))
    // Raw sockets: broken request lines, bad headers, a lying Content-Length.
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'POST /minicode HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{',
      'GET /minicode?scene=%E0%A4%A HTTP/1.1\r\nHost: [::1\r\n\r\n',
      'POST /minicode HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n',
    ]) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(new URL(app.url).port), '127.0.0.1', () => socket.end(raw))
        socket.on('data', () => undefined)
        socket.on('close', () => resolve())
        socket.on('error', () => resolve())
        socket.setTimeout(1000, () => socket.destroy())
      })
    }
    const bad = [...statuses.keys()].filter((s) => s < 400 || s >= 500)
    expect({ bad, accepted, statuses: Object.fromEntries(statuses) }).toEqual({
      bad: [],
      accepted: [],
      statuses: expect.anything(),
    })
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(2000)
    expect(await sim.counts()).toEqual(expect.objectContaining({ token: 0, code: 0 }))
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  } finally {
    await app.close()
  }
}, 60_000)

test('404 and 405; CORS preflight when enabled', async () => {
  const app = await serve({ cors: ['https://shop.example'] })
  try {
    expect((await fetch(`${app.url}/nope`)).status).toBe(404)
    const put = await fetch(`${app.url}/minicode`, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toContain('POST')
    const pre = await fetch(`${app.url}/minicode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    const foreign = await fetch(`${app.url}/minicode?scene=a`, {
      headers: { origin: 'https://evil.example' },
    })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  } finally {
    await app.close()
  }
})
