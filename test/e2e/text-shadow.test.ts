/**
 * A letter-spaced text's shadow against a reference nobody here wrote: Chromium's own canvas, which
 * spaces letters itself (ctx.letterSpacing) and casts one shadow of the whole text below all of it.
 * Core draws grapheme by grapheme (WeChat's canvas has no letterSpacing); its shadow must come out
 * where Chromium's does, below every glyph, at pixel ratio 1 and 2.
 */
import { PNG } from 'pngjs'
import { useSourcePage } from './support/source-page'

jest.setTimeout(120_000)

const source = useSourcePage(`
  import { executeDrawOps } from '@minicode/core'
  window.minicode = { executeDrawOps }
`)

/** The font of both drawings. */
const FONT = 'bold 36px sans-serif'

interface Case {
  text: string
  spacing: number
  shadow: { x: number; y: number; blur: number; color: string }
  /** The op's transform (a turn), applied natively after the pixel ratio as the executor does. */
  transform?: [number, number, number, number, number, number]
}

/**
 * The text drawn at (20, 50) on a 400 × 100 design-px canvas, natively and by the executor, at
 * `ratio`: how many canvas px differ by more than 48 in some channel, how many glyph px (dark in
 * both) there are, and how many of the native drawing's solid black px ours has in another colour.
 */
async function compare(c: Case, ratio: number) {
  return source.page.evaluate(
    ([c, ratio, font]) => {
      const { executeDrawOps } = (window as never as { minicode: never }).minicode as {
        executeDrawOps: (ctx: unknown, ops: unknown[], options: unknown) => void
      }
      const [w, h] = [400 * ratio, 100 * ratio]
      const pixels = (draw: (ctx: CanvasRenderingContext2D) => void) => {
        const canvas = document.createElement('canvas')
        canvas.width = w
        canvas.height = h
        const ctx = canvas.getContext('2d')!
        ctx.fillStyle = '#fff'
        ctx.fillRect(0, 0, w, h)
        draw(ctx)
        return ctx.getImageData(0, 0, w, h).data
      }
      const native = pixels((ctx) => {
        ctx.scale(ratio, ratio)
        if (c.transform) ctx.transform(...c.transform)
        ctx.font = font
        ctx.textBaseline = 'middle'
        ctx.fillStyle = '#000'
        ;(ctx as unknown as { letterSpacing: string }).letterSpacing = `${c.spacing}px`
        // Shadows in canvas px, as the executor scales them.
        ctx.shadowColor = c.shadow.color
        ctx.shadowOffsetX = c.shadow.x * ratio
        ctx.shadowOffsetY = c.shadow.y * ratio
        ctx.shadowBlur = c.shadow.blur * ratio
        ctx.fillText(c.text, 20, 50)
      })
      const ours = pixels((ctx) =>
        executeDrawOps(
          ctx,
          [
            {
              kind: 'text',
              text: c.text,
              x: 20,
              y: 50,
              font,
              color: '#000',
              align: 'left',
              opacity: 1,
              letterSpacing: c.spacing,
              shadow: c.shadow,
              transform: c.transform,
            },
          ],
          { scaleX: ratio, scaleY: ratio },
        ),
      )
      let differing = 0
      let glyph = 0
      let covered = 0
      for (let i = 0; i < native.length; i += 4) {
        const gap = Math.max(...[0, 1, 2].map((k) => Math.abs(native[i + k] - ours[i + k])))
        if (gap > 48) differing++
        if (native[i] + native[i + 1] + native[i + 2] === 0) {
          glyph++
          if (ours[i] + ours[i + 1] + ours[i + 2] > 12) covered++
        }
      }
      return { differing, glyph, covered, total: w * h }
    },
    [c, ratio, FONT] as const,
  )
}

/** The advance of `text` in the font both drawings use, as Chromium measures it. */
const advance = (text: string) =>
  source.page.evaluate(
    ([text, font]) => {
      const ctx = document.createElement('canvas').getContext('2d')!
      ctx.font = font
      return ctx.measureText(text).width
    },
    [text, FONT] as const,
  )

test('a shadow cast one letter left lies below the letter before, as Chromium’s letterSpacing draws it', async () => {
  // Each H's shadow falls exactly on the H before it: drawn with it, it would hide that H.
  const step = Math.round((await advance('H')) + 10)
  const c: Case = { text: 'HHHHHH', spacing: 10, shadow: { x: -step, y: 0, blur: 0, color: '#00c000' } }
  for (const ratio of [1, 2]) {
    const { differing, glyph, covered, total } = await compare(c, ratio)
    expect(glyph).toBeGreaterThan(1000 * ratio * ratio)
    // Chromium's solid glyph px are solid in ours: no shadow fell on them.
    expect(covered).toBeLessThanOrEqual(glyph * 0.01)
    expect(differing / total).toBeLessThan(0.005)
  }
})

test('a blurred shadow of a letter-spaced text is where Chromium’s letterSpacing casts it, below every glyph', async () => {
  const c: Case = { text: 'HIMHIMH', spacing: 4, shadow: { x: -14, y: 2, blur: 8, color: '#ff0000' } }
  for (const ratio of [1, 2]) {
    const { differing, glyph, covered, total } = await compare(c, ratio)
    expect(glyph).toBeGreaterThan(1000 * ratio * ratio)
    expect(covered).toBeLessThanOrEqual(glyph * 0.01)
    // The two differ only at anti-aliased edges (Chromium blurs the whole text's mask at once, core
    // each grapheme's, so overlapping blurs add up a little differently).
    expect(differing / total).toBeLessThan(0.005)
  }
})

test('a turned letter-spaced text casts its shadow along the canvas axes, as Chromium does', async () => {
  // Turned 20° anticlockwise about (100, 50); the shadow still falls right and down, in canvas px.
  const [cos, sin] = [Math.cos((-20 * Math.PI) / 180), Math.sin((-20 * Math.PI) / 180)]
  const transform: Case['transform'] = [
    cos,
    sin,
    -sin,
    cos,
    100 - cos * 100 + sin * 50,
    50 - sin * 100 - cos * 50,
  ]
  const c: Case = { text: 'HHMMHH', spacing: 5, shadow: { x: 6, y: 4, blur: 4, color: '#0000ff' }, transform }
  for (const ratio of [1, 2]) {
    const { differing, glyph, covered, total } = await compare(c, ratio)
    expect(glyph).toBeGreaterThan(500 * ratio * ratio)
    expect(covered).toBeLessThanOrEqual(glyph * 0.01)
    expect(differing / total).toBeLessThan(0.005)
  }
})

/**
 * An outlined 'IH' with a half-black shadow 90 px below it, as CSS draws it (a div) and as the
 * executor does: the area its shadow covers, and how many px are darker than one shadow.
 */
async function outlinedShadow(fill: string): Promise<{ css: Shadow; ours: Shadow }> {
  const page = source.page
  const shadow = (data: ArrayLike<number>, width: number): Shadow => {
    let area = 0
    let darker = 0
    for (let y = 100; y < 200; y++)
      for (let x = 0; x < 400; x++) {
        const v = data[(y * width + x) * 4]
        // A half-black shadow over white is 127 where it covers a px, lighter where it covers part.
        area += (255 - v) / 128
        if (v < 120) darker++
      }
    return { area, darker }
  }
  const css = await page.evaluate(
    ([font, fill]) => {
      document.body.innerHTML = ''
      document.body.style.cssText = 'margin:0;background:#fff'
      const div = document.createElement('div')
      div.textContent = 'IH'
      div.style.cssText = `position:absolute;left:20px;top:0;font:${font};-webkit-text-fill-color:${fill};
        -webkit-text-stroke:8px #ff0000;text-shadow:0 90px 0 rgba(0,0,0,0.5)`
      document.body.append(div)
    },
    [OUTLINED_FONT, fill] as const,
  )
  void css
  const screenshot = PNG.sync.read(await page.screenshot({ clip: { x: 0, y: 0, width: 400, height: 200 } }))
  const ours = await page.evaluate(
    ([font, fill]) => {
      const { executeDrawOps } = (window as never as { minicode: never }).minicode as {
        executeDrawOps: (ctx: unknown, ops: unknown[]) => void
      }
      const canvas = document.createElement('canvas')
      canvas.width = 400
      canvas.height = 200
      const ctx = canvas.getContext('2d')!
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, 400, 200)
      const op = {
        kind: 'text',
        text: 'IH',
        x: 20,
        y: 56,
        font,
        color: fill,
        align: 'left',
        opacity: 1,
        baseline: 'alphabetic',
        stroke: { color: '#ff0000', width: 4 },
        shadow: { x: 0, y: 90, blur: 0, color: 'rgba(0,0,0,0.5)' },
      }
      executeDrawOps(ctx, [op])
      return canvas.toDataURL()
    },
    [OUTLINED_FONT, fill] as const,
  )
  const canvas = PNG.sync.read(Buffer.from(ours.split(',')[1], 'base64'))
  return { css: shadow(screenshot.data, screenshot.width), ours: shadow(canvas.data, canvas.width) }
}

interface Shadow {
  /** Px the shadow covers, anti-aliased edges in part. */
  area: number
  /** Px darker than the shadow's half black: two shadows over each other. */
  darker: number
}

const OUTLINED_FONT = 'bold 60px sans-serif'

test.each(['#0000ff', 'transparent', 'rgba(0, 0, 255, 0.3)'])(
  'an outlined text (fill %s) casts the shadow of its glyphs alone, in one even tone, as CSS text-shadow does',
  async (fill) => {
    const { css, ours } = await outlinedShadow(fill)
    // Chromium: the glyphs' shape (not grown by the outline), all of it half grey.
    expect(css.area).toBeGreaterThan(1000)
    expect(css.darker).toBe(0)
    // Ours: the same area, within anti-aliasing (the outline's shadow would add a band about 4 px
    // wide around the glyphs, more than half as much again), and no darker band where it would
    // overlap the fill's.
    expect(Math.abs(ours.area - css.area)).toBeLessThanOrEqual(css.area * 0.03)
    expect(ours.darker).toBe(0)
  },
)
