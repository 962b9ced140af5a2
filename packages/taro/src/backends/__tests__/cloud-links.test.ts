/**
 * @jest-environment node
 */
import type { LinkRequest } from '@minicode/core'
import { createWeChatSim, type WeChatSim } from '@minicode/wechat-sim'
import { simCloud } from '../../../../server/src/__tests__/fixtures/sim-openapi'
import { cloudBackend, type CloudLike } from '../cloud-backend'
import { failure } from '../../__tests__/fixtures/failure'

// cloudBackend against the real getMiniCode template: wx.cloud.callFunction runs the template's main
// (its openapi behaving as wx-server-sdk's, answered by @minicode/wechat-sim) and hands the app the
// answer as JSON, as the cloud does. The simulator needs Node's globals, so this file runs in Node
// with Taro mocked away (every backend here is given its cloud).
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))

// eslint-disable-next-line @typescript-eslint/no-require-imports
const logic = require('../../../../server/cloudfunction/getMiniCode/logic.js') as {
  createGetMiniCode(
    cloud: unknown,
    options?: { permanentShortLinks?: boolean; now?: () => number },
  ): (event: unknown) => Promise<Record<string, unknown>>
}

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0)
const DAY_MS = 86_400_000

interface TemplateCloud extends CloudLike {
  calls: { name: string; data?: Record<string, unknown> }[]
}

/** wx.cloud whose callFunction runs the template: `{ result, errMsg, requestID }`, the result as JSON. */
function templateCloud(sim: WeChatSim, options: { permanentShortLinks?: boolean } = {}): TemplateCloud {
  const main = logic.createGetMiniCode(simCloud(sim), { now: () => NOW, ...options })
  const calls: TemplateCloud['calls'] = []
  return {
    calls,
    callFunction: async (call) => {
      calls.push(call)
      const result = JSON.parse(JSON.stringify(await main({ ...call.data, userInfo: { openId: 'o1' } })))
      return { result, errMsg: 'cloud.callFunction:ok', requestID: 'r1' }
    },
  }
}

let sim: WeChatSim
beforeEach(() => {
  sim = createWeChatSim({ now: () => NOW, releasedPages: ['pages/index/index', 'pages/item/index'] })
})
afterEach(() => sim.dispose())

test('link() asks the function with { ...data, request } and gives back the link of each kind', async () => {
  const cloud = templateCloud(sim)
  const backend = cloudBackend({ cloud, data: { tenant: 't1' } })
  const request: LinkRequest = { kind: 'urllink', path: 'pages/item/index', query: 'id=42' }
  expect(await backend.link(request)).toEqual({
    kind: 'urllink',
    link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/\w+/),
    expiresAt: NOW + 30 * DAY_MS,
  })
  expect(cloud.calls[0]).toEqual({ name: 'getMiniCode', data: { tenant: 't1', request } })
  expect(await backend.link({ kind: 'scheme', expireInterval: 7 })).toEqual({
    kind: 'scheme',
    link: expect.stringMatching(/^weixin:\/\/dl\/business\/\?t=\w+/),
    expiresAt: NOW + 7 * DAY_MS,
  })
  expect(await backend.link({ kind: 'shortlink', pageUrl: 'pages/item/index?id=42' })).toMatchObject({
    kind: 'shortlink',
    link: expect.stringMatching(/^#小程序:\/\//),
  })
  expect(sim.stats()).toMatchObject({ generate_urllink: 1, generatescheme: 1, genwxashortlink: 1 })
})

test('fetchCode through the same template makes a code (the wrapped request is understood)', async () => {
  const image = await cloudBackend({ cloud: templateCloud(sim) }).fetchCode(
    { scene: 'id=7', page: 'pages/item/index' },
    {},
  )
  expect(image.mime).toBe('image/png')
  expect(sim.stats().getwxacodeunlimit).toBe(1)
})

test("a bad request is 'invalid_request' with its field, refused inside the function before WeChat", async () => {
  const backend = cloudBackend({ cloud: templateCloud(sim) })
  const error = await failure(backend.link({ kind: 'urllink', path: 'pages/item/index?id=1' }))
  expect(error).toMatchObject({ code: 'invalid_request', field: 'path', errcode: 40097 })
  expect(error.message).toContain('getMiniCode')
  const title = await failure(
    backend.link({ kind: 'shortlink', pageUrl: 'pages/item/index', pageTitle: '很长的标题'.repeat(5) }),
  )
  expect(title).toMatchObject({ code: 'invalid_request', field: 'pageTitle' })
  expect(sim.stats().linkCalls).toBe(0)
})

test("a permanent short link is 'forbidden' unless the function allows it", async () => {
  const request: LinkRequest = { kind: 'shortlink', pageUrl: 'pages/index/index', isPermanent: true }
  const refused = await failure(cloudBackend({ cloud: templateCloud(sim) }).link(request))
  expect(refused).toMatchObject({ code: 'forbidden', field: 'isPermanent' })
  expect(refused.message).toContain('MINICODE_PERMANENT_SHORT_LINKS=1')
  const allowed = cloudBackend({ cloud: templateCloud(sim, { permanentShortLinks: true }) })
  expect(await allowed.link(request)).toMatchObject({ kind: 'shortlink', expiresAt: null })
})

test("WeChat's errcodes arrive explained, with core's codes", async () => {
  const backend = cloudBackend({ cloud: templateCloud(sim) })
  const unreleased = await failure(backend.link({ kind: 'urllink', path: 'pages/draft/index' }))
  expect(unreleased).toMatchObject({ code: 'wechat_error', errcode: 40165, retryable: false })
  expect(unreleased.message).toContain('released version')
  sim.inject({ kind: 'errcode', errcode: 45009 }, { endpoint: 'link' })
  expect(await failure(backend.link({ kind: 'scheme' }))).toMatchObject({
    code: 'quota_exhausted',
    errcode: 45009,
    retryable: false,
  })
  sim.inject({ kind: 'errcode', errcode: 44990 }, { endpoint: 'link' })
  expect(await failure(backend.link({ kind: 'scheme' }))).toMatchObject({
    code: 'rate_limited',
    errcode: 44990,
    retryable: true,
  })
})

test("a function of your own: its bare { errcode, errmsg } is explained by core; no link is 'wechat_error'", async () => {
  const answering = (result: unknown): CloudLike => ({
    callFunction: async () => ({ result, errMsg: 'cloud.callFunction:ok' }),
  })
  const bare = await failure(
    cloudBackend({ cloud: answering({ errcode: 85400, errmsg: 'reach max' }) }).link({
      kind: 'shortlink',
      pageUrl: 'pages/a',
    }),
  )
  expect(bare).toMatchObject({ code: 'quota_exhausted', errcode: 85400, retryable: false })
  expect(bare.message).toContain('reach max')
  const none = await failure(cloudBackend({ cloud: answering({ ok: true }) }).link({ kind: 'urllink' }))
  expect(none.code).toBe('wechat_error')
  expect(none.message).toContain('older ones make codes only')
  // An older template refuses the wrapped link request: still a typed error, not a hang or a link.
  const old = await failure(
    cloudBackend({
      cloud: answering({
        errcode: 40097,
        errmsg: "invalid_request: unknown field 'request'",
        field: 'request',
      }),
    }).link({ kind: 'urllink' }),
  )
  expect(old).toMatchObject({ code: 'wechat_error', errcode: 40097, field: 'request' })
})

test('link(): no cloud is unsupported, a failed call is network, an abort is cancelled', async () => {
  const none = await failure(cloudBackend({ cloud: {} as CloudLike }).link({ kind: 'urllink' }))
  expect(none.code).toBe('unsupported')
  const notDeployed: CloudLike = {
    callFunction: () => Promise.reject({ errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName' }),
  }
  expect(await failure(cloudBackend({ cloud: notDeployed }).link({ kind: 'urllink' }))).toMatchObject({
    code: 'network',
    errcode: -501000,
  })
  const never: CloudLike = { callFunction: () => new Promise(() => undefined) }
  const controller = new AbortController()
  const pending = cloudBackend({ cloud: never }).link({ kind: 'urllink' }, { signal: controller.signal })
  controller.abort()
  expect((await failure(pending)).code).toBe('cancelled')
})
