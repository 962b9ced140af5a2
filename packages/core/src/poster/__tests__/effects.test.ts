/**
 * Issue #13's effects as planned: rotations (composed down boxes), shadows, dashes, image borders and
 * line elements, in the ops planPoster makes; and their validation, each failure naming its field.
 */
import type { DrawOp, ImageOp, LineOp, Matrix, RectOp, TextOp } from '../draw-ops'
import { layoutBoxes } from '../layout-boxes'
import { measurePoster } from '../measure-poster'
import { planPoster } from '../plan-poster'
import type { BoxElement, PosterElement, PosterSpec } from '../types'
import { validatePosterSpec } from '../validate-spec'

// A deterministic font: every character is 0.5 × the font size wide (20 px text: 10 px a character).
const measure = (text: string, font: string) => [...text].length * 0.5 * Number(/(\d+)px/.exec(font)![1])

const plan = (elements: Array<PosterElement | BoxElement>, background = 'transparent'): DrawOp[] =>
  planPoster({ width: 400, height: 400, background, elements }, { measure }).slice(1)

/** Where matrix m takes the point (x, y), as the canvas does. */
function apply(m: Matrix | undefined, x: number, y: number): [number, number] {
  if (!m) return [x, y]
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]
}

/** The point (x, y) turned `degrees` clockwise about (cx, cy), by trigonometry (y runs down). */
function turned(degrees: number, cx: number, cy: number, x: number, y: number): [number, number] {
  const a = (degrees * Math.PI) / 180
  const [dx, dy] = [x - cx, y - cy]
  return [cx + dx * Math.cos(a) - dy * Math.sin(a), cy + dx * Math.sin(a) + dy * Math.cos(a)]
}

const close = (got: [number, number], want: [number, number]) => {
  expect(got[0]).toBeCloseTo(want[0], 9)
  expect(got[1]).toBeCloseTo(want[1], 9)
}

describe('rotate', () => {
  test('turns a rect clockwise about the centre of its box, and leaves its place as it was', () => {
    const [op] = plan([{ type: 'rect', x: 10, y: 20, width: 100, height: 20, fill: '#f00', rotate: 90 }])
    expect(op).toMatchObject({ kind: 'rect', x: 10, y: 20, width: 100, height: 20 })
    const m = (op as RectOp).transform
    // A quarter turn is exact: no 6e-17 left over from Math.cos.
    expect(m).toEqual([0, 1, -1, 0, 90, -30])
    close(apply(m, 60, 30), [60, 30])
    // The top-left corner goes to the top-right: (-50, -10) from the centre becomes (10, -50).
    close(apply(m, 10, 20), [70, -20])
    for (const deg of [30, -45, 200, 720 + 15]) {
      const [o] = plan([{ type: 'rect', x: 10, y: 20, width: 100, height: 20, rotate: deg }])
      close(apply((o as RectOp).transform, 10, 20), turned(deg, 60, 30, 10, 20))
      close(apply((o as RectOp).transform, 110, 40), turned(deg, 60, 30, 110, 40))
    }
  })

  test('a top-level text without maxWidth turns about the box its lines cover, by its align', () => {
    // 'abcd' at 20 px is 40 wide; two lines of 30: the box is 40 × 60.
    for (const [align, left] of [
      ['left', 100],
      ['center', 80],
      ['right', 60],
    ] as const) {
      const ops = plan([
        { type: 'text', x: 100, y: 50, text: 'abcd\nab', size: 20, lineHeight: 30, align, rotate: 90 },
      ]) as TextOp[]
      expect(ops).toHaveLength(2)
      // Every line of the element shares the element's transform, about (left + 20, 50 + 30).
      for (const op of ops) expect(op.transform).toEqual(ops[0].transform)
      close(apply(ops[0].transform, left + 20, 80), [left + 20, 80])
      close(apply(ops[0].transform, left, 50), turned(90, left + 20, 80, left, 50))
    }
    // With maxWidth, the box is [x, x + maxWidth] whatever the align.
    const [op] = plan([
      {
        type: 'text',
        x: 0,
        y: 0,
        text: 'ab',
        size: 20,
        lineHeight: 30,
        maxWidth: 200,
        align: 'right',
        rotate: 180,
      },
    ]) as TextOp[]
    close(apply(op.transform, 100, 15), [100, 15])
  })

  test('a turned box turns its whole subtree about its centre; a turned child in it composes', () => {
    const box: BoxElement = {
      type: 'box',
      x: 0,
      y: 0,
      width: 200,
      height: 100,
      fill: '#eee',
      rotate: 90,
      children: [
        { type: 'rect', width: 40, height: 20, fill: '#f00' },
        { type: 'rect', width: 40, height: 20, fill: '#00f', rotate: 45 },
      ],
    }
    const [bg, first, second] = plan([box]) as RectOp[]
    // The box's own rect and its plain child share the box's rotation about (100, 50).
    close(apply(bg.transform, 100, 50), [100, 50])
    expect(first.transform).toEqual(bg.transform)
    close(apply(first.transform, 0, 0), turned(90, 100, 50, 0, 0))
    // The second child (at 0, 20; centre 20, 30) turns 45° about its own centre, then 90° with the box.
    expect(second).toMatchObject({ x: 0, y: 20, width: 40, height: 20 })
    for (const [x, y] of [
      [0, 20],
      [40, 40],
      [20, 30],
    ])
      close(apply(second.transform, x, y), turned(90, 100, 50, ...turned(45, 20, 30, x, y)))
  })

  test('a rotated qr, code, image and line turn too; unturned elements get no transform', () => {
    const ops = plan([
      { type: 'image', x: 0, y: 0, width: 40, height: 40, src: 'https://a/b.png', rotate: 10 },
      { type: 'code', x: 0, y: 0, size: 40, dataUrl: 'https://a/c.png', rotate: 10 },
      { type: 'line', x1: 0, y1: 10, x2: 100, y2: 10, rotate: 90 },
      { type: 'rect', x: 0, y: 0, width: 1, height: 1 },
    ])
    close(apply((ops[0] as ImageOp).transform, 20, 20), [20, 20])
    expect((ops[0] as ImageOp).transform).toBeDefined()
    close(apply((ops[1] as ImageOp).transform, 20, 20), [20, 20])
    // A line turns about its middle.
    close(apply((ops[2] as LineOp).transform, 50, 10), [50, 10])
    close(apply((ops[2] as LineOp).transform, 0, 10), [50, -40])
    expect(ops[3]).not.toHaveProperty('transform')
  })

  test('rotation leaves the layout alone: measurePoster reports the unturned boxes', () => {
    const spec = {
      width: 300,
      height: 'auto' as const,
      elements: [
        {
          type: 'box' as const,
          id: 'card',
          x: 10,
          y: 10,
          rotate: 30,
          children: [{ type: 'rect' as const, id: 'r', width: 100, height: 50, rotate: 90 }],
        },
      ],
    }
    const { height, boxes } = measurePoster(spec, { measure })
    expect(boxes).toEqual({
      card: { x: 10, y: 10, width: 100, height: 50 },
      r: { x: 10, y: 10, width: 100, height: 50 },
    })
    expect(height).toBe(60)
  })
})

describe('shadow', () => {
  const shadow = { x: 3, y: 4, blur: 8, color: 'rgba(0,0,0,.3)' }

  test('rects, images and every line of a text carry it, with defaults filled in', () => {
    const ops = plan([
      { type: 'rect', x: 0, y: 0, width: 10, height: 10, fill: '#fff', shadow },
      { type: 'image', x: 0, y: 0, width: 10, height: 10, src: 'https://a/b.png', shadow: { color: 'red' } },
      { type: 'text', x: 0, y: 0, text: 'a\nb', shadow: { y: 2, color: '#000' } },
      { type: 'rect', x: 0, y: 0, width: 10, height: 10, fill: '#fff' },
    ])
    expect((ops[0] as RectOp).shadow).toEqual(shadow)
    expect((ops[1] as ImageOp).shadow).toEqual({ x: 0, y: 0, blur: 0, color: 'red' })
    expect(ops.slice(2, 4).map((op) => (op as TextOp).shadow)).toEqual([
      { x: 0, y: 2, blur: 0, color: '#000' },
      { x: 0, y: 2, blur: 0, color: '#000' },
    ])
    expect(ops[4]).not.toHaveProperty('shadow')
    expect(ops[0]).not.toHaveProperty('transform')
  })

  test("a box's shadow is its rect's, not its children's", () => {
    const ops = plan([
      {
        type: 'box',
        x: 0,
        y: 0,
        padding: 10,
        fill: '#fff',
        radius: 8,
        shadow,
        children: [{ type: 'text', text: 'hi' }],
      },
    ])
    expect(ops.map((op) => op.kind)).toEqual(['rect', 'text'])
    expect(ops[0]).toMatchObject({ shadow, radii: [8, 8, 8, 8] })
    expect(ops[1]).not.toHaveProperty('shadow')
    // A box with no paint still casts its shadow (CSS box-shadow): a rect op that paints nothing else.
    const bare = plan([{ type: 'box', x: 0, y: 0, width: 50, height: 20, shadow, children: [] }])
    expect(bare).toEqual([
      {
        kind: 'rect',
        x: 0,
        y: 0,
        width: 50,
        height: 20,
        radii: null,
        fill: null,
        stroke: null,
        opacity: 1,
        shadow,
      },
    ])
    expect(plan([{ type: 'box', x: 0, y: 0, width: 50, height: 20, children: [] }])).toEqual([])
  })
})

describe('dash, image stroke and lines', () => {
  test('a stroke carries its dash only when it has one; an image carries its border', () => {
    const ops = plan([
      { type: 'rect', x: 0, y: 0, width: 10, height: 10, stroke: { color: '#000', width: 2, dash: [6, 4] } },
      { type: 'rect', x: 0, y: 0, width: 10, height: 10, stroke: { color: '#000', width: 2 } },
      {
        type: 'image',
        x: 0,
        y: 0,
        width: 40,
        height: 40,
        src: 'https://a/b.png',
        radius: 'circle',
        stroke: { color: '#fff', width: 3, dash: [2, 2] },
      },
      { type: 'image', x: 0, y: 0, width: 40, height: 40, src: 'https://a/b.png' },
    ])
    expect((ops[0] as RectOp).stroke).toEqual({ color: '#000', width: 2, dash: [6, 4] })
    expect((ops[1] as RectOp).stroke).toEqual({ color: '#000', width: 2 })
    expect(ops[2]).toMatchObject({
      radii: [20, 20, 20, 20],
      stroke: { color: '#fff', width: 3, dash: [2, 2] },
    })
    expect(ops[3]).not.toHaveProperty('stroke')
  })

  test('a top-level line is drawn between its end points, with defaults', () => {
    const ops = plan([
      { type: 'line', x1: 10, y1: 20, x2: 110, y2: 20 },
      {
        type: 'line',
        x1: 0,
        y1: 0,
        x2: 30,
        y2: 40,
        color: '#f00',
        width: 3,
        dash: [5, 5],
        cap: 'round',
        opacity: 0.5,
      },
    ])
    expect(ops[0]).toEqual({
      kind: 'line',
      x1: 10,
      y1: 20,
      x2: 110,
      y2: 20,
      color: '#000',
      width: 1,
      cap: 'butt',
      opacity: 1,
    })
    expect(ops[1]).toEqual({
      kind: 'line',
      x1: 0,
      y1: 0,
      x2: 30,
      y2: 40,
      color: '#f00',
      width: 3,
      dash: [5, 5],
      cap: 'round',
      opacity: 0.5,
    })
  })

  test("a top-level line's box covers its thickness: the 'auto' height and measurePoster see it", () => {
    const { height, boxes } = measurePoster(
      {
        width: 300,
        height: 'auto',
        elements: [
          { type: 'line', id: 'rule', x1: 10, y1: 100, x2: 110, y2: 100, width: 4 },
          // A 3-4-5 diagonal of thickness 10: 5 px of half-thickness project to 4 across x and 3 across y.
          { type: 'line', id: 'slant', x1: 0, y1: 0, x2: 30, y2: 40, width: 10 },
        ],
      },
      { measure },
    )
    expect(boxes.rule).toEqual({ x: 10, y: 98, width: 100, height: 4 })
    expect(boxes.slant.x).toBeCloseTo(-4, 9)
    expect(boxes.slant.y).toBeCloseTo(-3, 9)
    expect(boxes.slant.width).toBeCloseTo(38, 9)
    expect(boxes.slant.height).toBeCloseTo(46, 9)
    expect(height).toBe(102)
  })

  test('in a column box a line is a horizontal divider as wide as the content box (stretch)', () => {
    const card: BoxElement = {
      type: 'box',
      x: 20,
      y: 10,
      width: 200,
      padding: 10,
      gap: 8,
      children: [
        { type: 'rect', width: 50, height: 30 },
        { type: 'line', id: 'divider', width: 2, color: '#ccc', dash: [4, 2] },
        { type: 'line', length: 60, alignSelf: 'center', margin: [4, 0, 0, 0] },
        { type: 'rect', width: 50, height: 30 },
      ],
    }
    const out = layoutBoxes([card], measure)
    // Its thickness is its main size (2 px tall), its length the stretched cross size (180 px).
    expect(out.boxes.divider).toEqual({ x: 30, y: 58, width: 180, height: 2 })
    const ops = plan([card]) as Array<RectOp | LineOp>
    expect(ops[1]).toEqual({
      kind: 'line',
      x1: 30,
      y1: 59,
      x2: 210,
      y2: 59,
      color: '#ccc',
      width: 2,
      dash: [4, 2],
      cap: 'butt',
      opacity: 1,
    })
    // A centred line of length 60 with the default thickness 1, after its 4 px top margin.
    expect(ops[2]).toMatchObject({ x1: 90, x2: 150, y1: 60 + 8 + 4 + 0.5, y2: 72.5 })
    // What follows comes after the line's thickness and the gaps.
    expect(ops[3]).toMatchObject({ y: 73 + 8 })
  })

  test('in a row box a line is a vertical bar as tall as the row', () => {
    const row: BoxElement = {
      type: 'box',
      direction: 'row',
      x: 0,
      y: 0,
      gap: 10,
      children: [
        { type: 'rect', width: 40, height: 30 },
        { type: 'line', width: 2 },
        { type: 'rect', width: 40, height: 20 },
      ],
    }
    const ops = plan([row]) as Array<RectOp | LineOp>
    expect(ops[1]).toMatchObject({ kind: 'line', x1: 51, y1: 0, x2: 51, y2: 30, width: 2 })
    expect(ops[2]).toMatchObject({ x: 62 })
  })
})

describe('validation of the effects', () => {
  const base = (elements: unknown[]): PosterSpec => ({ width: 300, height: 300, elements }) as PosterSpec
  const failure = (elements: unknown[]) => {
    try {
      validatePosterSpec(base(elements))
    } catch (e) {
      return e as { code: string; field: string; message: string }
    }
    throw new Error('validated')
  }
  const rect = { type: 'rect', x: 0, y: 0, width: 10, height: 10 }

  test.each([
    [[{ ...rect, rotate: '45' }], 'elements[0].rotate', 'degrees'],
    [[{ ...rect, rotate: Infinity }], 'elements[0].rotate', 'degrees'],
    [[rect, { ...rect, shadow: { x: 2, color: '' } }], 'elements[1].shadow.color', 'CSS colour'],
    [[{ ...rect, shadow: '0 2px 4px #000' }], 'elements[0].shadow', '{ x?, y?, blur?, color }'],
    [[{ ...rect, shadow: { blur: -1, color: '#000' } }], 'elements[0].shadow.blur', 'from 0 to 1000'],
    [[{ ...rect, shadow: { x: '2', color: '#000' } }], 'elements[0].shadow.x', 'finite number'],
    [[{ ...rect, stroke: { color: '#000', width: 1, dash: [4] } }], 'elements[0].stroke.dash', '[on, off]'],
    [
      [{ ...rect, stroke: { color: '#000', width: 1, dash: [0, 0] } }],
      'elements[0].stroke.dash',
      'not both 0',
    ],
    [
      [{ type: 'image', x: 0, y: 0, width: 10, height: 10, src: 'a.png', stroke: { color: '#000' } }],
      'elements[0].stroke.width',
      'positive',
    ],
    [[{ type: 'line', x1: 0, y1: 0, x2: 10 }], 'elements[0].y2', 'finite number'],
    [[{ type: 'line', x1: 0, y1: 0, x2: 10, y2: 0, width: 0 }], 'elements[0].width', 'thickness'],
    [[{ type: 'line', x1: 0, y1: 0, x2: 10, y2: 0, cap: 'flat' }], 'elements[0].cap', 'butt, round, square'],
    [[{ type: 'line', x1: 0, y1: 0, x2: 10, y2: 0, dash: [3, -1] }], 'elements[0].dash', '[on, off]'],
    [[{ type: 'lines' }], 'elements[0].type', 'line'],
    [
      [
        rect,
        rect,
        {
          type: 'box',
          children: [{ type: 'text', text: 'a', shadow: { color: '#000', blur: 'soft' } }],
        },
      ],
      'elements[2].children[0].shadow.blur',
      'from 0 to 1000',
    ],
    [
      [
        {
          type: 'box',
          children: [
            { type: 'rect', width: 1, height: 1 },
            { type: 'line', length: -5 },
          ],
        },
      ],
      'elements[0].children[1].length',
      'leave it out to span the box',
    ],
    [[{ type: 'box', rotate: null, children: [] }], 'elements[0].rotate', 'degrees'],
  ])('%j fails on %s', (elements, field, hint) => {
    const e = failure(elements)
    expect(e.code).toBe('invalid_request')
    expect(e.field).toBe(field)
    expect(e.message).toContain(hint)
  })

  test('well-formed effects pass; a line in a box needs no end points', () => {
    expect(() =>
      validatePosterSpec(
        base([
          {
            ...rect,
            rotate: -30,
            shadow: { color: '#000' },
            stroke: { color: '#000', width: 1, dash: [0, 3] },
          },
          { type: 'line', x1: 0, y1: 0, x2: 10, y2: 0, dash: [1, 1], cap: 'round', rotate: 5 },
          {
            type: 'box',
            rotate: 90,
            shadow: { y: 2, blur: 6, color: '#0003' },
            children: [{ type: 'line' }],
          },
          {
            type: 'image',
            x: 0,
            y: 0,
            width: 5,
            height: 5,
            src: 'a.png',
            stroke: { color: '#fff', width: 2 },
          },
        ]),
      ),
    ).not.toThrow()
  })
})
