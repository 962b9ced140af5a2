/**
 * Letter spacing against a reference nobody here wrote: Chromium's own canvas `letterSpacing` (which
 * WeChat's canvas lacks, hence core's grapheme-by-grapheme drawing). The same text, drawn by the
 * executor through the H5 canvas port and by Chromium natively, must put its ink in the same place.
 */
import { useSourcePage } from './support/source-page'

jest.setTimeout(120_000)

const source = useSourcePage(`
  import { executeDrawOps } from '@minicode/core'
  window.minicode = { executeDrawOps }
`)

/** Left and right ink columns of a text drawn at x 20 on a 600 × 80 canvas, both ways. */
async function inkBounds(text: string, font: string, spacing: number) {
  return source.page.evaluate(
    ([text, font, spacing]) => {
      const { executeDrawOps } = (window as never as { minicode: never }).minicode as {
        executeDrawOps: (ctx: unknown, ops: unknown[]) => void
      }
      const bounds = (draw: (ctx: CanvasRenderingContext2D) => void) => {
        const canvas = document.createElement('canvas')
        canvas.width = 600
        canvas.height = 80
        const ctx = canvas.getContext('2d')!
        ctx.fillStyle = '#fff'
        ctx.fillRect(0, 0, 600, 80)
        draw(ctx)
        const { data } = ctx.getImageData(0, 0, 600, 80)
        let left = 600
        let right = -1
        for (let y = 0; y < 80; y++) {
          for (let x = 0; x < 600; x++) {
            if (data[(y * 600 + x) * 4] < 128) {
              left = Math.min(left, x)
              right = Math.max(right, x)
            }
          }
        }
        return { left, right }
      }
      const native = bounds((ctx) => {
        ctx.font = font
        ctx.textBaseline = 'middle'
        ctx.fillStyle = '#000'
        ;(ctx as unknown as { letterSpacing: string }).letterSpacing = `${spacing}px`
        ctx.fillText(text, 20, 40)
      })
      const ours = bounds((ctx) =>
        executeDrawOps(ctx, [
          {
            kind: 'text',
            text,
            x: 20,
            y: 40,
            font,
            color: '#000',
            align: 'left',
            opacity: 1,
            letterSpacing: spacing,
          },
        ]),
      )
      const supported = 'letterSpacing' in CanvasRenderingContext2D.prototype
      return { native, ours, supported }
    },
    [text, font, spacing] as const,
  )
}

test.each([
  ['ABCDEFGH 12345', 7],
  ['限时特惠 Sale', 12],
  ['SPACED', -3],
])('letter-spaced %j (%i px) lands where Chromium’s own letterSpacing puts it', async (text, spacing) => {
  const { native, ours, supported } = await inkBounds(text, 'bold 32px sans-serif', spacing)
  expect(supported).toBe(true)
  expect(Math.abs(ours.left - native.left)).toBeLessThanOrEqual(1)
  expect(Math.abs(ours.right - native.right)).toBeLessThanOrEqual(2)
  // And spacing is really there: wider (or narrower) than the text unspaced, by about (n − 1) × spacing.
  const plain = await inkBounds(text, 'bold 32px sans-serif', 0)
  const n = [...text].length
  const grown = ours.right - ours.left - (plain.ours.right - plain.ours.left)
  expect(Math.abs(grown - (n - 1) * spacing)).toBeLessThanOrEqual(2)
})
