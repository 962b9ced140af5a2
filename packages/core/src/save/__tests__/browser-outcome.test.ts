import { bytesToBase64 } from '../../encoding/base64'
import { createAlbumSim } from '../../testing'
import { browserSaveOutcome, inAppBrowserOf, isMobileBrowser } from '../browser-outcome'
import { saveToAlbum } from '../save-to-album'

// Real user agents, as the apps and browsers send them (the in-app ones as published in the UA fixtures
// of hubvue/tools `__mocks__/ua.ts`, GiantAxeWhy/doraemon `test/constants.ts/user-agent.ts` and
// jsonchou/zax-device `__mocks__/ua-list.js`; the browsers' from their vendors' current releases).
const AGENTS = {
  wechatAndroid:
    'Mozilla/5.0 (Linux; Android 7.1.1; MI 6 Build/NMF26X; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/57.0.2987.132 MQQBrowser/6.2 TBS/043807 Mobile Safari/537.36 MicroMessenger/6.6.1.1220(0x26060135) NetType/4G Language/zh_CN',
  wechatIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 14_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/7.0.18(0x17001231) NetType/4G Language/zh_CN',
  wechatWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c11) XWEB/11275 Flue',
  qq: 'Mozilla/5.0 (Linux; Android 5.1; OPPO R9tm Build/LMY47I; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/53.0.2785.49 Mobile MQQBrowser/6.2 TBS/043128 Safari/537.36 V1_AND_SQ_7.0.0_676_YYB_D PA QQ/7.0.0.3135 NetType/4G WebP/0.3.0 Pixel/1080',
  alipay:
    'Mozilla/5.0 (Linux; U; Android 10; zh-CN; H9493 Build/52.1.A.3.49) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.21.0.169 Mobile Safari/537.36 AlipayChannelId/5136 UCBS/3.21.0.169_200731162109 NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:411|0|3.5,ac:sp) AliApp(AP/10.2.0.8026) AlipayClient/10.2.0.8026 Language/zh-Hans useStatusBar/true isConcaveScreen/false Region/CN NebulaX/1.0.0 Ariver/1.0.0',
  douyin:
    'Mozilla/5.0 (Linux; Android 9; COL-TL10 Build/HUAWEICOL-TL10; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/75.0.3770.156 Mobile Safari/537.36 aweme_130400 JsSdk/1.0 NetType/WIFI Channel/huawei_1 AppName/aweme app_version/13.4.0 ByteLocale/zh-Hans-CN Region/CN AppSkin/black AppTheme/dark TTWebView/0751130003508',
  weibo:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Weibo (iPhone12,1__weibo__11.2.1__iphone__os14.4)',
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 13_2_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0.3 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 8.0.0; Pixel 2 XL Build/OPD1.170816.004) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.89 Mobile Safari/537.36',
  desktopChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  desktopFirefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  desktopSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  desktopEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
  macChromeOnMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.89 Safari/537.36',
}

test.each<[keyof typeof AGENTS, ReturnType<typeof inAppBrowserOf>, boolean, 'downloaded' | 'preview']>([
  ['wechatAndroid', 'wechat', true, 'preview'],
  ['wechatIos', 'wechat', true, 'preview'],
  // WeChat for Windows: a desktop, but its in-app browser drops downloads all the same.
  ['wechatWindows', 'wechat', false, 'preview'],
  ['qq', 'qq', true, 'preview'],
  ['alipay', 'alipay', true, 'preview'],
  ['douyin', 'douyin', true, 'preview'],
  ['weibo', 'weibo', true, 'preview'],
  ['iosSafari', null, true, 'preview'],
  ['androidChrome', null, true, 'preview'],
  ['desktopChrome', null, false, 'downloaded'],
  ['desktopFirefox', null, false, 'downloaded'],
  ['desktopSafari', null, false, 'downloaded'],
  ['desktopEdge', null, false, 'downloaded'],
  ['macChromeOnMac', null, false, 'downloaded'],
])('%s: in-app %s, mobile %s -> %s', (name, app, mobile, outcome) => {
  const ua = AGENTS[name]
  expect(inAppBrowserOf(ua)).toBe(app)
  expect(isMobileBrowser(ua)).toBe(mobile)
  expect(browserSaveOutcome(ua)).toBe(outcome)
})

test('iPadOS Safari asks for the desktop site with a Mac user agent: its touch points tell it', () => {
  expect(browserSaveOutcome(AGENTS.desktopSafari, 0)).toBe('downloaded')
  expect(browserSaveOutcome(AGENTS.desktopSafari, 5)).toBe('preview')
  // A Windows touch screen is still a desktop that downloads.
  expect(browserSaveOutcome(AGENTS.desktopEdge, 10)).toBe('downloaded')
})

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82])
const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`

describe('saveToAlbum says what happened', () => {
  test('a mini-program album: saved', async () => {
    const sim = createAlbumSim({ permission: 'granted' })
    const result = await saveToAlbum(dataUrl, { platform: sim })
    expect(result).toEqual({ filePath: result.filePath, outcome: 'saved' })
    expect(sim.ledger.album).toEqual([result.filePath])
  })

  test('a desktop browser: downloaded, never saved', async () => {
    const sim = createAlbumSim({ platform: 'h5', userAgent: AGENTS.desktopFirefox })
    const result = await saveToAlbum(dataUrl, { platform: sim })
    expect(result.outcome).toBe('downloaded')
    expect(result.previewUrl).toBeUndefined()
    expect(sim.ledger.album).toEqual([result.filePath])
    expect(sim.ledger.leftovers()).toEqual([])
  })

  test.each(['wechatIos', 'qq', 'alipay', 'douyin', 'weibo', 'androidChrome'] as const)(
    '%s: preview with a URL, no download, no file left',
    async (name) => {
      const sim = createAlbumSim({ platform: 'h5', userAgent: AGENTS[name] })
      const result = await saveToAlbum(dataUrl, { platform: sim })
      expect(result).toEqual({
        filePath: result.filePath,
        outcome: 'preview',
        previewUrl: expect.stringMatching(/^blob:/),
      })
      expect(sim.ledger.album).toEqual([])
      expect(sim.ledger.previews).toEqual([result.filePath])
      expect(sim.ledger.leftovers()).toEqual([])
    },
  )

  test('the outcome option overrides the browser; mini-programs always save', async () => {
    const wechat = createAlbumSim({ platform: 'h5', userAgent: AGENTS.wechatAndroid })
    expect((await saveToAlbum(dataUrl, { platform: wechat, outcome: 'download' })).outcome).toBe('downloaded')
    const desktop = createAlbumSim({ platform: 'h5', userAgent: AGENTS.desktopChrome })
    expect((await saveToAlbum(dataUrl, { platform: desktop, outcome: 'preview' })).outcome).toBe('preview')
    const weapp = createAlbumSim({ permission: 'granted' })
    expect((await saveToAlbum(dataUrl, { platform: weapp, outcome: 'preview' })).outcome).toBe('saved')
  })

  test.each(['saved', 'Preview', '', null, 3])(
    'outcome %p is invalid_request on its field, before any call',
    async (bad) => {
      const sim = createAlbumSim({ platform: 'h5' })
      await expect(saveToAlbum(dataUrl, { platform: sim, outcome: bad as never })).rejects.toMatchObject({
        code: 'invalid_request',
        field: 'outcome',
      })
      expect(sim.calls).toEqual([])
    },
  )
})
