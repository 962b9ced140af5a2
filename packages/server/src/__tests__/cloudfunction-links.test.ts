import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  LINK_API_PATH,
  describeLinkError,
  isMiniCodeError,
  linkExpiresAt,
  toWeChatLinkBody,
  validateLinkRequest,
  type LinkKind,
  type LinkRequest,
} from '@minicode/core'
import { createWeChatSim, type WeChatSim } from '@minicode/wechat-sim'
import { seededRandom } from './fixtures/seeded-random'
import { convertKeys, simCloud } from './fixtures/sim-openapi'

// The cloud function's entry links: its copy of core's link rules, checked against core on random
// requests, and the function end to end against @minicode/wechat-sim behind a wx-server-sdk-like openapi.

const dir = join(__dirname, '../../cloudfunction/getMiniCode')
const require_ = createRequire(__filename)
type Answer = Record<string, unknown>
const links = require_(join(dir, 'links.js')) as {
  validateLink(input: unknown, now: number): { ok?: Answer; error?: Answer }
  toOpenapiCall(req: LinkRequest): { api: string; params: Answer }
  linkExpiresAt(req: LinkRequest, issuedAt: number): number | null
  describeLinkError(errcode: number, errmsg: string, kind: LinkKind): Answer
}
const logic = require_(join(dir, 'logic.js')) as {
  createGetMiniCode(
    cloud: unknown,
    options?: { kinds?: string[]; permanentShortLinks?: boolean; now?: () => number },
  ): (event: unknown) => Promise<Answer>
  permanentShortLinksFromEnv(env: Record<string, string | undefined>): boolean
}

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0)
const NOW_S = NOW / 1000
const DAY_MS = 86_400_000

// The same "random" inputs on every run, so a failure can be replayed.
const rand = seededRandom(15)
const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)]!
// Characters on both sides of every rule: the query alphabet, '%', page-path characters, space, CJK, emoji.
const CHARS = [..."aZ09_-./@~!#$&'()*+,:;=?%", ' ', '\\', '中', '😀', 'é', '\n']
const randomText = (max: number) =>
  Array.from({ length: Math.floor(rand() * max) }, () => pick(CHARS)).join('')

const POOLS: Record<string, () => unknown> = {
  path: () =>
    pick([
      'pages/item/index',
      '/pages/a',
      ' //pages/b ',
      'pages/a?x=1',
      'pages/a b',
      '页面/index',
      'p'.repeat(1024),
      'p'.repeat(1025),
      '',
      7,
      null,
      randomText(12),
    ]),
  query: () =>
    pick([
      'id=42',
      'a=1&b=%E4%B8%AD',
      'q'.repeat(1024),
      'q'.repeat(1025),
      '',
      'a b',
      'a=中',
      3,
      null,
      randomText(10),
    ]),
  envVersion: () => pick(['release', 'trial', 'develop', 'prod', 1, null]),
  expireType: () => pick([0, 1, 0, 1, 2, '1', null]),
  expireTime: () =>
    pick([
      NOW_S + 60,
      NOW_S + 59,
      NOW_S + 3600,
      NOW_S + 30 * 86400,
      NOW_S + 30 * 86400 + 1,
      NOW + 3_600_000,
      NOW_S + 1.5,
      String(NOW_S + 3600),
      null,
    ]),
  expireInterval: () => pick([1, 7, 30, 31, 0, -1, 1.5, '7', null]),
  isExpire: () => pick([true, false, 'true', null]),
  cloudBase: () =>
    pick<unknown>([
      { env: 'prod-1a2b' },
      { env: 'bad env' },
      {},
      'prod-1',
      [],
      { env: 'e', domain: 'H5.Example.com' },
      { env: 'e', domain: 'http://x.com/a' },
      { env: 'e', path: '/h5/index.html' },
      { env: 'e', path: ' /h5/ ' },
      { env: 'e', path: '/a?b=1' },
      { env: 'e', query: 'a=1' },
      { env: 'e', query: 'a b' },
      { env: 'e', resourceAppid: 'wx0123456789abcdef' },
      { env: 'e', resourceAppid: 'wx123' },
      { env: 'e', extra: 1 },
      { env: 'e', domain: null, query: '' },
    ]),
  pageUrl: () =>
    pick([
      'pages/item/index?id=42',
      '/pages/a',
      '?x=1',
      '',
      'pages/a?x y',
      'pages/a?',
      'pages/a b?x=1',
      5,
      'u'.repeat(1025),
      null,
      randomText(12),
    ]),
  pageTitle: () =>
    pick(['', '商品详情', 'x'.repeat(20), 'x'.repeat(21), '😀'.repeat(20), '😀'.repeat(21), 3, null]),
  isPermanent: () => pick([true, false, 'yes', null]),
  // Fields no link has (the first is a scheme's body field, the others belong to codes).
  jumpWxa: () => ({ path: 'pages/a' }),
  scene: () => 'a=1',
  page: () => pick(['pages/a', null]),
}

const EXPIRY = ['expireType', 'expireTime', 'expireInterval', 'isExpire']
const OWN_FIELDS: Record<LinkKind, string[]> = {
  urllink: ['path', 'query', 'envVersion', 'cloudBase', ...EXPIRY],
  scheme: ['path', 'query', 'envVersion', ...EXPIRY],
  shortlink: ['pageUrl', 'pageTitle', 'isPermanent'],
}

/** A request near the rules: a kind (mostly a link kind) and each field present a third of the time. */
function randomLinkRequest(): unknown {
  const roll = rand()
  if (roll < 0.01) return pick([null, 'urllink', [], 42])
  const req: Record<string, unknown> = {
    kind: pick(['urllink', 'scheme', 'shortlink', 'urllink', 'scheme', 'shortlink', 'qrcode', 7, null]),
  }
  const own = OWN_FIELDS[req.kind as LinkKind] ?? Object.keys(POOLS)
  for (const [field, make] of Object.entries(POOLS)) {
    // The kind's own fields 40% of the time each; a field of another kind (or of none) now and then.
    if (rand() < (own.includes(field) ? 0.4 : 0.02)) req[field] = make()
  }
  return req
}

/** core's verdict: the normalised request, or the error's code and field. */
function coreVerdict(req: unknown): unknown {
  try {
    return { ok: { ...validateLinkRequest(req, { now: () => NOW }) } }
  } catch (error) {
    if (!isMiniCodeError(error)) throw error
    return { error: { code: error.code, field: error.field } }
  }
}

function copyVerdict(req: unknown): unknown {
  const verdict = links.validateLink(req, NOW)
  if (verdict.ok) return { ok: verdict.ok }
  expect(verdict.error).toMatchObject({
    errcode: 40097,
    errmsg: expect.stringMatching(/^invalid_request: ./),
  })
  return { error: { code: verdict.error!.code, field: verdict.error!.field } }
}

test("the copied link rules agree with core's validateLinkRequest on 6,000 random requests (verdict, field, normalised request)", () => {
  const valid: Record<string, number> = { urllink: 0, scheme: 0, shortlink: 0 }
  const fields = new Set<unknown>()
  for (let i = 0; i < 6000; i++) {
    const req = randomLinkRequest()
    const core = coreVerdict(req)
    expect({ req, verdict: copyVerdict(req) }).toEqual({ req, verdict: core })
    const ok = (core as { ok?: LinkRequest }).ok
    if (ok) valid[ok.kind]!++
    else fields.add((core as { error: { field?: string } }).error.field)
  }
  // Not vacuous: every kind passes often, and refusals come from many different rules.
  for (const kind of ['urllink', 'scheme', 'shortlink']) expect(valid[kind]).toBeGreaterThan(50)
  expect(fields.size).toBeGreaterThan(15)
})

/** Requests core accepts, of each kind, from the random stream. */
function validRequests(count: number): LinkRequest[] {
  const out: LinkRequest[] = []
  while (out.length < count) {
    const verdict = coreVerdict(randomLinkRequest()) as { ok?: LinkRequest }
    if (verdict.ok) out.push(validateLinkRequest(verdict.ok, { now: () => NOW }))
  }
  return out
}

test("openapi parameters are core's WeChat body once wx-server-sdk snake-cases them; expiry as core's", () => {
  const apiOf: Record<LinkKind, string> = { urllink: 'urllink', scheme: 'urlscheme', shortlink: 'shortlink' }
  for (const req of validRequests(600)) {
    const call = links.toOpenapiCall(req)
    expect(call.api).toBe(apiOf[req.kind])
    expect(LINK_API_PATH[req.kind]).toBeDefined()
    expect({ req, body: convertKeys(call.params, 'snake') }).toEqual({
      req,
      body: toWeChatLinkBody(req).body,
    })
    expect(links.linkExpiresAt(req, NOW)).toBe(linkExpiresAt(req, NOW))
  }
})

test("errcodes are explained as core's describeLinkError explains them (code, retryable; the link table's words)", () => {
  const linkTable = [40002, 40013, 40066, 40165, 40212, 40225, 85079, 85400, 85401, 85402, 44990, 45009]
  const others = [-1, 0, 40001, 40014, 42001, 40097, 45011, 45029, 47001, 48001, 61007, 99999]
  for (const kind of ['urllink', 'scheme', 'shortlink'] as const) {
    for (const errcode of [...linkTable, ...others]) {
      const core = describeLinkError(errcode, 'raw words', kind)
      const copy = links.describeLinkError(errcode, 'raw words', kind)
      expect({ errcode, code: copy.code, retryable: copy.retryable }).toEqual({
        errcode,
        code: core.code,
        retryable: core.retryable,
      })
      expect(copy.errmsg).toContain('(raw words)')
      if (linkTable.includes(errcode)) expect(copy.errmsg).toBe(core.message)
    }
  }
})

describe('the function against the simulator', () => {
  let sim: WeChatSim
  beforeEach(() => {
    sim = createWeChatSim({ now: () => NOW, releasedPages: ['pages/index/index', 'pages/item/index'] })
  })
  afterEach(() => sim.dispose())

  const mainFor = (options: { permanentShortLinks?: boolean } = {}) => {
    const cloud = simCloud(sim)
    return { cloud, main: logic.createGetMiniCode(cloud, { now: () => NOW, ...options }) }
  }

  test('urllink, scheme and shortlink events make links in WeChat formats, with when they expire', async () => {
    const { cloud, main } = mainFor()
    const url = await main({
      kind: 'urllink',
      path: '/pages/item/index',
      query: 'id=42',
      userInfo: { openId: 'o1' },
    })
    expect(url).toEqual({
      kind: 'urllink',
      link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/\w+/),
      expiresAt: NOW + 30 * DAY_MS,
    })
    const scheme = await main({ kind: 'scheme', path: 'pages/item/index', expireTime: NOW_S + 3600 })
    expect(scheme).toEqual({
      kind: 'scheme',
      link: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=\w+/),
      expiresAt: (NOW_S + 3600) * 1000,
    })
    const short = await main({ kind: 'shortlink', pageUrl: 'pages/item/index?id=42', pageTitle: '商品' })
    expect(short).toEqual({
      kind: 'shortlink',
      link: expect.stringMatching(/^#小程序:\/\//),
      expiresAt: NOW + 30 * DAY_MS,
    })
    expect(cloud.calls).toEqual([
      {
        api: 'urllink.generate',
        params: {
          path: 'pages/item/index',
          query: 'id=42',
          envVersion: 'release',
          isExpire: true,
          expireType: 1,
          expireInterval: 30,
        },
      },
      {
        api: 'urlscheme.generate',
        params: {
          jumpWxa: { path: 'pages/item/index', query: '', envVersion: 'release' },
          isExpire: true,
          expireType: 0,
          expireTime: NOW_S + 3600,
        },
      },
      {
        api: 'shortlink.generate',
        params: { pageUrl: 'pages/item/index?id=42', isPermanent: false, pageTitle: '商品' },
      },
    ])
    expect(sim.stats()).toMatchObject({
      generate_urllink: 1,
      generatescheme: 1,
      genwxashortlink: 1,
      links: 3,
    })
  })

  test('a wrapped event { ...data, request } (what cloudBackend sends) works for links and codes', async () => {
    const { main } = mainFor()
    const link = await main({ tenant: 't1', request: { kind: 'urllink', path: 'pages/index/index' } })
    expect(link).toMatchObject({ kind: 'urllink', link: expect.stringMatching(/^https:\/\/wxaurl\.cn\//) })
    const code = await main({ tenant: 't1', request: { scene: 'id=7', page: 'pages/item/index' } })
    expect(code).toMatchObject({ contentType: 'image/png' })
    expect(Buffer.isBuffer(code.buffer)).toBe(true)
    // The flat code event is unchanged.
    expect(await main({ scene: 'id=7' })).toMatchObject({ contentType: 'image/png' })
  })

  test('a bad link request is refused with its field before any openapi call', async () => {
    const { cloud, main } = mainFor()
    const cases: [unknown, string][] = [
      [{ kind: 'urllink', path: 'pages/a?x=1' }, 'path'],
      [{ kind: 'urllink', query: 'a b' }, 'query'],
      [{ kind: 'scheme', expireInterval: 31 }, 'expireInterval'],
      [{ kind: 'scheme', cloudBase: { env: 'e' } }, 'cloudBase'],
      [{ kind: 'shortlink', pageTitle: 'x' }, 'pageUrl'],
      [{ kind: 'shortlink', pageUrl: 'pages/a', pageTitle: 'x'.repeat(21) }, 'pageTitle'],
      [{ request: { kind: 'urllink', expireTime: NOW_S + 31 * 86400 } }, 'expireTime'],
    ]
    for (const [event, field] of cases) {
      expect(await main(event)).toEqual({
        errcode: 40097,
        errmsg: expect.stringMatching(/^invalid_request: /),
        code: 'invalid_request',
        field,
      })
    }
    expect(cloud.calls).toHaveLength(0)
    expect(sim.stats().linkCalls).toBe(0)
  })

  test('permanent short links are refused unless allowed (MINICODE_PERMANENT_SHORT_LINKS=1), then never expire', async () => {
    const refused = mainFor()
    const event = { kind: 'shortlink', pageUrl: 'pages/index/index', isPermanent: true }
    expect(await refused.main(event)).toEqual({
      errcode: 48001,
      errmsg: expect.stringContaining('MINICODE_PERMANENT_SHORT_LINKS=1'),
      code: 'forbidden',
      field: 'isPermanent',
    })
    expect(refused.cloud.calls).toHaveLength(0)
    const allowed = mainFor({ permanentShortLinks: true })
    expect(await allowed.main(event)).toMatchObject({ kind: 'shortlink', expiresAt: null })
    expect(sim.stats().permanentShortLinks).toBe(1)
    expect(logic.permanentShortLinksFromEnv({})).toBe(false)
    expect(logic.permanentShortLinksFromEnv({ MINICODE_PERMANENT_SHORT_LINKS: '1' })).toBe(true)
    expect(logic.permanentShortLinksFromEnv({ MINICODE_PERMANENT_SHORT_LINKS: '0' })).toBe(false)
  })

  test("WeChat's errcodes come back explained, with core's code and retryable", async () => {
    const { main } = mainFor()
    // The simulator's own verdict: a page outside the released version.
    const unreleased = await main({ kind: 'urllink', path: 'pages/draft/index' })
    const core = describeLinkError(unreleased.errcode as number, undefined, 'urllink')
    expect(unreleased).toMatchObject({
      code: core.code,
      retryable: false,
      errmsg: expect.stringContaining('released'),
    })
    expect(unreleased.errcode).toBe(40165)
    sim.inject({ kind: 'errcode', errcode: 45009 }, { endpoint: 'link' })
    expect(await main({ kind: 'scheme' })).toMatchObject({
      errcode: 45009,
      code: 'quota_exhausted',
      retryable: false,
    })
    sim.inject({ kind: 'errcode', errcode: 44990 }, { endpoint: 'link' })
    expect(await main({ kind: 'shortlink', pageUrl: 'pages/index/index' })).toMatchObject({
      errcode: 44990,
      code: 'rate_limited',
      retryable: true,
      errmsg: expect.stringContaining('openapi.shortlink.generate:fail'),
    })
    sim.inject({ kind: 'busy' }, { endpoint: 'link' })
    expect(await main({ kind: 'urllink' })).toMatchObject({
      errcode: -1,
      code: 'wechat_error',
      retryable: true,
    })
  })

  test('an openapi answer without the link is an error, not a link', async () => {
    const cloud = {
      openapi: { urllink: { generate: async () => ({ errCode: 0, errMsg: 'openapi.urllink.generate:ok' }) } },
    }
    const out = await logic.createGetMiniCode(cloud, { now: () => NOW })({ kind: 'urllink' })
    expect(out).toMatchObject({
      errcode: -2,
      errmsg: expect.stringContaining('urlLink'),
      code: 'wechat_error',
    })
  })
})
