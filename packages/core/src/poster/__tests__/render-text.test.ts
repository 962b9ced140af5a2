/**
 * Text runs, decorations, letter spacing and outlines drawn by the executor on a real canvas
 * (@napi-rs/canvas, Noto Sans CJK). A golden guards the whole picture; since a golden made by the
 * test itself proves nothing, each effect is also checked by what its pixels must show, measured
 * against the same text drawn without the effect.
 */
import { renderPoster } from '../render-poster'
import type { PosterSpec, TextElement } from '../types'
import {
  FONT,
  compareWithGolden,
  dataUrlBytes,
  decodePng,
  nodeCanvasPort,
  registerFonts,
  type Pixels,
} from './node-canvas'

beforeAll(() => registerFonts())

const RATIO = 2

async function render(elements: TextElement[], width = 300, height = 100): Promise<Pixels> {
  const spec: PosterSpec = { width, height, background: '#ffffff', elements }
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: RATIO })
  return decodePng(dataUrlBytes(out.dataUrl!))
}

/** Canvas px that pass `test` (RGB in, true for ink). */
function inked(p: Pixels, test: (r: number, g: number, b: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const i = (y * p.width + x) * 4
      if (test(p.data[i], p.data[i + 1], p.data[i + 2])) out.push([x, y])
    }
  }
  return out
}
const dark = (r: number, g: number, b: number) => r + g + b < 200
function bounds(points: Array<[number, number]>) {
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) }
}
/** Canvas px dark in `a` and not in `b`: what an effect added. */
function added(a: Pixels, b: Pixels): Array<[number, number]> {
  const isDark = (p: Pixels, i: number) => dark(p.data[i], p.data[i + 1], p.data[i + 2])
  return inked(a, () => true).filter(([x, y]) => {
    const i = (y * a.width + x) * 4
    return isDark(a, i) && !isDark(b, i)
  })
}

const base: TextElement = {
  type: 'text',
  x: 20,
  y: 20,
  family: FONT,
  size: 40,
  color: '#000',
  text: 'HEL 808',
}

test('the text runs golden: a price of spans, struck and underlined, spaced and outlined text', async () => {
  const png = await renderPoster(
    {
      width: 320,
      height: 200,
      background: '#ffffff',
      elements: [
        {
          type: 'text',
          x: 16,
          y: 10,
          family: FONT,
          color: '#e4393c',
          spans: [
            { text: '¥', size: 20 },
            { text: 7999, size: 40, weight: 'bold' },
            { text: ' ¥9999', size: 16, color: '#999999', decoration: 'line-through' },
          ],
        },
        {
          type: 'text',
          x: 16,
          y: 70,
          family: FONT,
          size: 24,
          text: '限时特惠 Sale',
          decoration: 'underline',
        },
        { type: 'text', x: 16, y: 110, family: FONT, size: 20, text: '间距 SPACED', letterSpacing: 6 },
        {
          type: 'text',
          x: 16,
          y: 145,
          family: FONT,
          size: 32,
          weight: 'bold',
          color: '#ffffff',
          text: 'OUTLINE 描边',
          stroke: { color: '#000000', width: 2 },
        },
      ],
    },
    { port: nodeCanvasPort(), deviceRatio: RATIO },
  )
  compareWithGolden('text-runs', dataUrlBytes(png.dataUrl!))
})

test('a line-through is a full row of ink across the run, at the middle of the capitals and digits', async () => {
  const plain = await render([base])
  const struck = await render([{ ...base, decoration: 'line-through' }])
  const line = bounds(added(struck, plain))
  const glyphs = bounds(inked(plain, dark))
  // Across the whole run, the space between the words included.
  expect(line.left).toBeLessThanOrEqual(glyphs.left + 2)
  expect(line.right).toBeGreaterThanOrEqual(glyphs.right - 2)
  // Thin (40 / 15 design px, antialiased) and in the middle third of the glyphs' height.
  expect(line.bottom - line.top + 1).toBeLessThanOrEqual((40 / 15) * RATIO + 2)
  const middle = (line.top + line.bottom) / 2
  const height = glyphs.bottom - glyphs.top
  expect(middle).toBeGreaterThan(glyphs.top + height / 3)
  expect(middle).toBeLessThan(glyphs.bottom - height / 3)
  // Every column the run covers has ink on the line's middle row: no gap between letters.
  const row = Math.round(middle)
  for (let x = glyphs.left + 2; x <= glyphs.right - 2; x++) {
    const i = (row * struck.width + x) * 4
    expect(dark(struck.data[i], struck.data[i + 1], struck.data[i + 2])).toBe(true)
  }
})

test('an underline lies below the baseline: under capitals and digits, not touching them', async () => {
  const plain = await render([base])
  const under = await render([{ ...base, decoration: 'underline' }])
  const line = bounds(added(under, plain))
  const glyphs = bounds(inked(plain, dark)) // no descenders in 'HEL 808': their bottom is the baseline
  expect(line.top).toBeGreaterThan(glyphs.bottom)
  expect(line.top - glyphs.bottom).toBeLessThan(0.3 * 40 * RATIO)
  expect(line.left).toBeLessThanOrEqual(glyphs.left + 2)
  expect(line.right).toBeGreaterThanOrEqual(glyphs.right - 2)
})

test('letter spacing widens the ink by the spacing after each grapheme but the last', async () => {
  const text = 'ABCDEFGH'
  const plain = bounds(inked(await render([{ ...base, text, size: 20 }]), dark))
  const spaced = bounds(inked(await render([{ ...base, text, size: 20, letterSpacing: 7 }]), dark))
  // From the first glyph's ink to the last's: 7 gaps of 7 design px more.
  const grown = (spaced.right - spaced.left - (plain.right - plain.left)) / RATIO
  expect(grown).toBeGreaterThan(7 * 7 - 1)
  expect(grown).toBeLessThan(7 * 7 + 1)
  // Centred text stays centred, the trailing spacing counted (CSS's way): shifted left by half of it.
  const centred = (ls: number) =>
    render([{ ...base, text, size: 20, x: 150, align: 'center', letterSpacing: ls }]).then((p) =>
      bounds(inked(p, dark)),
    )
  const [a, b] = [await centred(0), await centred(7)]
  const shift = ((b.left + b.right) / 2 - (a.left + a.right) / 2) / RATIO
  expect(shift).toBeGreaterThan(-3.5 - 1)
  expect(shift).toBeLessThan(-3.5 + 1)
})

test('an outline surrounds the glyphs by its width and leaves their fill whole', async () => {
  const white = { ...base, text: 'HOLE 808', color: '#ffffff', weight: 'bold' as const }
  // White text is invisible on white: the outline alone shows where the glyphs are.
  const outlined = await render([{ ...white, stroke: { color: '#000000', width: 3 } }])
  const filled = await render([{ ...white, color: '#000000' }])
  const outline = bounds(inked(outlined, dark))
  const glyphs = bounds(inked(filled, dark))
  for (const [grownBy, expected] of [
    [glyphs.left - outline.left, 3],
    [outline.right - glyphs.right, 3],
    [glyphs.top - outline.top, 3],
    [outline.bottom - glyphs.bottom, 3],
  ]) {
    expect(grownBy / RATIO).toBeGreaterThan(expected - 1)
    expect(grownBy / RATIO).toBeLessThan(expected + 1)
  }
  // Inside each glyph the fill is still white: the outline was stroked under it, not over it. The
  // black glyphs' pixels, far from their edges, are white in the outlined text.
  const inner = inked(filled, (r, g, b) => r + g + b < 30)
  const stillWhite = inner.filter(([x, y]) => outlined.data[(y * outlined.width + x) * 4] > 200)
  expect(stillWhite.length / inner.length).toBeGreaterThan(0.9)
})

test('an outlined text with a shadow casts its glyphs’ shadow under it all, none on its own outline', async () => {
  const outlined: TextElement = {
    ...base,
    text: 'HOLE 808',
    weight: 'bold',
    color: '#ffffff',
    stroke: { color: '#000000', width: 3 },
  }
  const plain = await render([outlined])
  const shadowed = await render([{ ...outlined, shadow: { x: 4, y: 4, color: '#ff0000' } }])
  const red = (r: number, g: number, b: number) => r > 150 && g < 100 && b < 100
  // The outline keeps its black, the fill its white, wherever they are drawn.
  const outline = inked(plain, dark)
  const tinted = outline.filter(([x, y]) => red(...pixelRgb(shadowed, x, y)))
  expect(tinted.length).toBe(0)
  // And the shadow is there, down-right: the glyphs' own, not grown by the outline (CSS text-shadow
  // in Chromium casts an outlined text's shadow from its glyphs alone).
  const shadow = bounds(inked(shadowed, red))
  const glyphs = bounds(inked(await render([{ ...outlined, stroke: undefined, color: '#000000' }]), dark))
  expect((shadow.right - glyphs.right) / RATIO).toBeCloseTo(4, 0)
  expect((shadow.bottom - glyphs.bottom) / RATIO).toBeCloseTo(4, 0)
})

function pixelRgb(p: Pixels, x: number, y: number): [number, number, number] {
  const i = (y * p.width + x) * 4
  return [p.data[i], p.data[i + 1], p.data[i + 2]]
}
