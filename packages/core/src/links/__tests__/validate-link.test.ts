import { isMiniCodeError } from '../../errors'
import { linkExpiresAt, linkRequestKey, toWeChatLinkBody } from '../link-body'
import { describeLinkError } from '../link-errors'
import { validateLinkRequest } from '../validate-link'

const NOW = Date.UTC(2026, 0, 10, 12)
const NOW_S = NOW / 1000
const now = () => NOW
const DAY = 86_400

/** The field of the invalid_request error `fn` throws. */
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    if (isMiniCodeError(error) && error.code === 'invalid_request') return error.field ?? ''
    throw error
  }
  throw new Error('did not throw')
}
const bad = (req: unknown) => fieldOf(() => validateLinkRequest(req, { now }))

describe('validateLinkRequest', () => {
  test('normalises a URL Link: leading / dropped, release dropped, 30 days by default', () => {
    expect(
      validateLinkRequest(
        { kind: 'urllink', path: ' /pages/item/index ', query: 'id=42', envVersion: 'release' },
        { now },
      ),
    ).toEqual({
      kind: 'urllink',
      path: 'pages/item/index',
      query: 'id=42',
      expireType: 1,
      expireInterval: 30,
    })
  })

  test('the expiry field implies its type; both without a type is ambiguous', () => {
    expect(validateLinkRequest({ kind: 'scheme', expireTime: NOW_S + DAY }, { now })).toEqual({
      kind: 'scheme',
      expireType: 0,
      expireTime: NOW_S + DAY,
    })
    expect(validateLinkRequest({ kind: 'scheme', expireInterval: 7, isExpire: true }, { now })).toEqual({
      kind: 'scheme',
      expireType: 1,
      expireInterval: 7,
    })
    expect(bad({ kind: 'scheme', expireTime: NOW_S + DAY, expireInterval: 3 })).toBe('expireType')
    expect(bad({ kind: 'scheme', expireType: 0, expireInterval: 3 })).toBe('expireInterval')
    expect(bad({ kind: 'scheme', expireType: 1, expireTime: NOW_S + DAY })).toBe('expireTime')
    expect(bad({ kind: 'scheme', expireType: 0 })).toBe('expireTime')
    expect(bad({ kind: 'scheme', expireType: 2 })).toBe('expireType')
  })

  test('expireTime lies between 1 minute and 30 days ahead of the given clock, in seconds', () => {
    expect(bad({ kind: 'urllink', expireTime: NOW_S + 59 })).toBe('expireTime')
    expect(validateLinkRequest({ kind: 'urllink', expireTime: NOW_S + 60 }, { now })).toMatchObject({
      expireTime: NOW_S + 60,
    })
    expect(validateLinkRequest({ kind: 'urllink', expireTime: NOW_S + 30 * DAY }, { now })).toMatchObject({
      expireType: 0,
    })
    expect(bad({ kind: 'urllink', expireTime: NOW_S + 30 * DAY + 1 })).toBe('expireTime')
    expect(bad({ kind: 'urllink', expireTime: NOW + DAY * 1000 })).toBe('expireTime')
    expect(bad({ kind: 'urllink', expireTime: NOW_S + DAY + 0.5 })).toBe('expireTime')
  })

  test.each([0, 31, 2.5, '7'])('expireInterval %p is refused (whole days 1–30)', (value) => {
    expect(bad({ kind: 'urllink', expireInterval: value })).toBe('expireInterval')
  })

  test('isExpire false is refused: WeChat no longer makes links that never expire', () => {
    expect(bad({ kind: 'urllink', isExpire: false })).toBe('isExpire')
  })

  test('path takes a page only; query takes the documented alphabet up to 1024', () => {
    expect(bad({ kind: 'urllink', path: 'pages/a/index?id=1' })).toBe('path')
    expect(bad({ kind: 'urllink', path: 'pages/商品/index' })).toBe('path')
    expect(bad({ kind: 'urllink', path: 'p'.repeat(1025) })).toBe('path')
    expect(bad({ kind: 'scheme', query: 'name=商品' })).toBe('query')
    expect(bad({ kind: 'scheme', query: 'a b' })).toBe('query')
    expect(bad({ kind: 'scheme', query: 'q'.repeat(1025) })).toBe('query')
    const query = "a=1&b=%E5%95%86!#$'()*+,/:;=?@-._~"
    expect(validateLinkRequest({ kind: 'scheme', query }, { now })).toMatchObject({ query })
    expect(validateLinkRequest({ kind: 'scheme', query: 'q'.repeat(1024) }, { now })).toBeTruthy()
  })

  test('envVersion, unknown fields and fields of another kind', () => {
    expect(bad({ kind: 'urllink', envVersion: 'beta' })).toBe('envVersion')
    expect(bad({ kind: 'urllink', env_version: 'trial' })).toBe('env_version')
    expect(bad({ kind: 'scheme', cloudBase: { env: 'x' } })).toBe('cloudBase')
    expect(bad({ kind: 'shortlink', pageUrl: 'pages/a/index', path: 'x' })).toBe('path')
    expect(bad({ kind: 'link' })).toBe('kind')
    expect(bad('urllink')).toBe('')
  })

  test('cloudBase: env required, host-only domain, path without query, appid shape', () => {
    expect(
      validateLinkRequest(
        {
          kind: 'urllink',
          cloudBase: { env: 'prod-1a2b', domain: 'H5.Example.com', path: '/jump.html', query: 'a=1' },
        },
        { now },
      ),
    ).toMatchObject({
      cloudBase: { env: 'prod-1a2b', domain: 'h5.example.com', path: '/jump.html', query: 'a=1' },
    })
    expect(bad({ kind: 'urllink', cloudBase: {} })).toBe('cloudBase.env')
    expect(bad({ kind: 'urllink', cloudBase: { env: 'e', domain: 'https://a.com' } })).toBe(
      'cloudBase.domain',
    )
    expect(bad({ kind: 'urllink', cloudBase: { env: 'e', path: '/a?b=1' } })).toBe('cloudBase.path')
    expect(bad({ kind: 'urllink', cloudBase: { env: 'e', resourceAppid: 'abc' } })).toBe(
      'cloudBase.resourceAppid',
    )
    expect(bad({ kind: 'urllink', cloudBase: { env: 'e', secret: 'x' } })).toBe('cloudBase.secret')
  })

  test('short link: pageUrl required (query allowed, leading / dropped), title ≤ 20 characters, permanence', () => {
    expect(
      validateLinkRequest(
        {
          kind: 'shortlink',
          pageUrl: '/pages/item/index?id=42',
          pageTitle: '今日特价：商品四十二号',
          isPermanent: false,
        },
        { now },
      ),
    ).toEqual({ kind: 'shortlink', pageUrl: 'pages/item/index?id=42', pageTitle: '今日特价：商品四十二号' })
    expect(bad({ kind: 'shortlink' })).toBe('pageUrl')
    expect(bad({ kind: 'shortlink', pageUrl: '?id=1' })).toBe('pageUrl')
    expect(bad({ kind: 'shortlink', pageUrl: 'pages/a/index?q=商品' })).toBe('pageUrl')
    expect(bad({ kind: 'shortlink', pageUrl: 'pages/a/index', pageTitle: '一'.repeat(21) })).toBe('pageTitle')
    expect(
      validateLinkRequest({ kind: 'shortlink', pageUrl: 'p/a', pageTitle: '😀'.repeat(20) }, { now }),
    ).toBeTruthy()
    expect(bad({ kind: 'shortlink', pageUrl: 'pages/a/index', isPermanent: 'true' })).toBe('isPermanent')
  })
})

describe('toWeChatLinkBody', () => {
  test("a scheme's page goes inside jump_wxa; the expiry beside it", () => {
    const req = validateLinkRequest(
      { kind: 'scheme', path: 'pages/a/index', envVersion: 'trial', expireInterval: 3 },
      { now },
    )
    expect(toWeChatLinkBody(req)).toEqual({
      path: '/wxa/generatescheme',
      body: {
        jump_wxa: { path: 'pages/a/index', query: '', env_version: 'trial' },
        is_expire: true,
        expire_type: 1,
        expire_interval: 3,
      },
    })
  })

  test('a URL Link with cloud_base in snake_case; a short link with is_permanent', () => {
    const url = validateLinkRequest(
      {
        kind: 'urllink',
        query: 'id=1',
        expireTime: NOW_S + DAY,
        cloudBase: { env: 'e1', resourceAppid: 'wx0123456789abcdef' },
      },
      { now },
    )
    expect(toWeChatLinkBody(url)).toEqual({
      path: '/wxa/generate_urllink',
      body: {
        path: '',
        query: 'id=1',
        env_version: 'release',
        is_expire: true,
        expire_type: 0,
        expire_time: NOW_S + DAY,
        cloud_base: { env: 'e1', resource_appid: 'wx0123456789abcdef' },
      },
    })
    const short = validateLinkRequest(
      { kind: 'shortlink', pageUrl: 'pages/a/index', isPermanent: true },
      { now },
    )
    expect(toWeChatLinkBody(short)).toEqual({
      path: '/wxa/genwxashortlink',
      body: { page_url: 'pages/a/index', is_permanent: true },
    })
  })

  test('expiry: interval from the issue time, time as given, permanent short links never', () => {
    const v = (r: unknown) => validateLinkRequest(r, { now })
    expect(linkExpiresAt(v({ kind: 'urllink', expireInterval: 2 }), NOW)).toBe(NOW + 2 * DAY * 1000)
    expect(linkExpiresAt(v({ kind: 'urllink', expireTime: NOW_S + 600 }), NOW + 5)).toBe(NOW + 600_000)
    expect(linkExpiresAt(v({ kind: 'shortlink', pageUrl: 'p/a' }), NOW)).toBe(NOW + 30 * DAY * 1000)
    expect(linkExpiresAt(v({ kind: 'shortlink', pageUrl: 'p/a', isPermanent: true }), NOW)).toBeNull()
  })

  test('the key ignores field order and defaults', () => {
    const a = validateLinkRequest(
      { kind: 'urllink', query: 'a=1', path: 'p/a', envVersion: 'release' },
      { now },
    )
    const b = validateLinkRequest(
      { path: '/p/a', kind: 'urllink', expireInterval: 30, query: 'a=1' },
      { now },
    )
    expect(linkRequestKey(a)).toBe(linkRequestKey(b))
    const c = validateLinkRequest({ kind: 'urllink', path: 'p/a', query: 'a=2' }, { now })
    expect(linkRequestKey(c)).not.toBe(linkRequestKey(a))
  })
})

describe('describeLinkError', () => {
  test('45009 is the daily cap here, 44990 a retryable rate, 85400 the permanent quota', () => {
    expect(describeLinkError(45009)).toMatchObject({ code: 'quota_exhausted', retryable: false })
    expect(describeLinkError(44990)).toMatchObject({ code: 'rate_limited', retryable: true })
    expect(describeLinkError(85400, 'reach max', 'shortlink')).toMatchObject({ code: 'quota_exhausted' })
    expect(describeLinkError(85400).message).toMatch(/isPermanent: false/)
  })

  test.each([
    [40165, /path/],
    [40212, /query/],
    [85079, /released/],
    [85401, /30 days/],
    [85402, /env_version/],
    [40066, /page_url/],
    [40225, /title/],
    [40002, /verified/],
  ])('%d is explained', (errcode, advice) => {
    const info = describeLinkError(errcode, 'rid: 1')
    expect(info.code).toBe('wechat_error')
    expect(info.message).toMatch(advice)
    expect(info.message).toContain('rid: 1')
  })

  test('token errors stay token errors', () => {
    expect(describeLinkError(40001)).toMatchObject({ tokenInvalid: true, retryable: true })
  })
})
