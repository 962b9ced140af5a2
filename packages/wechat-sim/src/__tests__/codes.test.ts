import { PNG } from 'pngjs'
import { startWeChatSim, type RunningWeChatSim } from '../index'
import { decodeQr, errcodeOf, getToken, postCode } from './helpers'

const UNLIMITED = '/wxa/getwxacodeunlimit'
const GET = '/wxa/getwxacode'
const QRCODE = '/cgi-bin/wxaapp/createwxaqrcode'
const PAGES = ['pages/index/index', 'pages/goods/detail']

let sim: RunningWeChatSim
let token: string
beforeAll(async () => {
  sim = await startWeChatSim({ releasedPages: PAGES })
})
afterAll(() => sim.close())
beforeEach(async () => {
  sim.reset()
  token = (await getToken(sim)).access_token as string
})

async function errcode(path: string, body: unknown): Promise<number> {
  const r = await postCode(sim, path, token, body)
  expect(r.status).toBe(200)
  expect(r.type).toMatch(/^application\/json/)
  return errcodeOf(r.bytes)
}

describe('success: a real QR image labelled image/jpeg', () => {
  test.each([
    [
      UNLIMITED,
      { scene: 'id=42&from=poster', page: 'pages/goods/detail' },
      'pages/goods/detail?scene=id%3D42%26from%3Dposter',
    ],
    [
      UNLIMITED,
      { scene: "!#$&'()*+,/:;=?@-._~09AZaz" },
      `pages/index/index?scene=${encodeURIComponent("!#$&'()*+,/:;=?@-._~09AZaz")}`,
    ],
    [
      UNLIMITED,
      { scene: 'x'.repeat(32), page: 'pages/drafts/new', check_path: false },
      `pages/drafts/new?scene=${'x'.repeat(32)}`,
    ],
    [GET, { path: 'pages/goods/detail?id=42&from=poster' }, 'pages/goods/detail?id=42&from=poster'],
    [GET, { path: `/pages/a?q=${'z'.repeat(1000)}` }, `/pages/a?q=${'z'.repeat(1000)}`],
    [QRCODE, { path: 'pages/goods/detail?id=42' }, 'pages/goods/detail?id=42'],
    [QRCODE, { path: '页面?名=值' }, '页面?名=值'],
  ])('%s %j encodes %s', async (path, body, text) => {
    const r = await postCode(sim, path, token, body)
    expect(r.status).toBe(200)
    expect(r.type).toBe('image/jpeg')
    // The bytes are a PNG whatever the label says.
    expect(Array.from(r.bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const qr = decodeQr(r.bytes)
    expect(qr.text).toBe(text)
    expect(qr.transparent).toBe(false)
  })

  test.each([
    [undefined, 430],
    [100, 280],
    [280, 280],
    [777, 777],
    [1280, 1280],
    [5000, 1280],
  ])('width %p is drawn at about %i px (clamped to 280–1280)', async (width, expected) => {
    const r = await postCode(sim, UNLIMITED, token, { scene: 'w=1', width })
    const { width: w, height: h, text } = decodeQr(r.bytes)
    expect(w).toBe(h)
    expect(w).toBeLessThanOrEqual(expected)
    expect(w).toBeGreaterThan(expected * 0.85)
    expect(text).toBe('pages/index/index?scene=w%3D1')
  })

  test('is_hyaline gives a transparent PNG, still labelled image/jpeg', async () => {
    const r = await postCode(sim, GET, token, { path: 'pages/index/index', is_hyaline: true })
    expect(r.type).toBe('image/jpeg')
    const qr = decodeQr(r.bytes)
    expect(qr.transparent).toBe(true)
    expect(qr.text).toBe('pages/index/index')
  })

  test('line_color colours the dark modules, unless auto_color is on', async () => {
    const darkest = async (body: object) => {
      const png = PNG.sync.read(
        Buffer.from((await postCode(sim, UNLIMITED, token, { scene: 'c=1', ...body })).bytes),
      )
      const colours = new Set<string>()
      for (let i = 0; i < png.data.length; i += 4)
        colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`)
      colours.delete('255,255,255')
      return [...colours]
    }
    expect(await darkest({ line_color: { r: 0, g: 80, b: 160 } })).toEqual(['0,80,160'])
    expect(await darkest({ line_color: { r: '20', g: '30', b: '40' } })).toEqual(['20,30,40'])
    expect(await darkest({ line_color: { r: 0, g: 80, b: 160 }, auto_color: true })).toEqual(['0,0,0'])
  })
})

describe('errcodes, as WeChat answers them (HTTP 200 JSON)', () => {
  test.each([
    [47001, 'a body that is not JSON', UNLIMITED, 'scene=a'],
    [47001, 'an empty body', GET, ''],
    [40169, 'a JSON array', UNLIMITED, [{ scene: 'a' }]],
    [40169, 'no scene', UNLIMITED, { page: 'pages/index/index' }],
    [40169, 'an empty scene', UNLIMITED, { scene: '' }],
    [40169, 'a number scene', UNLIMITED, { scene: 42 }],
    [40169, 'a 33-character scene', UNLIMITED, { scene: 'x'.repeat(33) }],
    [40129, "'%' in scene", UNLIMITED, { scene: 'name=%E4%B8%AD' }],
    [40129, 'Chinese in scene', UNLIMITED, { scene: 'name=中' }],
    [40129, 'an emoji in scene', UNLIMITED, { scene: 'a=😀' }],
    [40129, 'a space in scene', UNLIMITED, { scene: 'a b' }],
    [41030, 'a page with a leading /', UNLIMITED, { scene: 'a', page: '/pages/goods/detail' }],
    [41030, 'a page with a query', UNLIMITED, { scene: 'a', page: 'pages/goods/detail?id=1' }],
    [41030, 'an unreleased page', UNLIMITED, { scene: 'a', page: 'pages/drafts/new' }],
    [
      41030,
      'an unreleased page with check_path true',
      UNLIMITED,
      { scene: 'a', page: 'pages/drafts/new', check_path: true, env_version: 'develop' },
    ],
    [40097, 'a string check_path', UNLIMITED, { scene: 'a', check_path: 'false' }],
    [40097, 'a bad env_version', UNLIMITED, { scene: 'a', env_version: 'prod' }],
    [40097, 'a string width', UNLIMITED, { scene: 'a', width: 'big' }],
    [40097, 'a line_color out of range', UNLIMITED, { scene: 'a', line_color: { r: 256, g: 0, b: 0 } }],
    [40097, 'a line_color without b', GET, { path: 'p', line_color: { r: 1, g: 0 } }],
    [85096, 'scancode_time', UNLIMITED, { scene: 'a', scancode_time: 1700000000 }],
    [40159, 'no path (get)', GET, { scene: 'a' }],
    [40159, 'a blank path (get)', GET, { path: '  ' }],
    [40159, 'a 1025-character path (get)', GET, { path: 'p'.repeat(1025) }],
    [40159, 'no path (createQRCode)', QRCODE, {}],
    [40159, 'a 129-byte path (createQRCode)', QRCODE, { path: 'p'.repeat(129) }],
    [40159, 'a 43-CJK path = 129 bytes (createQRCode)', QRCODE, { path: '页'.repeat(43) }],
  ])('%i for %s', async (code, _name, path, body) => {
    expect(await errcode(path, body)).toBe(code)
    const stats = sim.stats()
    expect(stats.errcodes[code]).toBe(1)
    expect(stats.images).toBe(0)
    expect(stats.numUsed).toBe(0)
  })

  test('limits hold at their edges: 1024-character get path, 128-byte createQRCode path', async () => {
    expect((await postCode(sim, GET, token, { path: 'p'.repeat(1024) })).type).toBe('image/jpeg')
    expect((await postCode(sim, QRCODE, token, { path: `${'页'.repeat(42)}ab` })).type).toBe('image/jpeg')
  })

  test('a GET on a code API answers 43002; an unknown path answers 404 JSON', async () => {
    const get = await fetch(`${sim.url}${UNLIMITED}?access_token=${token}`)
    expect(((await get.json()) as { errcode: number }).errcode).toBe(43002)
    const unknown = await fetch(`${sim.url}/wxa/nope?access_token=${token}`, { method: 'POST', body: '{}' })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { errcode: number }).errcode).toBe(40066)
  })

  test('the token is checked before the body', async () => {
    const r = await postCode(sim, UNLIMITED, 'bad token', 'not json')
    expect(errcodeOf(r.bytes)).toBe(40014)
  })

  test('every releasedPage is accepted, and without a list every well-formed page is', async () => {
    for (const page of PAGES)
      expect((await postCode(sim, UNLIMITED, token, { scene: 'a', page })).type).toBe('image/jpeg')
    const open = await startWeChatSim()
    try {
      const t = (await getToken(open)).access_token as string
      expect((await postCode(open, UNLIMITED, t, { scene: 'a', page: 'pages/anything/here' })).type).toBe(
        'image/jpeg',
      )
    } finally {
      await open.close()
    }
  })
})

describe('quota and Num-Used', () => {
  test('get and createQRCode share the quota and report Num-Used; getUnlimited counts nothing; 45029 past it', async () => {
    const small = await startWeChatSim({ quota: 3 })
    try {
      const t = (await getToken(small)).access_token as string
      const a = await postCode(small, GET, t, { path: 'pages/a' })
      const u = await postCode(small, UNLIMITED, t, { scene: 'a' })
      const b = await postCode(small, QRCODE, t, { path: 'pages/b' })
      const c = await postCode(small, GET, t, { path: 'pages/c' })
      expect([a.numUsed, u.numUsed, b.numUsed, c.numUsed]).toEqual(['1', null, '2', '3'])
      const over = await postCode(small, QRCODE, t, { path: 'pages/d' })
      expect(errcodeOf(over.bytes)).toBe(45029)
      expect(over.numUsed).toBeNull()
      expect(errcodeOf((await postCode(small, GET, t, { path: 'pages/e' })).bytes)).toBe(45029)
      // The unlimited API has no such quota.
      expect((await postCode(small, UNLIMITED, t, { scene: 'b' })).type).toBe('image/jpeg')
      // A failed call uses none.
      expect(small.stats()).toEqual(expect.objectContaining({ numUsed: 3, quota: 3, images: 5 }))
      small.reset()
      expect(small.stats().numUsed).toBe(0)
    } finally {
      await small.close()
    }
  })

  test('an invalid body uses no quota', async () => {
    expect(await errcode(GET, { path: '' })).toBe(40159)
    expect((await postCode(sim, GET, token, { path: 'pages/a' })).numUsed).toBe('1')
  })
})

describe('rate limit per sliding minute', () => {
  test('45009 past ratePerMinute, again after the minute; other APIs have their own window', async () => {
    let clock = 1_000_000
    const limited = await startWeChatSim({ ratePerMinute: 3, now: () => clock })
    try {
      const t = (await getToken(limited)).access_token as string
      for (let i = 0; i < 3; i++)
        expect((await postCode(limited, UNLIMITED, t, { scene: `n=${i}` })).type).toBe('image/jpeg')
      expect(errcodeOf((await postCode(limited, UNLIMITED, t, { scene: 'n=3' })).bytes)).toBe(45009)
      expect((await postCode(limited, GET, t, { path: 'p' })).type).toBe('image/jpeg')
      clock += 59_999
      expect(errcodeOf((await postCode(limited, UNLIMITED, t, { scene: 'n=4' })).bytes)).toBe(45009)
      clock += 1
      expect((await postCode(limited, UNLIMITED, t, { scene: 'n=5' })).type).toBe('image/jpeg')
      expect(limited.stats().errcodes['45009']).toBe(2)
    } finally {
      await limited.close()
    }
  })

  test('per-endpoint limits, including the token endpoint', async () => {
    const limited = await startWeChatSim({ ratePerMinute: { token: 1, getwxacode: 1 } })
    try {
      const t = (await getToken(limited)).access_token as string
      expect((await getToken(limited)).errcode).toBe(45009)
      expect((await postCode(limited, GET, t, { path: 'p' })).type).toBe('image/jpeg')
      expect(errcodeOf((await postCode(limited, GET, t, { path: 'p' })).bytes)).toBe(45009)
      // getUnlimited keeps its default 5000.
      for (let i = 0; i < 5; i++)
        expect((await postCode(limited, UNLIMITED, t, { scene: 'a' })).type).toBe('image/jpeg')
    } finally {
      await limited.close()
    }
  })

  test('5000 getUnlimited calls a minute by default', async () => {
    const clock = 0
    const limited = await startWeChatSim({ now: () => clock })
    try {
      const t = (await getToken(limited)).access_token as string
      const sim2 = limited
      const burst = async (n: number) => {
        const codes: number[] = []
        for (let i = 0; i < n; i += 100) {
          const batch = await Promise.all(
            Array.from({ length: Math.min(100, n - i) }, () => postCode(sim2, UNLIMITED, t, { scene: 'r' })),
          )
          codes.push(...batch.map((r) => (r.type === 'image/jpeg' ? 0 : errcodeOf(r.bytes))))
        }
        return codes
      }
      const codes = await burst(5001)
      expect(codes.filter((c) => c === 0)).toHaveLength(5000)
      expect(codes.filter((c) => c === 45009)).toHaveLength(1)
    } finally {
      await limited.close()
    }
  }, 60_000)
})
