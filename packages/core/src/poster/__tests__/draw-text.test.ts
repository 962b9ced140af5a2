/**
 * The order drawText paints a text op's parts in, recorded call by call: the pixels are checked in
 * text-shadow.test.ts and against Chromium in test/e2e/text-decoration-stroke.test.ts.
 */
import type { TextOp } from '../draw-ops'
import { drawText } from '../draw-text'
import type { CanvasContextLike } from '../execute-draw-ops'

/** A context that records strokes, fills and rects with the colour they were drawn in. */
function recorder(): { ctx: CanvasContextLike; calls: string[] } {
  const calls: string[] = []
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    save() {},
    restore() {},
    setTransform() {},
    measureText: (s: string) => ({ width: s.length * 10 }),
    fillText: (s: string) => calls.push(`fill ${s} ${ctx.fillStyle}`),
    strokeText: (s: string) => calls.push(`stroke ${s} ${ctx.strokeStyle}`),
    fillRect: () => calls.push(`rect ${ctx.fillStyle}`),
  }
  return { ctx: ctx as unknown as CanvasContextLike, calls }
}

const op: TextOp = {
  kind: 'text',
  text: 'pq',
  x: 0,
  y: 20,
  font: '20px X',
  color: 'blue',
  align: 'left',
  opacity: 1,
  baseline: 'alphabetic',
  stroke: { color: 'red', width: 1 },
}
const band = { x: 0, y: 24, width: 20, height: 2 }

test('an underline is painted before the glyphs, a line-through after, both in the outline’s colour', () => {
  const under = recorder()
  drawText(under.ctx, { ...op, decoration: { ...band, line: 'underline' } })
  expect(under.calls).toEqual(['rect red', 'stroke pq red', 'fill pq blue'])
  const through = recorder()
  drawText(through.ctx, { ...op, decoration: { ...band, line: 'line-through' } })
  expect(through.calls).toEqual(['stroke pq red', 'fill pq blue', 'rect red'])
})

test('without an outline, a decoration is in the text’s colour', () => {
  const { ctx, calls } = recorder()
  drawText(ctx, { ...op, stroke: undefined, decoration: { ...band, line: 'underline' } })
  expect(calls).toEqual(['rect blue', 'fill pq blue'])
})

test('with a shadow, the glyphs and decoration are painted opaque for it first (not the outline), then the ink', () => {
  const { ctx, calls } = recorder()
  drawText(ctx, { ...op, decoration: band, shadow: { x: 1, y: 1, blur: 0, color: '#000' } })
  expect(calls).toEqual(['fill pq #000', 'rect #000', 'stroke pq red', 'fill pq blue', 'rect red'])
})

test('the shadow is scaled by the pixel ratio and offset back from the off-canvas shadow pass', () => {
  const { ctx, calls } = recorder()
  const seen: number[][] = []
  const transforms: number[][] = []
  ctx.setTransform = (...matrix) => transforms.push(matrix)
  const record = ctx.fillText.bind(ctx)
  ctx.fillText = (s, x, y) => {
    seen.push([ctx.shadowOffsetX, ctx.shadowOffsetY, ctx.shadowBlur])
    record(s, x, y)
  }
  const shadow = { x: 1, y: 2, blur: 3, color: 'rgba(0,0,0,.5)' }
  // Turned a quarter about (10, 10): the shadow pass draws it turned and scaled, then moved right.
  const transform: TextOp['transform'] = [0, 1, -1, 0, 20, 0]
  drawText(
    ctx,
    { ...op, stroke: undefined, color: 'transparent', shadow, transform },
    { scaleX: 2, scaleY: 2 },
  )
  // Opaque for the shadow, whatever the text's colour; 8192 px right, and its shadow as far back.
  expect(calls).toEqual(['fill pq #000', 'fill pq transparent'])
  expect(transforms).toEqual([[0, 2, -2, 0, 40 + 8192, 0]])
  expect(seen[0]).toEqual([2 - 8192, 4, 6])
})
