/**
 * How an outlined text's decoration looks, against a reference nobody here wrote: Chromium's CSS,
 * `-webkit-text-stroke` with `text-decoration: underline`. Chromium does not outline the line; it
 * paints it solid in the stroke's colour (a decoration colour left to currentColor prefers the
 * stroke's). Core's executor, in the same browser, must draw an outlined text's underline the same.
 */
import { PNG } from 'pngjs'
import { useSourcePage } from './support/source-page'

jest.setTimeout(120_000)

const source = useSourcePage(`
  import { executeDrawOps } from '@minicode/core'
  window.minicode = { executeDrawOps }
`)

const [WIDTH, HEIGHT] = [400, 120]
const FONT = 'bold 60px sans-serif'
/** The underline's thickness, px. */
const THICK = 8

/**
 * The underline alone, in the columns whose ink is one short run (under the space and past the last
 * letter), but for its anti-aliased ends: how many such columns, the colours of their solid px, and
 * their ink's thickness (its coverage summed, px).
 */
function underline(png: Buffer): { columns: number; colours: string[]; thickness: number[] } {
  const { data, width } = PNG.sync.read(png)
  const colours = new Set<string>()
  const thickness = new Set<number>()
  let columns = 0
  for (let x = 0; x < WIDTH; x++) {
    const ink: number[] = []
    const solid: string[] = []
    let coverage = 0
    for (let y = 0; y < HEIGHT; y++) {
      const i = (y * width + x) * 4
      // How far from white, 0 to 1, in its most changed channel.
      const cover = Math.max(...[0, 1, 2].map((c) => 255 - data[i + c])) / 255
      if (cover === 0) continue
      ink.push(y)
      coverage += cover
      if (cover > 0.9) solid.push(`${data[i]},${data[i + 1]},${data[i + 2]}`)
    }
    if (solid.length === 0 || ink[ink.length - 1] - ink[0] > 2 * THICK) continue
    columns++
    thickness.add(Math.round(coverage))
    for (const c of solid) colours.add(c)
  }
  return { columns, colours: [...colours], thickness: [...thickness] }
}

test('an outlined text’s underline is solid, in the stroke’s colour, as Chromium’s CSS draws it', async () => {
  const page = source.page
  // Chromium: a div in the page, read back with a screenshot.
  await page.evaluate(
    ([font, thick]) => {
      document.body.style.cssText = 'margin:0;background:#fff'
      const div = document.createElement('div')
      div.textContent = 'H H'
      div.style.cssText = `position:absolute;left:20px;top:0;font:${font};color:#0000ff;
        -webkit-text-stroke:2px #ff0000;text-decoration:underline;text-decoration-thickness:${thick}px`
      document.body.append(div)
    },
    [FONT, THICK] as const,
  )
  const css = underline(await page.screenshot({ clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } }))

  // Core: the same text, outline and underline as a text op, on a canvas in the same browser.
  const dataUrl = await page.evaluate(
    ([w, h, font, thick]) => {
      const { executeDrawOps } = (window as never as { minicode: never }).minicode as {
        executeDrawOps: (ctx: unknown, ops: unknown[]) => void
      }
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d')!
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, w, h)
      ctx.font = font
      const width = ctx.measureText('H H').width
      const op = {
        kind: 'text',
        text: 'H H',
        x: 20,
        y: 70,
        font,
        color: '#0000ff',
        align: 'left',
        opacity: 1,
        baseline: 'alphabetic',
        stroke: { color: '#ff0000', width: 1 },
        decoration: { x: 20, y: 80, width, height: thick },
      }
      executeDrawOps(ctx, [op])
      return canvas.toDataURL()
    },
    [WIDTH, HEIGHT, FONT, THICK] as const,
  )
  const ours = underline(Buffer.from(dataUrl.split(',')[1], 'base64'))

  // Chromium: a red band exactly as thick as asked, no blue inside, no outline around it.
  expect(css.columns).toBeGreaterThan(10)
  expect(css.colours).toEqual(['255,0,0'])
  expect(css.thickness).toEqual([THICK])
  expect(ours).toEqual({ ...css, columns: ours.columns })
  expect(ours.columns).toBeGreaterThan(10)
})

/** How many px of a PNG are solid blue (the glyphs' fill). */
function blue(png: Buffer): number {
  const { data } = PNG.sync.read(png)
  let n = 0
  for (let i = 0; i < data.length; i += 4) if (data[i] < 8 && data[i + 1] < 8 && data[i + 2] > 247) n++
  return n
}

test('an underline lies below an outlined text’s descenders, as in Chromium’s CSS; a line-through above', async () => {
  const page = source.page
  // Chromium: 'pq' outlined, with and without an underline crossing its descenders (no skipped ink).
  const cssBlue = async (decoration: string) => {
    await page.evaluate(
      ([font, decoration]) => {
        document.body.style.cssText = 'margin:0;background:#fff'
        document.body.innerHTML = ''
        const div = document.createElement('div')
        div.textContent = 'pq'
        div.style.cssText = `position:absolute;left:20px;top:0;font:${font};color:#0000ff;
          -webkit-text-stroke:2px #ff0000;text-decoration:${decoration};text-decoration-thickness:8px;
          text-decoration-skip-ink:none`
        document.body.append(div)
      },
      [FONT, decoration] as const,
    )
    return blue(await page.screenshot({ clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } }))
  }
  const css = { none: await cssBlue('none'), underline: await cssBlue('underline') }

  // Core: the same with a decoration rect across the descenders, drawn as an underline or not.
  const oursBlue = async (decoration: object | undefined) =>
    blue(
      Buffer.from(
        (
          await page.evaluate(
            ([w, h, font, decoration]) => {
              const { executeDrawOps } = (window as never as { minicode: never }).minicode as {
                executeDrawOps: (ctx: unknown, ops: unknown[]) => void
              }
              const canvas = document.createElement('canvas')
              canvas.width = w
              canvas.height = h
              const ctx = canvas.getContext('2d')!
              ctx.fillStyle = '#fff'
              ctx.fillRect(0, 0, w, h)
              const op = {
                kind: 'text',
                text: 'pq',
                x: 20,
                y: 60,
                font,
                color: '#0000ff',
                align: 'left',
                opacity: 1,
                baseline: 'alphabetic',
                stroke: { color: '#ff0000', width: 1 },
                decoration,
              }
              executeDrawOps(ctx, [op])
              return canvas.toDataURL()
            },
            [WIDTH, HEIGHT, FONT, decoration] as const,
          )
        ).split(',')[1],
        'base64',
      ),
    )
  const band = { x: 20, y: 70, width: 80, height: THICK }
  const ours = {
    none: await oursBlue(undefined),
    underline: await oursBlue({ ...band, line: 'underline' }),
    lineThrough: await oursBlue({ ...band, line: 'line-through' }),
  }

  // Chromium's underline hides none of the glyphs' fill: it is painted first.
  expect(css.none).toBeGreaterThan(500)
  expect(Math.abs(css.underline - css.none)).toBeLessThanOrEqual(css.none * 0.01)
  // So does ours; a line-through, painted last, covers the descenders' fill where it crosses them.
  expect(Math.abs(ours.underline - ours.none)).toBeLessThanOrEqual(ours.none * 0.01)
  expect(ours.lineThrough).toBeLessThan(ours.none - 50)
})
