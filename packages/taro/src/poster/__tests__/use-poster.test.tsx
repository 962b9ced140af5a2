import { StrictMode, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { act, render, renderHook } from '@testing-library/react'
import jsQR from 'jsqr'
import { bytesToBase64, createQrMatrix, type PosterSpec } from '@minicode/core'
import { Poster } from '../poster'
import { usePoster, type UsePosterOptions, type UsePosterResult } from '../use-poster'
import {
  decodePng as decode,
  deferred,
  halfPictureSpec as spec,
  installFakeBrowser,
  installFakeWeChat,
  pixel,
  solidPng,
  type FakeBrowser,
  type FakeWeChat,
} from './fake-canvas'
import { controllable, png, PNG_A } from '../../mini-code/__tests__/helpers'

const dataUrl = (bytes: Uint8Array) => `data:image/png;base64,${bytesToBase64(bytes)}`

/** Waits (in act) until `done()` holds: renders settle through timers and image decodes. */
async function until(done: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    await act(() => new Promise((r) => setTimeout(r, 5)))
  }
  if (!done()) throw new Error(`timed out waiting for ${what}`)
}

/** A page with usePoster; the hook's canvas rendered as the hook asks. */
function mount(
  initial: PosterSpec | null,
  options: UsePosterOptions = {},
  wrap = (n: ReactNode) => <>{n}</>,
) {
  const seen: UsePosterResult[] = []
  function Page({ spec }: { spec: PosterSpec | null }) {
    const poster = usePoster(spec, options)
    seen.push(poster)
    return <>{poster.canvas}</>
  }
  const view = render(wrap(<Page spec={initial} />))
  return {
    seen,
    last: () => seen[seen.length - 1],
    rerender: (spec: PosterSpec | null) => view.rerender(wrap(<Page spec={spec} />)),
    unmount: view.unmount,
  }
}

describe('on a mini-program', () => {
  let wx: FakeWeChat
  beforeEach(() => {
    wx = installFakeWeChat()
  })
  afterEach(() => {
    wx.restore()
    document.body.innerHTML = ''
  })

  test('renders the off-screen 2d canvas, draws, exports a temp file; idle -> rendering -> ready', async () => {
    const onReady = jest.fn()
    const page = mount(spec(dataUrl(solidPng('#ff0000'))), { deviceRatio: 2, onReady })
    const canvas = document.querySelector('[type="2d"]') as HTMLElement
    expect(canvas).not.toBeNull()
    expect(canvas.id).toMatch(/^minicode-poster-\d+$/)
    // Off screen but displayed: a display:none 2D canvas draws nothing on some hosts.
    expect(canvas.style.position).toBe('fixed')
    expect(parseInt(canvas.style.left, 10)).toBeLessThanOrEqual(-9999)
    expect(canvas.style.display).not.toBe('none')

    await until(() => page.last().status === 'ready', 'ready')
    const statuses = page.seen.map((s) => s.status).filter((s, i, all) => s !== all[i - 1])
    expect(statuses).toEqual(['idle', 'rendering', 'ready'])
    const { tempFilePath, dataUrl: url, error } = page.last()
    expect(error).toBeNull()
    expect(url).toBeNull()
    expect(tempFilePath).toBe(wx.exports[0].tempFilePath)
    expect(onReady).toHaveBeenCalledTimes(1)
    expect(onReady.mock.calls[0][0]).toMatchObject({ tempFilePath, width: 80, height: 40, pixelRatio: 2 })
    const out = wx.files.get(tempFilePath!)!
    expect(pixel(out, 10, 20)).toEqual([255, 255, 255, 255])
    expect(pixel(out, 60, 20)).toEqual([255, 0, 0, 255])
    // The file written for the base64 image is gone; the exported temp file stays.
    await until(() => wx.removed.length === wx.written.length, 'cleanup')
    expect(wx.written).toHaveLength(1)
  })

  test('several posters on one page: unique canvas ids, each draws its own picture', async () => {
    const results: Record<string, string> = {}
    render(
      <>
        <Poster
          spec={spec(dataUrl(solidPng('#ff0000')))}
          deviceRatio={1}
          onReady={(p) => (results.red = p.tempFilePath!)}
        />
        <Poster
          spec={spec(dataUrl(solidPng('#0000ff')))}
          deviceRatio={1}
          onReady={(p) => (results.blue = p.tempFilePath!)}
        />
      </>,
    )
    const ids = [...document.querySelectorAll('[type="2d"]')].map((el) => el.id)
    expect(ids).toHaveLength(2)
    expect(new Set(ids).size).toBe(2)
    await until(() => !!results.red && !!results.blue, 'both posters')
    expect(pixel(wx.files.get(results.red)!, 30, 10)).toEqual([255, 0, 0, 255])
    expect(pixel(wx.files.get(results.blue)!, 30, 10)).toEqual([0, 0, 255, 255])
    expect(new Set(wx.exports.map((e) => e.node)).size).toBe(2)
  })

  test('unmount mid-render: no state update, no callback, the written file still removed', async () => {
    const held = deferred<Buffer>()
    wx.net.set('https://cdn.example.com/slow.png', held.promise)
    const onReady = jest.fn()
    const onError = jest.fn()
    const consoleError = jest.spyOn(console, 'error')
    const page = mount(
      {
        ...spec('https://cdn.example.com/slow.png'),
        elements: [
          ...spec('https://cdn.example.com/slow.png').elements,
          { type: 'image', x: 0, y: 0, width: 10, height: 10, src: dataUrl(solidPng('#00ff00')) },
        ],
      },
      { onReady, onError },
    )
    await until(() => wx.loads.length === 2, 'both images loading')
    const renders = page.seen.length
    page.unmount()
    held.resolve(solidPng('#ff0000'))
    await until(() => wx.removed.length === 1, 'cleanup')
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(page.seen.length).toBe(renders)
    expect(onReady).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
    // Aborted before drawing: nothing exported.
    expect(wx.exports).toEqual([])
    expect(consoleError).not.toHaveBeenCalled()
    consoleError.mockRestore()
  })

  test.each([
    ['with AbortController', false],
    ['without AbortController, as on older mini-program engines', true],
  ])(
    'a newer render wins: the older one, finishing later, neither shows nor draws (%s)',
    async (_name, noAbortController) => {
      const saved = globalThis.AbortController
      if (noAbortController) delete (globalThis as { AbortController?: unknown }).AbortController
      try {
        const held = deferred<Buffer>()
        wx.net.set('https://cdn.example.com/old.png', held.promise)
        const onReady = jest.fn()
        const page = mount(spec('https://cdn.example.com/old.png'), { onReady, deviceRatio: 1 })
        await until(() => wx.loads.length === 1, 'old image loading')
        page.rerender(spec(dataUrl(solidPng('#0000ff'))))
        await until(() => page.last().status === 'ready', 'new poster')
        held.resolve(solidPng('#ff0000'))
        await act(() => new Promise((r) => setTimeout(r, 30)))
        expect(page.last().status).toBe('ready')
        expect(onReady).toHaveBeenCalledTimes(1)
        expect(wx.exports).toHaveLength(1)
        expect(page.last().tempFilePath).toBe(wx.exports[0].tempFilePath)
        expect(pixel(wx.files.get(wx.exports[0].tempFilePath)!, 30, 10)).toEqual([0, 0, 255, 255])
        // Nothing drew over the canvas afterwards.
        const node = wx.exports[0].node
        const [r, g, b] = node.canvas.getContext('2d').getImageData(30, 10, 1, 1).data
        expect([r, g, b]).toEqual([0, 0, 255])
      } finally {
        globalThis.AbortController = saved
      }
    },
  )

  test('image_load_failed names the element; render() retries once the image is back', async () => {
    const onError = jest.fn()
    const page = mount(spec('https://cdn.example.com/avatar.png', 'avatar'), { onError })
    await until(() => page.last().status === 'error', 'error')
    const { error } = page.last()
    expect(error).toMatchObject({ code: 'image_load_failed', field: 'elements[0].src' })
    expect(error!.message).toContain('avatar')
    expect(onError).toHaveBeenCalledWith(error)
    expect(page.last().tempFilePath).toBeNull()

    wx.net.set('https://cdn.example.com/avatar.png', solidPng('#ff0000'))
    let result: unknown
    await act(async () => {
      result = await page.last().render()
    })
    expect(page.last().status).toBe('ready')
    expect(result).toMatchObject({ tempFilePath: page.last().tempFilePath })
  })

  test('canvas_unavailable when the canvas is never rendered (bounded wait, the render settles)', async () => {
    jest.useFakeTimers()
    try {
      const { result } = renderHook(() => usePoster(spec(dataUrl(solidPng('#ff0000')))))
      expect(result.current.status).toBe('rendering')
      await act(() => jest.advanceTimersByTimeAsync(5000))
      expect(result.current.status).toBe('error')
      expect(result.current.error).toMatchObject({ code: 'canvas_unavailable' })
      expect(wx.queries).toBeGreaterThan(10)
    } finally {
      jest.useRealTimers()
    }
  })

  test('a code element comes through the backend; a qr element through the injected encoder; both decode', async () => {
    const backend = controllable()
    const withCodes: PosterSpec = {
      width: 300,
      height: 150,
      background: '#ffffff',
      elements: [
        {
          type: 'code',
          id: 'code',
          x: 10,
          y: 10,
          size: 130,
          request: { scene: 'id=42', page: 'pages/index/index' },
        },
        { type: 'qr', id: 'qr', x: 160, y: 10, size: 130, text: 'https://example.com/q?id=42' },
      ],
    }
    const page = mount(withCodes, { backend, qr: createQrMatrix, deviceRatio: 1 })
    await until(() => backend.calls.length === 1, 'code fetch')
    expect(backend.calls[0].request).toMatchObject({ scene: 'id=42' })
    backend.calls[0].resolve(png(PNG_A))
    await until(() => page.last().status === 'ready', 'ready')
    const img = decode(wx.files.get(page.last().tempFilePath!)!)
    const crop = (x0: number) => {
      const out = new Uint8ClampedArray(150 * 150 * 4)
      for (let y = 0; y < 150; y++)
        out.set(img.data.subarray((y * 300 + x0) * 4, (y * 300 + x0 + 150) * 4), y * 150 * 4)
      return jsQR(out, 150, 150)?.data
    }
    expect(crop(0)).toBe('https://example.com/mp?scene=a')
    expect(crop(150)).toBe('https://example.com/q?id=42')
  })

  test("the pixel ratio defaults to the device's (getWindowInfo, else getSystemInfoSync); spec.pixelRatio wins", async () => {
    const taro = Taro as unknown as Record<string, unknown>
    const saved = [taro.getWindowInfo, taro.getSystemInfoSync]
    try {
      taro.getWindowInfo = () => ({ pixelRatio: 3 })
      const a = mount(spec(dataUrl(solidPng('#ff0000'))))
      await until(() => a.last().status === 'ready', 'ready')
      expect(wx.exports[0]).toMatchObject({ destWidth: 120, destHeight: 60 })
      taro.getWindowInfo = undefined
      taro.getSystemInfoSync = () => ({ pixelRatio: 1.5 })
      const b = mount(spec(dataUrl(solidPng('#ff0000'))))
      await until(() => b.last().status === 'ready', 'ready')
      expect(wx.exports[1]).toMatchObject({ destWidth: 60, destHeight: 30 })
      const c = mount({ ...spec(dataUrl(solidPng('#ff0000'))), pixelRatio: 1 })
      await until(() => c.last().status === 'ready', 'ready')
      expect(wx.exports[2]).toMatchObject({ destWidth: 40, destHeight: 20 })
    } finally {
      ;[taro.getWindowInfo, taro.getSystemInfoSync] = saved
    }
  })

  test('null spec: idle, no canvas; render() resolves null', async () => {
    const page = mount(null)
    expect(page.last().status).toBe('idle')
    expect(page.last().canvas).toBeNull()
    expect(document.querySelector('[type="2d"]')).toBeNull()
    await expect(page.last().render()).resolves.toBeNull()
  })

  test('StrictMode: one poster, one export', async () => {
    const onReady = jest.fn()
    const page = mount(spec(dataUrl(solidPng('#ff0000'))), { onReady }, (n) => <StrictMode>{n}</StrictMode>)
    await until(() => page.last().status === 'ready', 'ready')
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(onReady).toHaveBeenCalledTimes(1)
    expect(wx.exports).toHaveLength(1)
  })
})

describe('on H5', () => {
  let browser: FakeBrowser
  beforeEach(() => {
    browser = installFakeBrowser()
  })
  afterEach(() => browser.restore())

  test('no canvas in the page; a PNG data URL at window.devicePixelRatio, no temp file', async () => {
    const saved = window.devicePixelRatio
    window.devicePixelRatio = 2
    const page = mount(spec(dataUrl(solidPng('#ff0000'))))
    window.devicePixelRatio = saved
    expect(page.last().canvas).toBeNull()
    await until(() => page.last().status === 'ready', 'ready')
    expect(page.last().tempFilePath).toBeNull()
    const url = page.last().dataUrl!
    expect(url).toMatch(/^data:image\/png;base64,/)
    const out = Buffer.from(url.split(',')[1], 'base64')
    expect(decode(out).width).toBe(80)
    expect(pixel(out, 60, 20)).toEqual([255, 0, 0, 255])
  })

  test('a spec changing by content re-renders; an equal literal does not', async () => {
    const onReady = jest.fn()
    const page = mount(spec(dataUrl(solidPng('#ff0000'))), { deviceRatio: 1, onReady })
    await until(() => page.last().status === 'ready', 'ready')
    page.rerender(spec(dataUrl(solidPng('#ff0000'))))
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(onReady).toHaveBeenCalledTimes(1)
    page.rerender(spec(dataUrl(solidPng('#00ff00'))))
    await until(() => onReady.mock.calls.length === 2, 'second render')
    expect(pixel(Buffer.from(page.last().dataUrl!.split(',')[1], 'base64'), 30, 10)).toEqual([0, 255, 0, 255])
  })
})
