/**
 * Issue #13's demo: the product poster follows its content. With a one-line and a three-line title no
 * two of its parts overlap, everything under the title moves down by the added lines, the poster
 * grows by as much ('auto' height), and the price line's struck-through list price sits after the price
 * however long the price is (the old poster placed it by hand at x 140, which a longer price overlapped).
 */
import { createCanvas } from '@napi-rs/canvas'
import { measurePoster, planPoster, type PlacedBox, type TextOp } from '@minicode/core'
import { productPoster } from '../../src/posters/product-poster'

function canvasMeasure(): (text: string, font: string) => number {
  const ctx = createCanvas(1, 1).getContext('2d')
  return (text, font) => {
    ctx.font = font
    return ctx.measureText(text).width
  }
}
const measure = canvasMeasure()

const PARTS = ['product', 'avatar', 'title', 'price', 'divider', 'hint', 'code']
const overlap = (a: PlacedBox, b: PlacedBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

function layout(title: string, price?: number) {
  const spec = productPoster({ codeDataUrl: 'data:image/png;base64,AAAA', title, price })
  return { spec, ...measurePoster(spec, { measure }) }
}

const titles: Array<[string, string]> = [
  ['one line', 'iPhone 15 Pro'],
  [
    'three lines',
    '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 原色钛金属，A17 Pro 芯片，钛金属设计，超长续航，'.repeat(2),
  ],
]

test.each(titles)('with a title of %s no two parts of the poster overlap', (_name, title) => {
  const { boxes, height } = layout(title)
  for (const part of PARTS) expect(boxes[part]).toBeDefined()
  for (let i = 0; i < PARTS.length; i++)
    for (let j = i + 1; j < PARTS.length; j++) {
      const [a, b] = [boxes[PARTS[i]], boxes[PARTS[j]]]
      if (overlap(a, b))
        throw new Error(`${PARTS[i]} ${JSON.stringify(a)} overlaps ${PARTS[j]} ${JSON.stringify(b)}`)
    }
  // Every part is on the card, and the card on the poster.
  const card = boxes.card
  for (const part of PARTS) {
    const box = boxes[part]
    expect(box.x).toBeGreaterThanOrEqual(card.x)
    expect(box.y + box.height).toBeLessThanOrEqual(card.y + card.height + 1e-6)
  }
  expect(card.y + card.height).toBeLessThanOrEqual(height)
})

test('two more title lines push everything below the title down by two lines, and the poster grows', () => {
  const one = layout(titles[0][1])
  const three = layout(titles[1][1])
  const lineHeight = 26
  expect(one.boxes.title.height).toBe(lineHeight)
  expect(three.boxes.title.height).toBe(3 * lineHeight)
  for (const part of ['price', 'divider', 'hint', 'code'])
    expect(three.boxes[part].y - one.boxes[part].y).toBeCloseTo(2 * lineHeight, 6)
  expect(three.height - one.height).toBeCloseTo(2 * lineHeight, 6)
  // Above the title nothing moves.
  for (const part of ['product', 'avatar']) expect(three.boxes[part]).toEqual(one.boxes[part])
})

test.each([7999, 1234567, 99999999])('the list price sits after a price of %d, on its baseline', (price) => {
  const { spec } = layout('iPhone', price)
  const ops = planPoster(spec, { measure })
  const priceOps = ops.filter((op): op is TextOp => op.kind === 'text' && op.color === '#f5222d')
  const listOp = ops.find((op): op is TextOp => op.kind === 'text' && op.text === '¥9999')!
  const big = priceOps.find((op) => op.text === String(price))!
  expect(big).toBeDefined()
  expect(listOp.x).toBeGreaterThanOrEqual(big.x + measure(big.text, big.font))
  // One alphabetic baseline for the ¥, the price and the list price.
  for (const op of [...priceOps, listOp]) expect(op.y).toBeCloseTo(big.y, 6)
})
