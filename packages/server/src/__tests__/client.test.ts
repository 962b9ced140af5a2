import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeCodeResponse, isMiniCodeError, MiniCodeError } from '@minicode/core'
import { createCodeService, createWeChatClient, memoryStore } from '@minicode/server'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

const client = (extra: Partial<Parameters<typeof createWeChatClient>[0]> = {}) =>
  createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url, ...extra })

async function rejection(promise: Promise<unknown>): Promise<MiniCodeError> {
  try {
    await promise
  } catch (error) {
    if (isMiniCodeError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

test('a cold cache asked concurrently makes 1 token call and 1 code call per distinct code', async () => {
  const service = createCodeService({ client: client() })
  const asks = Array.from({ length: 200 }, (_, i) =>
    service.get({ scene: `id=${i % 20}`, page: 'pages/product/index' }),
  )
  const codes = await Promise.all(asks)
  for (const code of codes) expect(decodeCodeResponse(code.bytes).mime).toBe(code.mime)
  const stats = await sim.counts()
  expect(stats.token).toBe(1)
  expect(stats.code).toBe(20)
  // Same key, any field order, same bytes and ETag.
  const a = await service.get({ page: 'pages/product/index', scene: 'id=3' })
  expect(a.etag).toBe(codes[3]!.etag)
  expect((await sim.counts()).code).toBe(20)
})

test('getCode decides by the bytes: a transparent code labelled image/jpeg is a PNG', async () => {
  const result = await client().getCode({ scene: 'h=1', isHyaline: true })
  expect(result.mime).toBe('image/png')
  expect(decodeCodeResponse(result.bytes).mime).toBe('image/png')
})

test('get/createQRCode report Num-Used', async () => {
  const result = await client().getCode({ kind: 'limited', path: 'pages/a/index?id=1' })
  expect(result.numUsed).toEqual(expect.any(Number))
})

test('invalid requests fail before any network call', async () => {
  const c = client()
  for (const bad of [
    { scene: '商品42' },
    { scene: '' },
    { scene: 'a', width: 99 },
    { kind: 'qrcode', path: '' },
    null,
    'x',
  ]) {
    expect((await rejection(c.getCode(bad as never))).code).toBe('invalid_request')
  }
  expect(await sim.counts()).toEqual(expect.objectContaining({ token: 0, code: 0 }))
})

test('a token revoked mid-flight costs one refresh and no failed request', async () => {
  const service = createCodeService({ client: client() })
  await service.get({ scene: 'warm' })
  await sim.revokeToken()
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) => service.get({ scene: `after=${i}` })),
  )
  expect(results).toHaveLength(30)
  const stats = await sim.counts()
  expect(stats.token).toBe(2)
  expect(stats.code).toBe(1 + 30 + stats.tokenErrors)
  expect(stats.tokenErrors).toBeGreaterThanOrEqual(1)
})

test('-1 busy is retried with backoff; persistent -1 is a clear busy error and nothing is cached', async () => {
  const service = createCodeService({ client: client({ retries: 2 }) })
  await sim.inject({ busy: 1 })
  await expect(service.get({ scene: 'busy-once' })).resolves.toEqual(
    expect.objectContaining({ mime: expect.any(String) }),
  )
  await sim.inject({ busy: 10 })
  const error = await rejection(service.get({ scene: 'busy-always' }))
  expect(error).toMatchObject({ code: 'busy', errcode: -1, retryable: true })
  const before = (await sim.counts()).code
  await sim.clearFaults()
  await service.get({ scene: 'busy-always' })
  expect((await sim.counts()).code).toBe(before + 1)
})

test('45009 is a rate_limited error (not retried), and is not cached', async () => {
  const service = createCodeService({ client: client() })
  await sim.inject({ errcode: 45009, count: 1 })
  const error = await rejection(service.get({ scene: 'rl' }))
  expect(error).toMatchObject({ code: 'rate_limited', errcode: 45009 })
  await expect(service.get({ scene: 'rl' })).resolves.toBeDefined()
})

test('timeouts are clear timeout errors', async () => {
  await sim.inject({ delayMs: 800, count: 5 })
  const error = await rejection(client({ timeoutMs: 150, retries: 0 }).getCode({ scene: 'slow' }))
  expect(error.code).toBe('timeout')
  expect(error.message).toMatch(/150 ms/)
})

test('truncated and empty bodies are retried, then reported as not_an_image; nothing cached', async () => {
  const service = createCodeService({ client: client({ retries: 1 }) })
  await sim.inject({ truncate: 10 })
  const truncated = await rejection(service.get({ scene: 'cut' }))
  expect(truncated.code).toBe('not_an_image')
  expect(truncated.message).toMatch(/truncated/)
  await sim.clearFaults()
  await sim.inject({ empty: 10 })
  expect((await rejection(service.get({ scene: 'cut' }))).code).toBe('not_an_image')
  await sim.clearFaults()
  const good = await service.get({ scene: 'cut' })
  expect(decodeCodeResponse(good.bytes).mime).toBe(good.mime)
})

test('connection resets are retried like network errors', async () => {
  await sim.inject({ reset: 1 })
  await expect(client({ retries: 2 }).getCode({ scene: 'reset' })).resolves.toBeDefined()
})

test('the app secret never appears in errors or logs, even when upstream echoes it', async () => {
  const logs: string[] = []
  const spies = (['log', 'error', 'warn', 'info'] as const).map((name) =>
    jest
      .spyOn(console, name)
      .mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' '))),
  )
  // An upstream that echoes everything it was sent, secret included.
  const echo: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ errcode: 40125, errmsg: `invalid appsecret ${req.url} ${body}` }))
    })
  })
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
  try {
    const base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
    for (const stableToken of [true, false]) {
      const c = createWeChatClient({
        appId: sim.appId,
        appSecret: sim.appSecret,
        apiBase: base,
        stableToken,
        tokenStore: memoryStore(),
      })
      const error = await rejection(c.getCode({ scene: 'x' }))
      expect(error.code).toBe('wechat_error')
      expect(JSON.stringify({ m: error.message, c: String(error.cause), s: error.stack })).not.toContain(
        sim.appSecret,
      )
    }
    const dead = createWeChatClient({
      appId: sim.appId,
      appSecret: sim.appSecret,
      apiBase: 'http://127.0.0.1:1',
      stableToken: false,
      retries: 0,
    })
    const net = await rejection(dead.getCode({ scene: 'x' }))
    expect(net.code).toBe('network')
    expect(`${net.message} ${String(net.cause)}`).not.toContain(sim.appSecret)
  } finally {
    echo.close()
    spies.forEach((s) => s.mockRestore())
  }
  expect(logs.join('\n')).not.toContain(sim.appSecret)
})
