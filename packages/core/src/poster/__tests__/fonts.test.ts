// Issue #13: spec.fonts are loaded through the port before anything is measured; a font that fails is
// 'font_load_failed' naming it, or falls back when the spec says so.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { splitGraphemes } from '../../text'
import { measurePoster } from '../measure-poster'
import { renderPoster } from '../render-poster'
import type { PosterCanvasPort } from '../render-poster'
import type { PosterSpec } from '../types'
import { FONT, dataUrlBytes, nodeCanvasPort, registerFonts } from './node-canvas'

beforeAll(() => registerFonts())

/** The system's Noto Sans CJK Bold file (CI installs fonts-noto-cjk). */
const boldFile = execFileSync('fc-match', ['-f', '%{file}', 'Noto Sans CJK SC:style=Bold'], {
  encoding: 'utf8',
}).trim()

function titled(family: string, fonts: PosterSpec['fonts']): PosterSpec {
  return {
    width: 240,
    height: 60,
    background: '#ffffff',
    fonts,
    elements: [{ type: 'text', x: 10, y: 10, text: 'Brand 品牌 Wi', size: 28, family, weight: 'bold' }],
  }
}

test('a font of the spec is loaded before measuring, and the text is drawn in it', async () => {
  const port = nodeCanvasPort()
  // Measures are logged too, to see the font came first.
  const createCanvas = port.createCanvas.bind(port)
  port.createCanvas = async (w, h) => {
    const canvas = await createCanvas(w, h)
    const measureText = canvas.context.measureText.bind(canvas.context)
    canvas.context.measureText = (text: string) => {
      port.loaded.push('measure')
      return measureText(text)
    }
    return canvas
  }
  const family = 'Brand Sans One'
  const out = await renderPoster(titled(family, [{ family, src: boldFile, weight: 'bold' }]), { port })
  expect(port.loaded[0]).toBe(`font:${family}`)
  expect(port.loaded.indexOf('measure')).toBeGreaterThan(0)

  // The same file registered as the golden family draws the same pixels: the font was used.
  const reference = await renderPoster(titled(FONT, undefined), { port: nodeCanvasPort() })
  expect(Buffer.from(dataUrlBytes(out.dataUrl!)).equals(Buffer.from(dataUrlBytes(reference.dataUrl!)))).toBe(
    true,
  )
})

test("a font that fails is font_load_failed at fonts[i], naming its family; with fallback: true it isn't", async () => {
  const bad = 'data:font/ttf;base64,' + Buffer.from('not a font at all').toString('base64')
  const fonts = [
    { family: 'Brand Sans Two', src: boldFile },
    { family: 'Broken Face', src: bad },
  ]
  const error = await renderPoster(titled('Broken Face', fonts), { port: nodeCanvasPort() }).catch((e) => e)
  expect(error).toMatchObject({ code: 'font_load_failed', field: 'fonts[1]' })
  expect(error.message).toContain('"Broken Face"')

  const fallback = [fonts[0], { ...fonts[1], fallback: true }]
  const out = await renderPoster(titled(`Broken Face, ${FONT}`, fallback), { port: nodeCanvasPort() })
  expect(out.dataUrl).toMatch(/^data:image\/png/)
})

test('a port that cannot load fonts is unsupported, unless the font may fall back', async () => {
  const { loadFont: _loadFont, ...port } = nodeCanvasPort()
  const spec = titled(FONT, [{ family: 'Brand Sans Three', src: boldFile }])
  await expect(renderPoster(spec, { port: port as PosterCanvasPort })).rejects.toMatchObject({
    code: 'unsupported',
    field: 'fonts[0]',
  })
  const fallback = titled(FONT, [{ family: 'Brand Sans Three', src: boldFile, fallback: true }])
  await expect(renderPoster(fallback, { port: port as PosterCanvasPort })).resolves.toMatchObject({
    width: 480,
  })
})

test('a font load that never answers times out as font_load_failed', async () => {
  const port = nodeCanvasPort()
  port.loadFont = () => new Promise(() => undefined)
  const spec = titled(FONT, [{ family: 'Slow Face', src: 'https://fonts.example.com/slow.ttf' }])
  await expect(renderPoster(spec, { port, imageTimeout: 50 })).rejects.toMatchObject({
    code: 'font_load_failed',
    field: 'fonts[0]',
  })
})

test('fonts are validated with their path', async () => {
  const cases: Array<[unknown, string]> = [
    ['not an array', 'fonts'],
    [[{ src: boldFile }], 'fonts[0].family'],
    [[{ family: 'A "quoted" name', src: boldFile }], 'fonts[0].family'],
    [[{ family: 'Ok', src: '' }], 'fonts[0].src'],
    [[{ family: 'Ok', src: boldFile, weight: 'heavy' }], 'fonts[0].weight'],
    [[{ family: 'Ok', src: boldFile, fallback: 'yes' }], 'fonts[0].fallback'],
  ]
  for (const [fonts, field] of cases) {
    const spec = { ...titled(FONT, undefined), fonts } as PosterSpec
    await expect(renderPoster(spec, { port: nodeCanvasPort() })).rejects.toMatchObject({
      code: 'invalid_request',
      field,
    })
  }
  expect(readFileSync(boldFile).length).toBeGreaterThan(1000)
})

test('a measure kept across a font load measures again in the loaded font (no stale widths)', async () => {
  // One long-lived measure, as an app keeps createTaroMeasure's: measurePoster before the font is
  // there gets the fallback's widths, and after a render loaded it, the font's own. (Not measured on
  // @napi-rs/canvas: it keeps a width it measured in a family before that family was registered.)
  let loaded = false
  const measure = (text: string): number => splitGraphemes(text).length * (loaded ? 20 : 12)
  const port = nodeCanvasPort()
  port.loadFont = async () => {
    loaded = true
  }
  const spec: PosterSpec = {
    width: 600,
    height: 'auto',
    fonts: [{ family: 'Brand Late', src: 'https://cdn.example.com/brand.ttf' }],
    elements: [
      {
        type: 'box',
        direction: 'row',
        children: [{ type: 'text', id: 'title', x: 0, y: 0, text: 'Brand 品牌', family: 'Brand Late' }],
      },
    ],
  }
  expect(measurePoster(spec, { measure }).boxes.title.width).toBe(8 * 12)
  await renderPoster(spec, { port })
  expect(measurePoster(spec, { measure }).boxes.title.width).toBe(8 * 20)
})
