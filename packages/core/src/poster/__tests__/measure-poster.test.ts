// measurePoster and height 'auto' on what users of poster libraries try first (issue #13): boxes
// under a text of unknown line count, nested and absolute ids, rotation, overflow, duplicate ids.
import { isMiniCodeError } from '../../errors'
import { measurePoster } from '../measure-poster'
import { planPoster } from '../plan-poster'
import type { PosterSpec } from '../types'

// 10 px per character, whatever the font.
const measure = (text: string) => [...text].length * 10

function caught(run: () => unknown): { code?: string; field?: string; message: string } {
  try {
    run()
  } catch (e) {
    if (isMiniCodeError(e)) return { code: e.code, field: e.field, message: e.message }
    throw e
  }
  throw new Error('did not throw')
}

describe('measurePoster', () => {
  test('boxes of nested ids and absolute children are absolute design px', () => {
    const spec: PosterSpec = {
      width: 300,
      height: 'auto',
      elements: [
        {
          type: 'box',
          id: 'card',
          x: 10,
          y: 20,
          width: 200,
          padding: [4, 6, 8, 10],
          children: [
            {
              type: 'box',
              id: 'row',
              direction: 'row',
              gap: 5,
              margin: 2,
              children: [
                { type: 'rect', id: 'a', width: 30, height: 40 },
                { type: 'text', id: 'name', text: 'x'.repeat(20), lineHeight: 20, grow: 1, shrink: 1 },
              ],
            },
            { type: 'rect', id: 'badge', position: 'absolute', x: 150, y: 3, width: 20, height: 10 },
          ],
        },
      ],
    }
    const { width, height, boxes } = measurePoster(spec, { measure })
    // Row: 200 - 16 padding - 4 margin = 180 wide; the text gets 180 - 30 - 5 = 145 px: 14
    // characters a line, 2 lines (40 px), as tall as the rect.
    expect(boxes.card).toEqual({ x: 10, y: 20, width: 200, height: 4 + 2 + 40 + 2 + 8 })
    expect(boxes.row).toEqual({ x: 22, y: 26, width: 180, height: 40 })
    expect(boxes.a).toEqual({ x: 22, y: 26, width: 30, height: 40 })
    expect(boxes.name).toEqual({ x: 57, y: 26, width: 145, height: 40 })
    // Absolute: from the card's padding edge (its corner, minicode boxes have no border).
    expect(boxes.badge).toEqual({ x: 160, y: 23, width: 20, height: 10 })
    expect([width, height]).toEqual([300, 20 + 56])
  })

  test("'auto' counts what overflows a box of fixed height: nothing drawn is cut off", () => {
    const spec: PosterSpec = {
      width: 200,
      height: 'auto',
      elements: [
        {
          type: 'box',
          x: 0,
          y: 10,
          height: 30,
          margin: [0, 0, 5, 0],
          children: [{ type: 'rect', id: 'tall', width: 100, height: 80, fill: '#f00' }],
        },
      ],
    }
    expect(measurePoster(spec, { measure }).height).toBe(90)
    // The canvas and its background follow.
    const ops = planPoster(spec, { measure })
    expect(ops[0]).toEqual({ kind: 'clear', width: 200, height: 90 })
    expect(ops[1]).toMatchObject({ kind: 'rect', height: 90 })
    // A box that holds its content: its bottom and margin, as before.
    const fits = { ...spec, elements: [{ ...spec.elements[0], height: 100 }] } as PosterSpec
    expect(measurePoster(fits, { measure }).height).toBe(115)
  })

  test("a rotation does not change the layout or the 'auto' height (a CSS transform)", () => {
    const spec = (rotate?: number): PosterSpec => ({
      width: 200,
      height: 'auto',
      elements: [
        {
          type: 'box',
          id: 'box',
          x: 0,
          y: 0,
          rotate,
          children: [{ type: 'rect', id: 'bar', width: 100, height: 20, rotate }],
        },
      ],
    })
    expect(measurePoster(spec(90), { measure })).toEqual(measurePoster(spec(), { measure }))
    expect(measurePoster(spec(90), { measure }).height).toBe(20)
  })

  test('an image of width and aspectRatio growing in a row keeps its ratio', () => {
    const spec: PosterSpec = {
      width: 300,
      height: 'auto',
      elements: [
        {
          type: 'box',
          x: 0,
          y: 0,
          direction: 'row',
          width: 300,
          gap: 10,
          children: [
            { type: 'image', id: 'left', src: 'a.png', width: 100, aspectRatio: 1, grow: 1 },
            { type: 'image', id: 'right', src: 'b.png', width: 100, aspectRatio: 2, grow: 1 },
          ],
        },
      ],
    }
    // 90 px free, 45 each: 145 × 145 and 145 × 72.5 (before: 145 × 100 and 145 × 50, cropped).
    const { boxes, height } = measurePoster(spec, { measure })
    expect(boxes.left).toEqual({ x: 0, y: 0, width: 145, height: 145 })
    expect(boxes.right).toEqual({ x: 155, y: 0, width: 145, height: 72.5 })
    expect(height).toBe(145)
    expect(planPoster(spec, { measure }).filter((op) => op.kind === 'image')).toMatchObject([
      { width: 145, height: 145 },
      { width: 145, height: 72.5 },
    ])
  })

  test('an id used twice is invalid_request at the second, naming the first', () => {
    const spec: PosterSpec = {
      width: 200,
      height: 'auto',
      elements: [
        { type: 'rect', id: 'price', x: 0, y: 0, width: 10, height: 10 },
        {
          type: 'box',
          x: 0,
          y: 20,
          children: [
            { type: 'rect', id: 'other', width: 10, height: 10 },
            { type: 'text', id: 'price', text: '¥1' },
          ],
        },
      ],
    }
    const error = caught(() => measurePoster(spec, { measure }))
    expect(error.code).toBe('invalid_request')
    expect(error.field).toBe('elements[1].children[1].id')
    expect(error.message).toContain('elements[0]')
    // Drawing still takes it, as it always did: ids only name elements in errors there.
    // (20 + a 10-px rect + a line of 16-px text, 22.4 px high.)
    expect(planPoster(spec, { measure })[0]).toMatchObject({ kind: 'clear', height: 52.4 })
  })
})
