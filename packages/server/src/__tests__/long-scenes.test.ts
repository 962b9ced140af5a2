import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSceneId, parseScene } from '@minicode/core'
import {
  createCodeService,
  createHandler,
  createSceneStore,
  createWeChatClient,
  fileStore,
  memoryStore,
  toNodeListener,
  type HandlerOptions,
  type Store,
} from '@minicode/server'
import { listen } from './listen'
import { sceneInCode } from './qr-scene'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

const SECRET = 'a test secret of at least thirty-two bytes'
let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

async function serve(store: Store = memoryStore(), options: Partial<HandlerOptions> = {}) {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
  })
  const service = createCodeService({ client })
  const scenes = createSceneStore({ store, secret: SECRET })
  return listen(
    toNodeListener(createHandler({ service, scenes, rateLimit: 'off', log: () => undefined, ...options })),
  )
}

/** A memory store that lists the keys written to it. */
function recordingStore(): { store: Store; written: string[] } {
  const written: string[] = []
  const base = memoryStore()
  const set: Store['set'] = (key, value, ttl) => {
    written.push(key)
    return base.set(key, value, ttl)
  }
  return { store: { ...base, set }, written }
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

const DATA = {
  sku: 'A-1029',
  from: 'poster',
  campaign: { id: 'double-11', 渠道: '朋友圈' },
  tags: ['a', 'b'],
  price: 12.5,
}

test('round trip: data -> id scene in a real code -> decoded by jsQR -> GET /scene/:id gives the data back', async () => {
  const app = await serve()
  try {
    const res = await post(app.url, { data: DATA, page: 'pages/product/index' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const id = res.headers.get('x-minicode-scene')!
    expect(isSceneId(id)).toBe(true)
    // What the page receives: the scene in the code, URI-encoded, opening the page asked for.
    const inCode = sceneInCode(new Uint8Array(await res.arrayBuffer()))
    expect(inCode.page).toBe('pages/product/index')
    const { raw } = parseScene(inCode.scene)
    expect(raw).toBe(id)
    const lookup = await fetch(`${app.url}/scene/${encodeURIComponent(raw)}`)
    expect(lookup.status).toBe(200)
    expect(lookup.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await lookup.json()).toEqual({ id, data: DATA })
  } finally {
    await app.close()
  }
})

test('the same data in any key order gets the same id, so the code cache hits (one upstream call)', async () => {
  const app = await serve()
  try {
    const reordered = {
      tags: ['a', 'b'],
      price: 12.5,
      campaign: { 渠道: '朋友圈', id: 'double-11' },
      from: 'poster',
      sku: 'A-1029',
    }
    const a = await post(app.url, { data: DATA })
    const b = await post(app.url, { data: reordered })
    expect([a.status, b.status]).toEqual([200, 200])
    expect(b.headers.get('x-minicode-scene')).toBe(a.headers.get('x-minicode-scene'))
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'))
    expect((await sim.counts()).code).toBe(1)
    // Different data, different id. Arrays keep their order: it is part of the data.
    const c = await post(app.url, { data: { ...DATA, tags: ['b', 'a'] } })
    expect(c.headers.get('x-minicode-scene')).not.toBe(a.headers.get('x-minicode-scene'))
  } finally {
    await app.close()
  }
})

test('unknown ids are 404 with a JSON error, without telling a near miss apart', async () => {
  const app = await serve()
  try {
    const made = (await post(app.url, { data: { n: 1 } })).headers.get('x-minicode-scene')!
    const nearMiss = made.slice(0, -1) + (made.endsWith('A') ? 'B' : 'A')
    for (const path of [nearMiss, '~' + 'x'.repeat(31), 'id%3D42', '']) {
      const res = await fetch(`${app.url}/scene/${encodeURIComponent(path)}`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } })
    }
    expect((await fetch(`${app.url}/scene/${made}`, { method: 'POST' })).status).toBe(405)
  } finally {
    await app.close()
  }
})

test('bad data is refused with its field path before any upstream call or store write', async () => {
  const { store, written } = recordingStore()
  const app = await serve(store)
  try {
    const deep: Record<string, unknown> = {}
    let at = deep
    for (let i = 0; i < 20; i++) at = at.a = {} as Record<string, unknown>
    const cases: [unknown, number, string, string][] = [
      [{ data: ['a'] }, 400, 'invalid_request', 'data'],
      [{ data: 'sku=1' }, 400, 'invalid_request', 'data'],
      [{ data: deep }, 400, 'invalid_request', 'data.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'],
      [{ data: { x: 1 }, scene: 'id=1' }, 400, 'invalid_request', 'scene'],
      [{ data: { x: 1 }, kind: 'limited', path: 'pages/a' }, 400, 'invalid_request', 'kind'],
      [{ data: { x: 1 }, width: 5000 }, 400, 'invalid_request', 'width'],
      [{ data: { x: 1 }, page: 'pages/a?x=1' }, 400, 'invalid_request', 'page'],
      // 2,049 bytes of canonical JSON: {"t":"…"} is 8 bytes around the text.
      [{ data: { t: 'x'.repeat(2041) } }, 413, 'payload_too_large', 'data'],
      // Bytes, not characters: 700 CJK characters are 2,100 bytes.
      [{ data: { t: '码'.repeat(700) } }, 413, 'payload_too_large', 'data'],
      // An ordinary scene may not pose as an id scene.
      [{ scene: '~' + 'A'.repeat(31) }, 400, 'invalid_request', 'scene'],
    ]
    for (const [body, status, code, field] of cases) {
      const res = await post(app.url, body)
      expect({ body, status: res.status, error: ((await res.json()) as { error: unknown }).error }).toEqual({
        body,
        status,
        error: expect.objectContaining({ code, field }),
      })
    }
    const get = await fetch(`${app.url}/minicode?scene=${encodeURIComponent('~' + 'A'.repeat(31))}`)
    expect(get.status).toBe(400)
    expect(written).toEqual([])
    expect(await sim.counts()).toMatchObject({ token: 0, code: 0 })
    // The largest accepted: exactly 2,048 bytes.
    expect((await post(app.url, { data: { t: 'x'.repeat(2040) } })).status).toBe(200)
    expect(written).toHaveLength(1)
  } finally {
    await app.close()
  }
})

test('the policy still applies to data requests (page allow-list), and refused data is never stored', async () => {
  const { store, written } = recordingStore()
  const app = await serve(store, { allowPages: ['pages/product/*'], allowScenes: ['id=<digits>'] })
  try {
    const refused = await post(app.url, { data: { x: 1 }, page: 'pages/admin/index' })
    expect(refused.status).toBe(403)
    expect(written).toEqual([])
    // allowScenes constrains ordinary scenes; the id scene is this server's own.
    const ok = await post(app.url, { data: { x: 1 }, page: 'pages/product/index' })
    expect(ok.status).toBe(200)
    expect((await post(app.url, { scene: 'sku=1' })).status).toBe(403)
  } finally {
    await app.close()
  }
})

test('a server without the scenes option says so for data, and 404s /scene', async () => {
  const client = createWeChatClient({ appId: sim.appId, appSecret: sim.appSecret, apiBase: sim.url })
  const app = await listen(
    toNodeListener(
      createHandler({ service: createCodeService({ client }), rateLimit: 'off', log: () => undefined }),
    ),
  )
  try {
    const res = await post(app.url, { data: { x: 1 } })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'data' } })
    expect((await fetch(`${app.url}/scene/~${'A'.repeat(31)}`)).status).toBe(404)
  } finally {
    await app.close()
  }
})

test('file store: scenes survive into a fresh server and store on the same directory (nothing in memory)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'minicode-scenes-'))
  try {
    const first = await serve(fileStore(dir))
    let id: string
    try {
      id = (await post(first.url, { data: DATA })).headers.get('x-minicode-scene')!
    } finally {
      await first.close()
    }
    // A fresh handler and store: nothing in memory, only the files.
    const second = await serve(fileStore(dir))
    try {
      expect(await (await fetch(`${second.url}/scene/${id}`)).json()).toEqual({ id, data: DATA })
    } finally {
      await second.close()
    }
    // No temp file left behind, and the file name does not reveal the id.
    const files = await readdir(dir)
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(files.some((f) => f.includes(id.slice(1)))).toBe(false)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a store that fails refuses new long scenes with 503 store_unavailable, and still serves known ones', async () => {
  let failing = false
  const base = memoryStore()
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      failing ? Promise.reject(new Error('connection refused')) : fn(...args)
  const store: Store = { ...base, get: guard(base.get), set: guard(base.set) }
  const app = await serve(store)
  try {
    const known = (await post(app.url, { data: { n: 1 } })).headers.get('x-minicode-scene')!
    failing = true
    const fresh = await post(app.url, { data: { n: 2 } })
    expect(fresh.status).toBe(503)
    expect(fresh.headers.get('retry-after')).toBe('5')
    expect(await fresh.json()).toMatchObject({ error: { code: 'store_unavailable' } })
    expect((await sim.counts()).code).toBe(1)
    const again = await post(app.url, { data: { n: 1 } })
    expect(again.status).toBe(200)
    expect(again.headers.get('x-minicode-scene')).toBe(known)
    expect((await fetch(`${app.url}/scene/${known}`)).status).toBe(200)
    // Not in memory and the store is away: 503, not a false 404.
    const other = await fetch(`${app.url}/scene/~${'B'.repeat(31)}`)
    expect(other.status).toBe(503)
  } finally {
    await app.close()
  }
})

test('with requireSession, GET /scene/:id needs a session or an API key, like /minicode', async () => {
  const app = await serve(memoryStore(), {
    apiKeys: ['server-key'],
    requireSession: true,
    sessions: {
      exchange: async () => ({ openid: 'o-1' }),
      secret: 'a session secret of at least 32 bytes!!',
    },
  })
  try {
    const made = await fetch(`${app.url}/minicode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'server-key' },
      body: JSON.stringify({ data: { n: 1 } }),
    })
    const id = made.headers.get('x-minicode-scene')!
    const anonymous = await fetch(`${app.url}/scene/${id}`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } })
    const login = await fetch(`${app.url}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'c' }),
    })
    expect(login.status).toBe(200)
    const { token } = (await login.json()) as { token: string }
    const withSession = await fetch(`${app.url}/scene/${id}`, { headers: { 'x-minicode-session': token } })
    expect(withSession.status).toBe(200)
    expect(await withSession.json()).toEqual({ id, data: { n: 1 } })
  } finally {
    await app.close()
  }
})
