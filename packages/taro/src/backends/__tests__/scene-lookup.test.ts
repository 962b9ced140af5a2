/**
 * @jest-environment node
 */
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import { isSceneId, resolveScene } from '@minicode/core'
import {
  createCodeService,
  createHandler,
  createSceneStore,
  createWeChatClient,
  memoryStore,
  toNodeListener,
} from '@minicode/server'
import { startWeChatSim, type RunningWeChatSim } from '@minicode/wechat-sim'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { httpBackend } from '../http-backend'
import type { RequestTransport } from '../taro-request'

// A real minicode server and the WeChat simulator on loopback. They need Node's globals, so this file
// runs in Node, with Node's fetch as the transport (the option httpBackend has for other HTTP
// clients); Taro's own request is covered by http-backend.test.ts.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))

// As Taro.request does: a POST's data as a JSON body, a GET's as the query string.
const transport: RequestTransport = (options) => {
  const isGet = options.method === 'GET'
  const query = isGet && options.data ? `?${new URLSearchParams(options.data as Record<string, string>)}` : ''
  return fetch(options.url + query, {
    method: options.method,
    headers: options.header,
    body: isGet ? undefined : JSON.stringify(options.data),
    signal: options.signal,
  }).then(async (res) => ({
    statusCode: res.status,
    header: Object.fromEntries(res.headers),
    data: await res.arrayBuffer(),
  }))
}

let sim: RunningWeChatSim
let server: http.Server
let base: string

beforeAll(async () => {
  sim = await startWeChatSim({ port: 0 })
  const client = createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url })
  const handler = createHandler({
    service: createCodeService({ client }),
    scenes: createSceneStore({ store: memoryStore(), secret: 'a long enough secret for the scene ids' }),
    rateLimit: 'off',
    cors: true,
    log: () => undefined,
  })
  server = http.createServer(toNodeListener(handler))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  await sim.close()
})

/** Makes a long scene the way a server-side caller does, and gives its id. */
async function makeLongScene(data: unknown): Promise<string> {
  const res = await fetch(`${base}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  })
  expect(res.status).toBe(200)
  return res.headers.get('x-minicode-scene')!
}

test('httpBackend.scene(id) gets the data through GET /scene/:id beside the code URL', async () => {
  const data = { sku: 'A-1', utm: { source: 'poster', campaign: '双十一' } }
  const id = await makeLongScene(data)
  const backend = httpBackend({ url: `${base}/minicode`, transport })
  await expect(backend.scene(id)).resolves.toEqual(data)
  // What a page does with the scene WeChat hands it (URI-encoded).
  await expect(resolveScene(encodeURIComponent(id), { backend })).resolves.toEqual({
    raw: id,
    params: {},
    id,
    data,
  })
})

test("an unknown id is MiniCodeError 'not_found' with status 404", async () => {
  const backend = httpBackend({ url: `${base}/minicode`, transport })
  const unknown = '~' + 'Q'.repeat(31)
  expect(isSceneId(unknown)).toBe(true)
  await expect(backend.scene(unknown)).rejects.toMatchObject({
    name: 'MiniCodeError',
    code: 'not_found',
    status: 404,
  })
})

test('sceneUrl overrides where ids are looked up; an ordinary scene never reaches the network (port 9 would fail)', async () => {
  const id = await makeLongScene({ n: 1 })
  const backend = httpBackend({ url: `${base}/elsewhere/minicode`, sceneUrl: `${base}/scene/`, transport })
  await expect(backend.scene(id)).resolves.toEqual({ n: 1 })
  const offline = httpBackend({ url: 'http://127.0.0.1:9/minicode', transport })
  await expect(resolveScene('id%3D42', { backend: offline })).resolves.toEqual({
    raw: 'id=42',
    params: { id: '42' },
  })
})

test('a server that is not there: network error, not a hang', async () => {
  const backend = httpBackend({ url: 'http://127.0.0.1:9/minicode', timeoutMs: 3000, transport })
  await expect(backend.scene('~' + 'Q'.repeat(31))).rejects.toMatchObject({
    code: expect.stringMatching(/network|timeout/),
  })
})

test('the whole client round trip: fetchCode({ data }) makes a real code, its scene resolves to the data', async () => {
  const data = { sku: 'B-7', from: 'share', utm: { campaign: 'spring' } }
  // method 'GET' is for cacheable codes by query; data still goes as a POST body.
  for (const method of ['POST', 'GET'] as const) {
    const backend = httpBackend({ url: `${base}/minicode`, method, transport })
    const image = await backend.fetchCode({ data, page: 'pages/index/index' }, {})
    expect(image.mime).toBe('image/png')
    const png = PNG.sync.read(Buffer.from(image.bytes))
    const text = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? ''
    // The simulator's code holds what WeChat hands the page: page?scene=<URI-encoded scene>.
    const scene = text.slice(text.indexOf('?scene=') + '?scene='.length)
    expect(isSceneId(decodeURIComponent(scene))).toBe(true)
    await expect(resolveScene(scene, { backend })).resolves.toMatchObject({ data })
  }
})
