import { layoutBoxes } from '../layout-boxes'
import { measurePoster } from '../measure-poster'
import { createQrMatrix } from '../../qr'
import { planPoster } from '../plan-poster'
import type { BoxElement, PosterElement, PosterSpec } from '../types'
import { validatePosterSpec } from '../validate-spec'

// A deterministic font: every character is 0.5 × the font size wide (16 px text: 8 px a character).
const measure = (text: string, font: string) => [...text].length * 0.5 * Number(/(\d+)px/.exec(font)![1])

describe('layoutBoxes', () => {
  test('top-level elements without boxes are drawn as they are', () => {
    const elements: PosterElement[] = [
      { type: 'rect', x: 10, y: 20, width: 100, height: 50, fill: '#f00' },
      { type: 'text', x: 200, y: 30, text: 'centred', align: 'center', size: 20, lineHeight: 30 },
    ]
    const out = layoutBoxes(elements, measure)
    expect(out.elements).toEqual(elements)
    expect(out.elements[0]).toBe(elements[0])
    expect(out.bottom).toBe(70)
  })

  test('a title of one to three lines pushes what follows it down', () => {
    const card = (title: string): BoxElement => ({
      type: 'box',
      id: 'card',
      x: 20,
      y: 40,
      width: 200,
      padding: 10,
      gap: 8,
      fill: '#fff',
      children: [
        { type: 'text', id: 'title', text: title, size: 20, lineHeight: 30, maxLines: 3 },
        { type: 'rect', id: 'line', width: 180, height: 2, fill: '#eee' },
      ],
      margin: [0, 0, 24, 0],
    })
    // 180 px of room: 18 characters of 10 px a line.
    for (const [title, lines] of [
      ['短标题', 1],
      ['x'.repeat(30), 2],
      ['x'.repeat(60), 3],
    ] as const) {
      const out = layoutBoxes([card(title)], measure)
      const titleHeight = lines * 30
      expect(out.boxes.title).toEqual({ x: 30, y: 50, width: 180, height: titleHeight })
      expect(out.boxes.line).toEqual({ x: 30, y: 50 + titleHeight + 8, width: 180, height: 2 })
      expect(out.boxes.card.height).toBe(10 + titleHeight + 8 + 2 + 10)
      expect(out.bottom).toBe(40 + out.boxes.card.height + 24)
      // The box is drawn as its rect, then its children where they landed.
      expect(out.elements.map((e) => e.type)).toEqual(['rect', 'text', 'rect'])
      expect(out.elements[1]).toMatchObject({ x: 30, y: 50, maxWidth: 180 })
    }
  })

  test('a price row: each span of text as wide as itself, the struck price after the price, whatever its length', () => {
    for (const price of ['99', '7999', '1234567']) {
      const out = layoutBoxes(
        [
          {
            type: 'box',
            direction: 'row',
            align: 'end',
            gap: 6,
            x: 0,
            y: 0,
            children: [
              { type: 'text', id: 'price', text: price, size: 40, lineHeight: 40 },
              { type: 'text', id: 'list', text: '¥9999', size: 20, lineHeight: 20 },
            ],
          },
        ],
        measure,
      )
      expect(out.boxes.price).toEqual({ x: 0, y: 0, width: price.length * 20, height: 40 })
      expect(out.boxes.list).toEqual({ x: price.length * 20 + 6, y: 20, width: 50, height: 20 })
    }
  })

  test('an absolute badge sits at its x/y inside the box; an image gives width and aspectRatio', () => {
    const out = layoutBoxes(
      [
        {
          type: 'box',
          x: 100,
          y: 100,
          padding: 12,
          opacity: 0.5,
          children: [
            { type: 'image', id: 'photo', src: 'a.png', width: 300, aspectRatio: 1.5, opacity: 0.5 },
            { type: 'rect', id: 'badge', position: 'absolute', x: 8, y: 8, width: 40, height: 20 },
          ],
        },
      ],
      measure,
    )
    expect(out.boxes.photo).toEqual({ x: 112, y: 112, width: 300, height: 200 })
    expect(out.boxes.badge).toEqual({ x: 108, y: 108, width: 40, height: 20 })
    // No fill or stroke: the box draws nothing of its own; its opacity multiplies its children's.
    expect(out.elements).toEqual([
      {
        type: 'image',
        id: 'photo',
        src: 'a.png',
        aspectRatio: 1.5,
        x: 112,
        y: 112,
        width: 300,
        height: 200,
        opacity: 0.25,
      },
      { type: 'rect', id: 'badge', x: 108, y: 108, width: 40, height: 20, opacity: 0.5 },
    ])
  })
})

describe('measurePoster', () => {
  test("height 'auto' is the bottom of the lowest top-level element, margin included", () => {
    const spec = {
      width: 375,
      height: 'auto' as const,
      elements: [
        { type: 'rect' as const, x: 0, y: 0, width: 375, height: 100 },
        {
          type: 'box' as const,
          id: 'body',
          x: 20,
          y: 120,
          width: 335,
          margin: [0, 0, 30, 0] as [number, number, number, number],
          children: [{ type: 'text' as const, id: 'title', text: 'y'.repeat(50), size: 16, lineHeight: 24 }],
        },
      ],
    }
    // 335 px of room at 8 px a character: 41 a line, so two lines.
    expect(measurePoster(spec, { measure })).toEqual({
      width: 375,
      height: 120 + 48 + 30,
      boxes: {
        body: { x: 20, y: 120, width: 335, height: 48 },
        title: { x: 20, y: 120, width: 335, height: 48 },
      },
    })
    expect(measurePoster({ ...spec, height: 1000 }, { measure }).height).toBe(1000)
  })

  test('a bad spec or no measure is invalid_request naming the field', () => {
    const spec = {
      width: 100,
      height: 'auto' as const,
      elements: [{ type: 'box' as const, children: [], gap: -2 }],
    }
    expect(() => measurePoster(spec, { measure })).toThrow(
      expect.objectContaining({ field: 'elements[0].gap' }),
    )
    expect(() => measurePoster({ ...spec, height: 'tall' as 'auto' }, { measure })).toThrow(
      expect.objectContaining({ field: 'height' }),
    )
    expect(() => measurePoster({ ...spec, elements: [] }, {} as never)).toThrow(
      expect.objectContaining({ field: 'measure' }),
    )
  })
})

describe('boxes in planPoster and validatePosterSpec', () => {
  const spec = (children: unknown[], box: Record<string, unknown> = {}) =>
    ({
      width: 300,
      height: 400,
      background: 'transparent',
      elements: [
        { type: 'rect', x: 0, y: 0, width: 10, height: 10 },
        { type: 'box', x: 20, y: 30, width: 200, padding: 10, fill: '#eee', children, ...box },
      ],
    }) as unknown as PosterSpec

  test('a box is drawn as its rect and then its children where the box put them', () => {
    const ops = planPoster(
      spec([
        { type: 'text', text: 'x'.repeat(30), size: 20, lineHeight: 30 },
        { type: 'rect', width: 50, height: 5, fill: '#f00', alignSelf: 'center' },
      ]),
      { measure },
    )
    expect(ops.map((op) => op.kind)).toEqual(['clear', 'rect', 'rect', 'text', 'text', 'rect'])
    expect(ops[2]).toMatchObject({ x: 20, y: 30, width: 200, height: 10 + 60 + 5 + 10, fill: '#eee' })
    // 180 px of room at 10 px a character: 18 then 12 characters.
    expect(ops[3]).toMatchObject({ text: 'x'.repeat(18), x: 30, y: 40 + 15 })
    expect(ops[4]).toMatchObject({ text: 'x'.repeat(12), x: 30, y: 40 + 45 })
    expect(ops[5]).toMatchObject({ x: 20 + 10 + 65, y: 40 + 60, width: 50, height: 5 })
  })

  test.each([
    [[{ type: 'rect', width: 1, height: 1, grow: -1 }], {}, 'elements[1].children[0].grow'],
    [[{ type: 'rect', width: 1, height: 1, margin: [1, 2] }], {}, 'elements[1].children[0].margin'],
    [[{ type: 'rect', width: 1, height: 1, alignSelf: 'left' }], {}, 'elements[1].children[0].alignSelf'],
    [[{ type: 'rect', width: 1, height: 1, position: 'fixed' }], {}, 'elements[1].children[0].position'],
    [[{ type: 'image', src: 'a.png', width: 10 }], {}, 'elements[1].children[0].aspectRatio'],
    [[{ type: 'box', children: [{ type: 'text' }] }], {}, 'elements[1].children[0].children[0].text'],
    [[], { justify: 'around' }, 'elements[1].justify'],
    [[], { align: 'left' }, 'elements[1].align'],
    [[], { direction: 'row-reverse' }, 'elements[1].direction'],
    [[], { padding: -1 }, 'elements[1].padding'],
    [[], { children: undefined }, 'elements[1].children'],
  ])('%j in a box %j: invalid_request on %s, saying what to write', (children, box, field) => {
    let error: unknown
    try {
      validatePosterSpec(spec(children, box))
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'invalid_request', field })
    expect((error as Error).message).toMatch(/must be .+, got /)
  })

  test('inside a box x/y may be left out; at the top level they still must be given', () => {
    expect(() => validatePosterSpec(spec([{ type: 'rect', width: 1, height: 1 }]))).not.toThrow()
    expect(() =>
      validatePosterSpec({
        width: 10,
        height: 10,
        elements: [{ type: 'rect', width: 1, height: 1 }],
      } as unknown as PosterSpec),
    ).toThrow(expect.objectContaining({ field: 'elements[0].x' }))
  })

  test("a qr element's margin stays its quiet zone", () => {
    const ops = planPoster(spec([{ type: 'qr', text: 'hi', size: 50, margin: 3 }]), {
      measure,
      qr: createQrMatrix,
    })
    expect(ops[3]).toMatchObject({ kind: 'qr', x: 30, y: 40, size: 50, margin: 3 })
  })
})
