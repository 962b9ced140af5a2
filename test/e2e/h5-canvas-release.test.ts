/**
 * The H5 poster canvas port in real headless Chromium: each canvas is released (0 × 0) once its data
 * URL is taken, and twenty posters in a row at 1125 × 2100 all come out right — the render loop that
 * left iOS Safari's later canvases blank when canvases kept their memory (html2canvas #2514).
 */
import path from 'node:path'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { launchChromium } from './support/browser'

jest.setTimeout(120_000)

const root = path.resolve(__dirname, '../..')
let browser: Browser
let page: Page

// The port and renderPoster from source, bundled for the page as the H5 build would carry them.
async function bundle(): Promise<string> {
  const entry = `
    import { renderPoster } from '@minicode/core'
    import { createH5CanvasPort } from './packages/taro/src/poster/h5-canvas-port'
    window.minicode = { renderPoster, createH5CanvasPort }
  `
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    alias: { '@minicode/core': path.join(root, 'packages/core/src/index.ts') },
    define: { __DEV__: 'true', 'process.env.NODE_ENV': '"test"' },
    logLevel: 'silent',
  })
  return out.outputFiles[0].text
}

beforeAll(async () => {
  const script = await bundle()
  browser = await launchChromium()
  page = await browser.newPage()
  await page.setContent('<!doctype html><html><body></body></html>')
  await page.addScriptTag({ content: script })
})

afterAll(async () => {
  await browser?.close()
})

test('twenty 1125 x 2100 posters in a row: each right, each canvas released after export', async () => {
  const results = await page.evaluate(async () => {
    const { renderPoster, createH5CanvasPort } = (window as never as { minicode: Record<string, never> })
      .minicode as unknown as {
      renderPoster: (
        spec: unknown,
        options: unknown,
      ) => Promise<{ dataUrl: string; width: number; height: number }>
      createH5CanvasPort: () => { createCanvas: (w: number, h: number) => { canvas: HTMLCanvasElement } }
    }
    const port = createH5CanvasPort()
    // Every canvas the port makes, to look at after the render.
    const canvases: HTMLCanvasElement[] = []
    const create = port.createCanvas.bind(port)
    port.createCanvas = (w, h) => {
      const made = create(w, h)
      canvases.push(made.canvas)
      return made
    }
    const out: Array<{ dataUrl: string; width: number; height: number; released: boolean }> = []
    for (let i = 0; i < 20; i++) {
      // A different colour each time: a blank or stale canvas cannot pass for the right one.
      const fill = `rgb(${i * 12}, ${255 - i * 12}, 128)`
      const poster = await renderPoster(
        {
          width: 1125,
          height: 2100,
          pixelRatio: 1,
          background: '#ffffff',
          elements: [{ type: 'rect', x: 100, y: 1000, width: 900, height: 1000, fill }],
        },
        { port },
      )
      const canvas = canvases[canvases.length - 1]
      out.push({ ...poster, released: canvas.width === 0 && canvas.height === 0 })
    }
    return out.map(({ dataUrl, width, height, released }) => ({ dataUrl, width, height, released }))
  })

  expect(results).toHaveLength(20)
  results.forEach((poster, i) => {
    expect(poster.released).toBe(true)
    expect([poster.width, poster.height]).toEqual([1125, 2100])
    const png = PNG.sync.read(Buffer.from(poster.dataUrl.split(',')[1], 'base64'))
    expect([png.width, png.height]).toEqual([1125, 2100])
    const at = (x: number, y: number) => [
      ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
    ]
    expect(at(50, 50)).toEqual([255, 255, 255, 255])
    expect(at(500, 1500)).toEqual([i * 12, 255 - i * 12, 128, 255])
  })
})
