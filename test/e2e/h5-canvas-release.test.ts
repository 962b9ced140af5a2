/**
 * The H5 poster canvas port in real headless Chromium: each canvas is released (0 × 0) once its data
 * URL is taken, and twenty posters in a row at 1125 × 2100 all come out right — the render loop that
 * left iOS Safari's later canvases blank when canvases kept their memory (html2canvas #2514).
 */
import { PNG } from 'pngjs'
import { useSourcePage } from './support/source-page'

jest.setTimeout(120_000)

const source = useSourcePage(`
  import { renderPoster } from '@minicode/core'
  import { createH5CanvasPort } from './packages/taro/src/poster/h5-canvas-port'
  window.minicode = { renderPoster, createH5CanvasPort }
`)

test('twenty 1125 x 2100 posters in a row: each right, each canvas released after export', async () => {
  const results = await source.page.evaluate(async () => {
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
