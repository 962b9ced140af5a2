import Taro from '@tarojs/taro'
import { MiniCodeError, bytesToBase64, classifySource, renderPoster, type PosterCanvas } from '@minicode/core'
import { createMiniCanvasPort } from '../mini-canvas-port'
import { createH5CanvasPort } from '../h5-canvas-port'
import { createTaroCanvasPort } from '../taro-canvas-port'
import {
  USER_DATA_PATH,
  decodePng,
  halfPictureSpec as spec,
  installFakeBrowser,
  installFakeWeChat,
  pixel,
  solidPng,
  type FakeBrowser,
  type FakeWeChat,
} from './fake-canvas'

const RED = solidPng('#ff0000')

function addCanvas(id: string, type = '2d'): HTMLElement {
  const el = document.createElement('div')
  el.id = id
  el.setAttribute('type', type)
  document.body.appendChild(el)
  return el
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('mini-program port', () => {
  let wx: FakeWeChat
  beforeEach(() => {
    wx = installFakeWeChat()
  })
  afterEach(() => wx.restore())

  test('waits for a canvas node that appears late, then sizes its backing store', async () => {
    const port = createMiniCanvasPort('late', 2000)
    const made = port.createCanvas(120, 80)
    // Several frames with no node: the port keeps asking.
    await new Promise((r) => setTimeout(r, 60))
    expect(wx.queries).toBeGreaterThan(1)
    addCanvas('late')
    const canvas = (await made) as PosterCanvas
    expect(canvas.canvas).toBe(wx.nodeOf('late'))
    expect([wx.nodeOf('late')!.width, wx.nodeOf('late')!.height]).toEqual([120, 80])
    expect(typeof canvas.context.fillRect).toBe('function')
  })

  test("canvas_unavailable when the node never appears (or isn't a 2d canvas), after the bounded wait", async () => {
    addCanvas('old-canvas', 'webgl')
    await expect(createMiniCanvasPort('missing', 80).createCanvas(10, 10)).rejects.toMatchObject({
      code: 'canvas_unavailable',
    })
    const error = await Promise.resolve(createMiniCanvasPort('old-canvas', 80).createCanvas(10, 10)).catch(
      (e) => e,
    )
    expect(error).toBeInstanceOf(MiniCodeError)
    expect(error.code).toBe('canvas_unavailable')
    expect(error.message).toContain('id="old-canvas"')
  })

  test('canvas_unavailable also when the host never answers the query', async () => {
    wx.restore()
    wx = installFakeWeChat({ silentQuery: true })
    addCanvas('quiet')
    await expect(createMiniCanvasPort('quiet', 80).createCanvas(10, 10)).rejects.toMatchObject({
      code: 'canvas_unavailable',
    })
  })

  test('base64 images are written under USER_DATA_PATH, loaded by path (never as a data URI) and removed by dispose()', async () => {
    addCanvas('c1')
    const port = createMiniCanvasPort('c1')
    const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
    const image = await port.loadImage(classifySource(`data:image/png;base64,${bytesToBase64(RED)}`), {
      canvas,
    })
    expect(image.width).toBe(8)
    expect(wx.written).toHaveLength(1)
    expect(wx.written[0].startsWith(`${USER_DATA_PATH}/`)).toBe(true)
    expect(wx.written[0]).toMatch(/\.png$/)
    expect(wx.loads).toEqual(wx.written)
    await port.dispose()
    expect(wx.removed).toEqual(wx.written)
    expect(wx.files.has(wx.written[0])).toBe(false)
  })

  test('bytes (a code image) are written as the base64 of those bytes, with encoding base64, on every host', async () => {
    addCanvas('c6')
    const fsm = Taro.getFileSystemManager
    const sent: Array<[unknown, string | undefined]> = []
    Taro.getFileSystemManager = (() => {
      const real = fsm()
      return {
        ...real,
        writeFile: (o: { data: unknown; encoding?: string }) => {
          sent.push([o.data, o.encoding])
          return real.writeFile(o as never)
        },
      }
    }) as never
    const env = process.env.TARO_ENV
    try {
      const port = createMiniCanvasPort('c6')
      const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
      await expect(port.loadImage(classifySource(RED), { canvas })).resolves.toMatchObject({ width: 8 })
      expect(sent).toEqual([[bytesToBase64(RED), 'base64']])
      expect(new Uint8Array(wx.files.get(wx.written[0])!)).toEqual(new Uint8Array(RED))
      process.env.TARO_ENV = 'alipay'
      await port.loadImage(classifySource(RED), { canvas })
      expect(sent[1]).toEqual([bytesToBase64(RED), 'base64'])
      await port.dispose()
      expect(wx.removed).toEqual(wx.written)
    } finally {
      process.env.TARO_ENV = env
      Taro.getFileSystemManager = fsm
    }
  })

  test('a URL goes to createImage as it is; its failure rejects', async () => {
    addCanvas('c2')
    wx.net.set('https://cdn.example.com/a.png', RED)
    const port = createMiniCanvasPort('c2')
    const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
    await expect(
      port.loadImage(classifySource('https://cdn.example.com/a.png'), { canvas }),
    ).resolves.toMatchObject({ width: 8 })
    await expect(
      port.loadImage(classifySource('https://cdn.example.com/missing.png'), { canvas }),
    ).rejects.toMatchObject({
      errMsg: expect.stringContaining('image load fail'),
    })
    expect(wx.written).toEqual([])
  })

  test('a cloud fileID loads through its temp URL; a per-file failure and a missing Taro.cloud reject raw', async () => {
    const taro = Taro as unknown as { cloud?: unknown }
    const saved = taro.cloud
    addCanvas('c5')
    wx.net.set('https://tcb.example.com/a.png', RED)
    const asked: string[][] = []
    taro.cloud = {
      getTempFileURL: async ({ fileList }: { fileList: string[] }) => {
        asked.push(fileList)
        return {
          // WeChat reports a per-file failure inside a successful call.
          fileList: fileList.map((fileID) =>
            fileID.endsWith('a.png')
              ? { fileID, status: 0, tempFileURL: 'https://tcb.example.com/a.png' }
              : { fileID, status: -503003, tempFileURL: '', errMsg: 'STORAGE_FILE_NONEXIST' },
          ),
        }
      },
    }
    try {
      const port = createMiniCanvasPort('c5', 2000)
      const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
      await expect(port.loadImage(classifySource('cloud://env-1/a.png'), { canvas })).resolves.toMatchObject({
        width: 8,
      })
      expect(asked).toEqual([['cloud://env-1/a.png']])
      expect(wx.loads).toContain('https://tcb.example.com/a.png')
      await expect(
        port.loadImage(classifySource('cloud://env-1/gone.png'), { canvas }),
      ).rejects.toMatchObject({
        errMsg: 'STORAGE_FILE_NONEXIST',
        errCode: -503003,
      })
      taro.cloud = undefined
      await expect(port.loadImage(classifySource('cloud://env-1/a.png'), { canvas })).rejects.toMatchObject({
        errMsg: expect.stringContaining('not supported'),
      })
    } finally {
      taro.cloud = saved
    }
  })

  test('renders and exports with canvasToTempFilePath({ canvas }) at the backing-store size', async () => {
    addCanvas('c3')
    const port = createTaroCanvasPort('c3')
    const poster = await renderPoster(spec(`data:image/png;base64,${bytesToBase64(RED)}`), {
      port,
      deviceRatio: 2,
    })
    await port.dispose()
    expect(poster.dataUrl).toBeUndefined()
    expect(poster.tempFilePath).toMatch(/^http:\/\/tmp\//)
    expect(wx.exports).toEqual([
      { destWidth: 80, destHeight: 40, tempFilePath: poster.tempFilePath, node: wx.nodeOf('c3') },
    ])
    const png = wx.files.get(poster.tempFilePath!)!
    expect(decodePng(png).width).toBe(80)
    expect(pixel(png, 10, 20)).toEqual([255, 255, 255, 255])
    expect(pixel(png, 60, 20)).toEqual([255, 0, 0, 255])
    expect(wx.removed).toEqual(wx.written)
  })

  test("on Alipay, exports with the 2D canvas's own toTempFilePath (my.canvasToTempFilePath knows only the old canvas)", async () => {
    addCanvas('c7')
    const taro = Taro as unknown as Record<string, unknown>
    const wxExport = taro.canvasToTempFilePath as (o: object) => Promise<{ tempFilePath: string }>
    const env = process.env.TARO_ENV
    const asked: object[] = []
    taro.canvasToTempFilePath = () => Promise.reject({ errMsg: 'canvasToTempFilePath:fail canvas not found' })
    process.env.TARO_ENV = 'alipay'
    try {
      const port = createTaroCanvasPort('c7')
      const canvas = (await port.createCanvas(80, 40)) as PosterCanvas
      const node = canvas.canvas as Record<string, unknown>
      // Older Alipay base libraries answer apFilePath only.
      node.toTempFilePath = (o: { success(r: object): void; fail(e: unknown): void }) => {
        asked.push(o)
        wxExport({ ...o, canvas: node }).then((r) => o.success({ apFilePath: r.tempFilePath }), o.fail)
      }
      const poster = await renderPoster(spec(`data:image/png;base64,${bytesToBase64(RED)}`), {
        port,
        deviceRatio: 2,
      })
      await port.dispose()
      expect(asked).toEqual([expect.objectContaining({ destWidth: 80, destHeight: 40, fileType: 'png' })])
      expect(poster.tempFilePath).toBe(wx.exports[0].tempFilePath)
      expect(pixel(wx.files.get(poster.tempFilePath!)!, 60, 20)).toEqual([255, 0, 0, 255])
    } finally {
      process.env.TARO_ENV = env
      taro.canvasToTempFilePath = wxExport
    }
  })

  test('image_load_failed names the element', async () => {
    addCanvas('c4')
    const port = createTaroCanvasPort('c4')
    const error = await renderPoster(spec('https://cdn.example.com/gone.png'), { port }).catch((e) => e)
    expect(error).toMatchObject({ code: 'image_load_failed', field: 'elements[0].src' })
    expect(error.message).toContain('photo')
    expect(wx.exports).toEqual([])
  })
})

describe('H5 port', () => {
  let browser: FakeBrowser
  beforeEach(() => {
    browser = installFakeBrowser()
  })
  afterEach(() => browser.restore())

  test('draws on an off-DOM canvas and exports a data URL; no selector query, no canvasToTempFilePath', async () => {
    const query = jest.spyOn(Taro, 'createSelectorQuery')
    const toTempFile = jest.spyOn(Taro, 'canvasToTempFilePath')
    const port = createTaroCanvasPort('not-in-the-page')
    const poster = await renderPoster(spec(`data:image/png;base64,${bytesToBase64(RED)}`), {
      port,
      deviceRatio: 1,
    })
    expect(query).not.toHaveBeenCalled()
    expect(toTempFile).not.toHaveBeenCalled()
    query.mockRestore()
    toTempFile.mockRestore()
    expect(poster.tempFilePath).toBeUndefined()
    expect(poster.dataUrl).toMatch(/^data:image\/png;base64,/)
    expect(browser.canvases).toHaveLength(1)
    expect(document.querySelector('canvas')).toBeNull()
    const png = Buffer.from(poster.dataUrl!.split(',')[1], 'base64')
    expect(pixel(png, 5, 10)).toEqual([255, 255, 255, 255])
    expect(pixel(png, 30, 10)).toEqual([255, 0, 0, 255])
    // The data URL itself went to the image: a browser loads it directly.
    expect(browser.loads[0].startsWith('data:image/png;base64,')).toBe(true)
  })

  test('bytes (a code image) load as a data URL of those bytes', async () => {
    const port = createH5CanvasPort()
    const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
    await expect(port.loadImage(classifySource(RED), { canvas })).resolves.toMatchObject({ width: 8 })
    expect(browser.loads).toEqual([`data:image/png;base64,${bytesToBase64(RED)}`])
  })

  test('URLs load with crossOrigin anonymous (a tainted canvas cannot export); a cloud fileID fails typed', async () => {
    browser.net.set('https://cdn.example.com/a.png', RED)
    const port = createH5CanvasPort()
    const canvas = (await port.createCanvas(10, 10)) as PosterCanvas
    const img = (await port.loadImage(classifySource('https://cdn.example.com/a.png'), {
      canvas,
    })) as unknown as { crossOrigin: string }
    expect(img.crossOrigin).toBe('anonymous')
    await expect(port.loadImage(classifySource('cloud://env-1/a.png'), { canvas })).rejects.toMatchObject({
      code: 'unsupported',
    })
  })
})
