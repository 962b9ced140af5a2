import { startWeChatSim, type RunningWeChatSim } from '../index'
import { getToken } from './helpers'

const PAGES = ['pages/index/index', 'pages/item/index']
const T0 = Date.UTC(2026, 0, 10, 4) // 12:00 in Beijing
let clock = T0

let sim: RunningWeChatSim
let token: string
beforeAll(async () => {
  sim = await startWeChatSim({
    releasedPages: PAGES,
    appName: '好物小店',
    now: () => clock,
    linkQuotas: { daily: 3, shortDaily: 4, permanent: 2, perSecond: 1000 },
  })
})
afterAll(() => sim.close())
beforeEach(async () => {
  clock = T0
  sim.reset()
  token = (await getToken(sim)).access_token as string
})

/** Moves the clock, and takes a fresh token when the old one has expired. */
async function setClock(t: number): Promise<void> {
  clock = t
  token = (await getToken(sim)).access_token as string
}

async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return res.json() as Promise<Record<string, unknown>>
}
const urllink = (body: unknown) => call('/wxa/generate_urllink', body)
const scheme = (body: unknown) => call('/wxa/generatescheme', body)
const shortlink = (body: unknown) => call('/wxa/genwxashortlink', body)

test('the three formats, each link new, counted apart from codes', async () => {
  const a = await urllink({ path: 'pages/item/index', query: 'id=42', expire_type: 1, expire_interval: 7 })
  const b = await urllink({ path: '/pages/item/index', query: 'id=42' })
  expect(a).toMatchObject({ errcode: 0, errmsg: 'ok' })
  expect(a.url_link).toMatch(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{11}$/)
  expect(b.url_link).not.toBe(a.url_link)
  const s = await scheme({
    jump_wxa: { path: 'pages/item/index', query: '', env_version: 'trial' },
    expire_type: 1,
    expire_interval: 1,
  })
  expect(s.openlink).toMatch(/^weixin:\/\/dl\/business\/\?t=[0-9A-Za-z]{11}$/)
  const l = await shortlink({
    page_url: 'pages/item/index?id=42',
    page_title: '今日特价',
    is_permanent: false,
  })
  expect(l.link).toMatch(/^#小程序:\/\/好物小店\/[0-9A-Za-z]{15}$/)
  expect(sim.stats()).toMatchObject({
    generate_urllink: 2,
    generatescheme: 1,
    genwxashortlink: 1,
    linkCalls: 4,
    links: 4,
    codeCalls: 0,
  })
})

test.each([
  ['/wxa/generate_urllink', { path: 'pages/missing/index' }, 40165],
  ['/wxa/generate_urllink', { path: 'pages/item/index?id=1' }, 40165],
  ['/wxa/generate_urllink', { query: 'q=商品' }, 40212],
  ['/wxa/generate_urllink', { query: 'q'.repeat(1025) }, 40212],
  ['/wxa/generate_urllink', { env_version: 'beta' }, 85402],
  ['/wxa/generate_urllink', { expire_type: 0, expire_time: Math.floor(T0 / 1000) + 30 }, 85401],
  ['/wxa/generate_urllink', { expire_type: 0, expire_time: Math.floor(T0 / 1000) + 31 * 86400 }, 85401],
  ['/wxa/generate_urllink', { expire_type: 1, expire_interval: 31 }, 85401],
  ['/wxa/generate_urllink', { expire_type: 1, expire_interval: '3' }, 47001],
  ['/wxa/generate_urllink', { cloud_base: { domain: 'a.com' } }, 40097],
  ['/wxa/generatescheme', { jump_wxa: { path: 'pages/nope' } }, 40165],
  ['/wxa/generatescheme', { jump_wxa: 'pages/item/index' }, 47001],
  ['/wxa/genwxashortlink', { page_url: '/pages/item/index' }, 40066],
  ['/wxa/genwxashortlink', { page_url: 'pages/missing/index' }, 40066],
  ['/wxa/genwxashortlink', { page_title: 'x' }, 47001],
  ['/wxa/genwxashortlink', '{not json', 47001],
])('%s %j answers errcode %d and makes no link', async (path, body, errcode) => {
  expect(await call(path, body)).toMatchObject({ errcode })
  expect(sim.stats().links).toBe(0)
})

test('URL Links and Schemes share a daily quota that resets at midnight Beijing time (45009)', async () => {
  await urllink({})
  await scheme({ jump_wxa: {} })
  await urllink({})
  expect(await scheme({ jump_wxa: {} })).toMatchObject({ errcode: 45009 })
  // Short links have their own daily count.
  expect((await shortlink({ page_url: 'pages/index/index' })).link).toBeTruthy()
  await setClock(Date.UTC(2026, 0, 10, 15, 59)) // 23:59 in Beijing: same day
  expect(await urllink({})).toMatchObject({ errcode: 45009 })
  await setClock(Date.UTC(2026, 0, 10, 16, 0)) // midnight in Beijing
  expect((await urllink({})).url_link).toBeTruthy()
})

test('permanent short links have a total that never resets (85400); temporary ones go on', async () => {
  const permanent = { page_url: 'pages/index/index', is_permanent: true }
  expect((await shortlink(permanent)).link).toBeTruthy()
  expect((await shortlink(permanent)).link).toBeTruthy()
  expect(await shortlink(permanent)).toMatchObject({ errcode: 85400 })
  expect(sim.stats().permanentShortLinks).toBe(2)
  await setClock(clock + 2 * 86_400_000)
  expect(await shortlink(permanent)).toMatchObject({ errcode: 85400 })
  expect((await shortlink({ page_url: 'pages/index/index' })).link).toBeTruthy()
})

test('tokens and faults apply as for codes: an unknown token is 40014, a link fault skips code calls', async () => {
  const res = await fetch(`${sim.url}/wxa/generate_urllink?access_token=nope`, { method: 'POST', body: '{}' })
  expect(await res.json()).toMatchObject({ errcode: 40014 })
  sim.inject({ kind: 'errcode', errcode: 44990 }, { endpoint: 'link' })
  expect(await scheme({ jump_wxa: {} })).toMatchObject({ errcode: 44990 })
  expect((await scheme({ jump_wxa: {} })).openlink).toBeTruthy()
  sim.inject({ kind: 'busy' }, { endpoint: 'genwxashortlink' })
  expect(await shortlink({ page_url: 'pages/index/index' })).toMatchObject({ errcode: -1 })
})

test('more than perSecond URL Links in one second answer 44990', async () => {
  const fast = await startWeChatSim({ linkQuotas: { perSecond: 2 }, now: () => clock })
  try {
    const t = (await getToken(fast)).access_token as string
    const make = async () =>
      (
        await fetch(`${fast.url}/wxa/generate_urllink?access_token=${t}`, { method: 'POST', body: '{}' })
      ).json()
    expect((await make()).url_link).toBeTruthy()
    expect((await make()).url_link).toBeTruthy()
    expect(await make()).toMatchObject({ errcode: 44990 })
    clock += 1000
    expect((await make()).url_link).toBeTruthy()
  } finally {
    await fast.close()
  }
})
