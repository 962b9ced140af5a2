import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMiniCodeError, type MiniCodeError } from '@minicode/core'
import {
  createCodeService,
  createHandler,
  createLinkService,
  createWeChatClient,
  fileStore,
  redisStore,
  toNodeListener,
  type HandlerOptions,
  type LinkServiceOptions,
  type Store,
} from '@minicode/server'
import { startWeChatSim, type RunningWeChatSim } from '@minicode/wechat-sim'
import { listen } from './listen'
import { startRedis } from './redis-server'

jest.setTimeout(30_000)

const PAGES = ['pages/index/index', 'pages/item/index', 'pages/shop/index']
const DAY = 86_400_000
let sim: RunningWeChatSim
let redis: Awaited<ReturnType<typeof startRedis>>
let dir: string
const clock = { t: Date.now() }

beforeAll(async () => {
  sim = await startWeChatSim({ releasedPages: PAGES, linkQuotas: { daily: 1000, permanent: 3 } })
  redis = await startRedis()
  dir = await mkdtemp(join(tmpdir(), 'minicode-links-'))
})
afterAll(async () => {
  await sim.close()
  await redis.stop()
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  sim.reset()
  clock.t = Date.now()
})

function client(retries = 2) {
  return createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
    retries,
    now: () => clock.t,
  })
}
const linkCalls = () => sim.stats().linkCalls

async function rejection(promise: Promise<unknown>): Promise<MiniCodeError> {
  try {
    await promise
  } catch (error) {
    if (isMiniCodeError(error)) return error
    throw error
  }
  throw new Error('resolved')
}

describe('createWeChatClient links', () => {
  test('the three kinds in their formats, with when they expire', async () => {
    const c = client()
    const url = await c.generateUrlLink({ path: 'pages/item/index', query: 'id=42', expireInterval: 7 })
    expect(url).toEqual({
      kind: 'urllink',
      link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/\w{11}$/),
      expiresAt: clock.t + 7 * DAY,
    })
    const expireTime = Math.floor(clock.t / 1000) + 3600
    const scheme = await c.generateScheme({ path: '/pages/item/index', expireTime, envVersion: 'trial' })
    expect(scheme.link).toMatch(/^weixin:\/\/dl\/business\/\?t=\w{11}$/)
    expect(scheme.expiresAt).toBe(expireTime * 1000)
    const short = await c.generateShortLink({ pageUrl: 'pages/item/index?id=42', pageTitle: '商品 42' })
    expect(short.link).toMatch(/^#小程序:\/\/示例小程序\/\w{15}$/)
    expect(short.expiresAt).toBe(clock.t + 30 * DAY)
    const permanent = await c.generateShortLink({ pageUrl: 'pages/item/index', isPermanent: true })
    expect(permanent.expiresAt).toBeNull()
    expect(sim.stats()).toMatchObject({ generate_urllink: 1, generatescheme: 1, genwxashortlink: 2 })
  })

  test.each([
    [{ kind: 'urllink', query: 'name=商品' }, 'query'],
    [{ kind: 'urllink', path: 'pages/item/index?id=1' }, 'path'],
    [{ kind: 'urllink', expireInterval: 31 }, 'expireInterval'],
    [{ kind: 'scheme', expireTime: 1 }, 'expireTime'],
    [{ kind: 'scheme', envVersion: 'gray' }, 'envVersion'],
    [{ kind: 'scheme', isExpire: false }, 'isExpire'],
    [
      {
        kind: 'shortlink',
        pageUrl: 'pages/item/index',
        pageTitle: '这是一个超过二十个字符的很长很长的页面标题啊',
      },
      'pageTitle',
    ],
    [{ kind: 'shortlink' }, 'pageUrl'],
  ])('%j is refused before any call (field %s): no token, no link call', async (request, field) => {
    const error = await rejection(client().generateLink(request as never))
    expect(error).toMatchObject({ code: 'invalid_request', field })
    expect(sim.stats()).toMatchObject({ linkCalls: 0, tokenCalls: 0 })
  })

  test('WeChat errcodes are explained: page not released, daily quota, permanent quota', async () => {
    const c = client()
    const notReleased = await rejection(c.generateUrlLink({ path: 'pages/draft/index' }))
    expect(notReleased).toMatchObject({ code: 'wechat_error', errcode: 40165, retryable: false })
    expect(notReleased.message).toMatch(/released/)
    const short = await rejection(c.generateShortLink({ pageUrl: 'pages/draft/index' }))
    expect(short).toMatchObject({ code: 'wechat_error', errcode: 40066 })
    for (let i = 0; i < 3; i++) await c.generateShortLink({ pageUrl: 'pages/index/index', isPermanent: true })
    const used = await rejection(c.generateShortLink({ pageUrl: 'pages/index/index', isPermanent: true }))
    expect(used).toMatchObject({ code: 'quota_exhausted', errcode: 85400, retryable: false })
    expect(used.message).toMatch(/isPermanent: false/)
    // Not retried: 2 + 3 + 1 calls.
    expect(linkCalls()).toBe(6)
    sim.inject({ kind: 'errcode', errcode: 45009 }, { endpoint: 'link' })
    const daily = await rejection(c.generateScheme({}))
    expect(daily).toMatchObject({ code: 'quota_exhausted', errcode: 45009 })
    expect(linkCalls()).toBe(7)
  })

  test('-1 and 44990 are retried with backoff; a revoked token is refreshed once', async () => {
    const c = client()
    sim.inject({ kind: 'busy' }, { endpoint: 'link' })
    sim.inject({ kind: 'errcode', errcode: 44990 }, { endpoint: 'link' })
    expect((await c.generateUrlLink({})).link).toMatch(/^https:/)
    expect(linkCalls()).toBe(3)
    sim.inject({ kind: 'revokeToken' })
    expect((await c.generateScheme({})).link).toMatch(/^weixin:/)
    expect(sim.stats()).toMatchObject({ linkCalls: 5, tokenErrors: 1 })
    sim.inject({ kind: 'errcode', errcode: 44990 }, { endpoint: 'link', times: 5 })
    expect(await rejection(client(1).generateScheme({}))).toMatchObject({
      code: 'rate_limited',
      errcode: 44990,
    })
  })

  test('a permanent short link whose answer was lost is not asked again (it may have been made)', async () => {
    sim.inject({ kind: 'reset' }, { endpoint: 'link' })
    const error = await rejection(
      client().generateShortLink({ pageUrl: 'pages/index/index', isPermanent: true }),
    )
    expect(error.code).toBe('network')
    expect(linkCalls()).toBe(1)
    sim.inject({ kind: 'reset' }, { endpoint: 'link' })
    expect((await client().generateShortLink({ pageUrl: 'pages/index/index' })).link).toBeTruthy()
    expect(linkCalls()).toBe(3)
  })
})

describe('createLinkService', () => {
  const service = (options: Partial<LinkServiceOptions> = {}) =>
    createLinkService({ client: client(), now: () => clock.t, ...options })

  test('a link is served until shortly before it expires, then made anew', async () => {
    const links = service()
    const ask = { kind: 'urllink', path: 'pages/item/index', query: 'id=1', expireInterval: 1 } as const
    const first = await links.get(ask)
    // Same link for the same request, whatever the field order or spelling of defaults.
    expect(
      await links.get({
        query: 'id=1',
        kind: 'urllink',
        path: '/pages/item/index',
        expireInterval: 1,
        envVersion: 'release',
      }),
    ).toBe(first)
    expect(linkCalls()).toBe(1)
    // A day's link: served until a tenth of its life (2.4 h, capped at the 1 h margin) before it dies.
    clock.t += DAY - 3_600_000 - 1
    expect((await links.get(ask)).link).toBe(first.link)
    clock.t += 2
    const second = await links.get(ask)
    expect(second.link).not.toBe(first.link)
    expect(second.expiresAt).toBe(clock.t + DAY)
    expect(linkCalls()).toBe(2)
  })

  test('a link with a fixed expireTime is kept until a tenth of its life before that time', async () => {
    const links = service()
    clock.t = Math.floor(clock.t / 1000) * 1000
    const expireTime = clock.t / 1000 + 7200
    const ask = { kind: 'scheme', expireTime } as const
    const first = await links.get(ask)
    // Two hours of life: a 12-minute margin (a tenth of it, under the 1 h cap).
    clock.t = expireTime * 1000 - 720_000 - 1
    expect((await links.get(ask)).link).toBe(first.link)
    clock.t += 2
    expect((await links.get(ask)).link).not.toBe(first.link)
    expect(linkCalls()).toBe(2)
  })

  test('a permanent short link is cached for ever; errors are never cached', async () => {
    const links = service()
    const ask = { kind: 'shortlink', pageUrl: 'pages/shop/index', isPermanent: true } as const
    const first = await links.get(ask)
    clock.t += 3 * 365 * DAY
    expect(await links.get(ask)).toBe(first)
    expect(sim.stats().permanentShortLinks).toBe(1)
    sim.inject({ kind: 'errcode', errcode: 40013 }, { endpoint: 'link' })
    const other = { kind: 'urllink', path: 'pages/shop/index' } as const
    expect(await rejection(links.get(other))).toMatchObject({ errcode: 40013 })
    expect((await links.get(other)).link).toMatch(/^https:/)
  })

  test('concurrent asks for one link share one upstream call', async () => {
    const links = service()
    sim.inject({ kind: 'delay', ms: 200 }, { endpoint: 'link' })
    const asks = Array.from({ length: 50 }, (_, i) =>
      links.get({ kind: 'urllink', path: 'pages/item/index', query: `id=${i % 5}` }),
    )
    const answers = await Promise.all(asks)
    expect(new Set(answers.map((a) => a.link)).size).toBe(5)
    expect(linkCalls()).toBe(5)
  })

  test('invalid requests are refused by the service before any call', async () => {
    expect(await rejection(service().get({ kind: 'scheme', query: 'a b' }))).toMatchObject({ field: 'query' })
    expect(linkCalls()).toBe(0)
  })

  const shared: [string, () => Store][] = [
    ['fileStore', () => fileStore(join(dir, String(Math.random())))],
    ['redisStore (real redis-server)', () => redisStore(redis.url, { prefix: `links${Math.random()}:` })],
  ]
  test.each(shared)('processes sharing %s share links, and its expiry', async (_name, make) => {
    const store = make()
    try {
      const a = service({ cache: store })
      const b = service({ cache: store })
      const ask = { kind: 'urllink', path: 'pages/item/index', expireInterval: 2 } as const
      const first = await a.get(ask)
      expect(await b.get(ask)).toEqual(first)
      expect(linkCalls()).toBe(1)
      const permanent = { kind: 'shortlink', pageUrl: 'pages/item/index', isPermanent: true } as const
      const forever = await a.get(permanent)
      clock.t += 3 * DAY
      // Past its life in the shared store too: a third process makes a new one; the permanent one stays.
      const c = service({ cache: store })
      expect((await c.get(ask)).link).not.toBe(first.link)
      expect(await c.get(permanent)).toEqual(forever)
      expect(linkCalls()).toBe(3)
    } finally {
      await store.close?.()
    }
  })
})

describe('POST /urllink, /scheme, /shortlink', () => {
  async function serve(options: Partial<HandlerOptions> = {}) {
    const c = client()
    const links = createLinkService({ client: c, now: () => clock.t })
    const handler = createHandler({
      service: createCodeService({ client: c }),
      links,
      rateLimit: 'off',
      log: () => undefined,
      ...options,
    })
    return listen(toNodeListener(handler))
  }
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })

  test('each path makes its kind and answers { kind, link, expiresAt } as JSON', async () => {
    const app = await serve()
    try {
      const url = await post(`${app.url}/urllink`, { path: 'pages/item/index', query: 'id=9' })
      expect(url.status).toBe(200)
      expect(url.headers.get('content-type')).toMatch(/^application\/json/)
      expect(url.headers.get('cache-control')).toBe('no-store')
      const body = await url.json()
      expect(body).toEqual({
        kind: 'urllink',
        link: expect.stringMatching(/^https:\/\/wxaurl\.cn\//),
        expiresAt: clock.t + 30 * DAY,
      })
      const again = await (
        await post(`${app.url}/urllink`, { query: 'id=9', path: 'pages/item/index' })
      ).json()
      expect(again.link).toBe(body.link)
      expect((await (await post(`${app.url}/scheme`, {})).json()).link).toMatch(/^weixin:\/\/dl\/business\//)
      const short = await (await post(`${app.url}/shortlink`, { pageUrl: 'pages/item/index?id=9' })).json()
      expect(short.link).toMatch(/^#小程序:\/\//)
      expect(linkCalls()).toBe(3)
    } finally {
      await app.close()
    }
  })

  test('bad requests are JSON errors with their field, before any upstream call', async () => {
    const app = await serve()
    try {
      const bad = await post(`${app.url}/urllink`, { query: '商品' })
      expect(bad.status).toBe(400)
      expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'query' } })
      const wrongKind = await post(`${app.url}/scheme`, { kind: 'urllink' })
      expect(await wrongKind.json()).toMatchObject({ error: { field: 'kind' } })
      const get = await fetch(`${app.url}/shortlink`)
      expect(get.status).toBe(405)
      expect(get.headers.get('allow')).toBe('POST, OPTIONS')
      expect(sim.stats()).toMatchObject({ linkCalls: 0, tokenCalls: 0 })
    } finally {
      await app.close()
    }
  })

  test('the same API keys, page allow-list and rate limit (refusals count) as /minicode; permanent short links need permission', async () => {
    const app = await serve({ apiKeys: ['k1'], allowPages: ['pages/item/*'], rateLimit: '3/min' })
    try {
      expect((await post(`${app.url}/urllink`, {})).status).toBe(401)
      const key = { 'x-api-key': 'k1' }
      const forbidden = await post(`${app.url}/shortlink`, { pageUrl: 'pages/shop/index' }, key)
      expect(forbidden.status).toBe(403)
      expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden', field: 'pageUrl' } })
      const permanent = await post(
        `${app.url}/shortlink`,
        { pageUrl: 'pages/item/index', isPermanent: true },
        key,
      )
      expect(permanent.status).toBe(403)
      expect(await permanent.json()).toMatchObject({ error: { field: 'isPermanent' } })
      expect(linkCalls()).toBe(0)
      expect((await post(`${app.url}/urllink`, { path: 'pages/item/index' }, key)).status).toBe(200)
      const limited = await post(`${app.url}/urllink`, {}, key)
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBeTruthy()
    } finally {
      await app.close()
    }
    const open = await serve({ permanentShortLinks: true })
    try {
      const made = await post(`${open.url}/shortlink`, { pageUrl: 'pages/item/index', isPermanent: true })
      expect(await made.json()).toMatchObject({ kind: 'shortlink', expiresAt: null })
    } finally {
      await open.close()
    }
  })

  test('WeChat refusals map to statuses: 502 for a page not released, 503 when the quota is used up', async () => {
    const app = await serve({ permanentShortLinks: true })
    try {
      const notReleased = await post(`${app.url}/urllink`, { path: 'pages/draft/index' })
      expect(notReleased.status).toBe(502)
      expect(await notReleased.json()).toMatchObject({ error: { code: 'wechat_error', errcode: 40165 } })
      sim.inject({ kind: 'errcode', errcode: 45009 }, { endpoint: 'link' })
      const quota = await post(`${app.url}/scheme`, {})
      expect(quota.status).toBe(503)
      expect(await quota.json()).toMatchObject({ error: { code: 'quota_exhausted', errcode: 45009 } })
    } finally {
      await app.close()
    }
  })

  test('without the links option the link paths are 404', async () => {
    const c = client()
    const app = await listen(
      toNodeListener(
        createHandler({ service: createCodeService({ client: c }), rateLimit: 'off', log: () => undefined }),
      ),
    )
    try {
      expect((await post(`${app.url}/urllink`, {})).status).toBe(404)
    } finally {
      await app.close()
    }
  })
})
