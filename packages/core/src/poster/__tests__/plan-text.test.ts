import { splitGraphemes } from '../../text'
import { cssFont, quoteFamilies } from '../css-font'
import type { DrawOp, TextOp } from '../draw-ops'
import { drawText } from '../draw-text'
import type { CanvasContextLike } from '../execute-draw-ops'
import { measurePoster } from '../measure-poster'
import { planPoster } from '../plan-poster'
import type { BoxElement, PosterElement, PosterSpec, TextElement } from '../types'
import { validatePosterSpec } from '../validate-spec'

// A deterministic font: every grapheme is half the font's size wide (a 20 px text: 10 px a grapheme).
const sizeOf = (font: string): number => Number(/(\d+(?:\.\d+)?)px/.exec(font)![1])
const measure = (s: string, font: string): number => splitGraphemes(s).length * sizeOf(font) * 0.5
const spec = (elements: Array<PosterElement | BoxElement>): PosterSpec => ({
  width: 400,
  height: 400,
  elements,
})
const textOps = (elements: Array<PosterElement | BoxElement>, m = measure): TextOp[] =>
  planPoster(spec(elements), { measure: m }).filter((o: DrawOp): o is TextOp => o.kind === 'text')
const text = (fields: Partial<TextElement>): TextElement => ({ type: 'text', x: 10, y: 100, ...fields })

describe('font strings', () => {
  it.each([
    ['Times New Roman, serif', '"Times New Roman", serif'],
    ['"PingFang SC", Noto Sans CJK SC , sans-serif', '"PingFang SC", "Noto Sans CJK SC", sans-serif'],
    ["'Noto Sans', 微软雅黑, system-ui", "'Noto Sans', 微软雅黑, system-ui"],
    ['PosterSans,PosterEmoji', 'PosterSans,PosterEmoji'],
    ['sans-serif', 'sans-serif'],
    ['3D Font', '"3D Font"'],
  ])('quotes %j as %j', (family, quoted) => {
    expect(quoteFamilies(family)).toBe(quoted)
  })

  it('reach the canvas and the measure quoted, from planning and from box sizing', () => {
    // A fresh spy each time: widths are cached per measure function.
    const spy = (fonts: Set<string>) => (s: string, font: string) => {
      fonts.add(font)
      return measure(s, font)
    }
    const el = text({ text: 'Hi', family: 'Times New Roman, serif', weight: 'bold' })
    const planned = new Set<string>()
    expect(textOps([el], spy(planned))[0].font).toBe('bold 16px "Times New Roman", serif')
    expect([...planned]).toEqual(['bold 16px "Times New Roman", serif'])
    const measured = new Set<string>()
    const { x: _x, y: _y, ...child } = el
    const elements: BoxElement[] = [{ type: 'box', children: [child] }]
    measurePoster({ width: 400, height: 'auto', elements }, { measure: spy(measured) })
    expect([...measured]).toEqual([cssFont('bold', 16, 'Times New Roman, serif')])
  })
})

describe('planning text', () => {
  it('plans a plain text exactly as before: one op per line, textBaseline middle, x the anchor', () => {
    const ops = textOps([text({ text: 'ab cd', size: 20, lineHeight: 30, maxWidth: 25, align: 'center' })])
    expect(ops).toEqual([
      {
        kind: 'text',
        text: 'ab',
        x: 22.5,
        y: 115,
        font: 'normal 20px sans-serif',
        color: '#000',
        align: 'center',
        opacity: 1,
      },
      {
        kind: 'text',
        text: 'cd',
        x: 22.5,
        y: 145,
        font: 'normal 20px sans-serif',
        color: '#000',
        align: 'center',
        opacity: 1,
      },
    ])
  })

  it('puts the runs of spans side by side on one alphabetic baseline, each in its own style', () => {
    const ops = textOps([
      text({
        color: '#e4393c',
        spans: [
          { text: '¥', size: 20 },
          { text: 7999, size: 40, weight: 'bold' },
          { text: ' ¥9999', size: 16, color: '#999', family: 'Times New Roman' },
        ],
      }),
    ])
    expect(ops.map((o) => [o.text, o.x, o.font, o.color, o.align, o.baseline])).toEqual([
      ['¥', 10, 'normal 20px sans-serif', '#e4393c', 'left', 'alphabetic'],
      ['7999', 20, 'bold 40px sans-serif', '#e4393c', 'left', 'alphabetic'],
      [' ¥9999', 100, 'normal 16px "Times New Roman"', '#999', 'left', 'alphabetic'],
    ])
    // The tallest run (40 px, line height 56) sets the baseline: half-leading 8 + 0.88 × 40.
    for (const op of ops) expect(op.y).toBeCloseTo(100 + 8 + 35.2)
  })

  it('stacks lines of spans by their own heights, aligns each, and wraps across span borders', () => {
    const ops = textOps([
      text({
        maxWidth: 100,
        align: 'right',
        spans: [
          { text: 'small ', size: 10 },
          { text: 'BIG', size: 40 },
          { text: ' tail', size: 10 },
        ],
      }),
    ])
    // 'small BIG' is 25 + 5 + 60 = 90 wide; ' tail' fits after it (90 + 25 > 100: no, so it wraps).
    expect(ops.map((o) => o.text)).toEqual(['small ', 'BIG', 'tail'])
    expect(ops.map((o) => o.x)).toEqual([10 + 10, 10 + 40, 10 + 100 - 20])
    // Line 1 is 56 tall (BIG), its baseline at 8 + 35.2; line 2 is 14 tall, its baseline at 2 + 8.8.
    expect(ops[0].y).toBeCloseTo(143.2)
    expect(ops[1].y).toBeCloseTo(143.2)
    expect(ops[2].y).toBeCloseTo(100 + 56 + 10.8)
  })

  it('draws decorations as rects of the run: line-through above the baseline, underline below it', () => {
    const [price, list] = textOps([
      text({
        spans: [
          { text: '7999', size: 30, decoration: 'underline' },
          { text: '9999', size: 15, decoration: 'line-through', letterSpacing: 2 },
        ],
      }),
    ])
    const baseline = price.y
    expect(list.y).toBe(baseline)
    expect(price.decoration).toEqual({
      x: 10,
      y: baseline + 0.13 * 30,
      width: 60,
      height: 2,
      line: 'underline',
    })
    const through = list.decoration!
    expect([through.x, through.width, through.height]).toEqual([70, 4 * (7.5 + 2), 1])
    expect(through.line).toBe('line-through')
    expect(through.y + through.height / 2).toBeCloseTo(baseline - 0.35 * 15)
    // A plain text's decoration sits the same way under the baseline its em box centred on the middle gives.
    const [plain] = textOps([text({ text: 'ab', size: 20, lineHeight: 20, decoration: 'underline' })])
    expect(plain.baseline).toBeUndefined()
    expect(plain.decoration!.y).toBeCloseTo(110 + 0.38 * 20 + 0.13 * 20)
  })

  it('spaces letters: wider lines, wrapped by the spaced width, drawn from the left of centred lines', () => {
    const [op] = textOps([
      text({ text: 'abcd', size: 20, letterSpacing: 6, align: 'center', decoration: 'underline' }),
    ])
    // 4 × (10 + 6) = 64 wide, centred on x = 10.
    expect(op).toMatchObject({ x: 10 - 32, align: 'left', letterSpacing: 6 })
    expect(op.decoration!.width).toBe(64)
    const lines = textOps([text({ text: 'abcdef', size: 20, letterSpacing: 6, maxWidth: 48 })])
    expect(lines.map((o) => o.text)).toEqual(['abc', 'def'])
    expect(textOps([text({ text: 'abcdef', size: 20, letterSpacing: -4, maxWidth: 36 })])).toHaveLength(1)
  })

  it('ends a cut text of spans with an ellipsis in the style of the run it ends', () => {
    const ops = textOps([
      text({
        maxWidth: 70,
        maxLines: 1,
        spans: [
          { text: 'ab', size: 20 },
          { text: 'cdefgh', size: 40, letterSpacing: 4, color: 'red' },
        ],
      }),
    ])
    expect(ops.map((o) => [o.text, o.color, o.letterSpacing])).toEqual([
      ['ab', '#000', undefined],
      ['c…', 'red', 4],
    ])
  })

  it('draws a grapheme a span border cuts whole, in the span it starts in, never half a flag', () => {
    const ops = textOps([
      text({
        spans: [
          { text: '国旗🇨', color: 'red' },
          { text: '🇳和cafe', color: 'blue', size: 30 },
          { text: '\u0301!', color: 'green' },
        ],
      }),
    ])
    expect(ops.map((o) => [o.text, o.color])).toEqual([
      ['国旗🇨🇳', 'red'],
      ['和cafe\u0301', 'blue'],
      ['!', 'green'],
    ])
    // 3 graphemes of 8 px, then 5 of 15 px.
    expect(ops.map((o) => o.x)).toEqual([10, 34, 109])
  })

  it('gives every op of an outlined text its stroke', () => {
    const ops = textOps([
      text({ spans: [{ text: 'a' }, { text: 'b', size: 30 }], stroke: { color: '#fff', width: 2 } }),
      text({ text: 'c', stroke: { color: '#000', width: 1 } }),
      text({ text: 'd', stroke: { color: '#000', width: 1, dash: [2, 1] } }),
    ])
    expect(ops.map((o) => o.stroke)).toEqual([
      { color: '#fff', width: 2 },
      { color: '#fff', width: 2 },
      { color: '#000', width: 1 },
      { color: '#000', width: 1, dash: [2, 1] },
    ])
  })

  it('sizes a box to its spans: the widest line, and the sum of the lines’ heights', () => {
    const price: BoxElement = {
      type: 'box',
      id: 'row',
      direction: 'row',
      align: 'start',
      children: [
        {
          type: 'text',
          id: 'price',
          maxWidth: 100,
          spans: [
            { text: 'small ', size: 10 },
            { text: 'BIG', size: 40 },
            { text: ' tail', size: 10 },
          ],
        },
        { type: 'rect', id: 'after', width: 10, height: 10 },
      ],
    }
    const { boxes } = measurePoster({ width: 400, height: 'auto', elements: [price] }, { measure })
    expect(boxes.price).toEqual({ x: 0, y: 0, width: 90, height: 56 + 14 })
    expect(boxes.after.x).toBe(90)
  })

  it('gives a text in a box the width its wrap needs, kerning or not, so it does not wrap again', () => {
    // A kerning font: a string is narrower than the sum of its graphemes.
    const kerning = (s: string, font: string) => measure(s, font) - (splitGraphemes(s).length - 1) * 0.3
    const row: BoxElement = {
      type: 'box',
      direction: 'row',
      align: 'start',
      children: [{ type: 'text', text: 'AVAVAVAV', size: 20 }],
    }
    const ops = textOps([row], kerning)
    expect(ops.map((o) => o.text)).toEqual(['AVAVAVAV'])
  })
})

describe('validating text runs', () => {
  const box = (child: object): PosterSpec =>
    ({
      width: 10,
      height: 10,
      elements: [
        { type: 'rect', x: 0, y: 0, width: 1, height: 1 },
        { type: 'rect', x: 0, y: 0, width: 1, height: 1 },
        { type: 'box', children: [child] },
      ],
    }) as PosterSpec
  it.each([
    [
      { type: 'text', spans: [{ text: 'a' }, { text: 'b', size: 0 }] },
      'elements[2].children[0].spans[1].size',
      /positive/,
    ],
    [{ type: 'text', spans: [] }, 'elements[2].children[0].spans', /non-empty array/],
    [{ type: 'text', spans: 'ab' }, 'elements[2].children[0].spans', /non-empty array/],
    [{ type: 'text', spans: [null] }, 'elements[2].children[0].spans[0]', /a span \{ text/],
    [{ type: 'text', spans: [{ text: null }] }, 'elements[2].children[0].spans[0].text', /string/],
    [
      { type: 'text', spans: [{ text: 'a', decoration: 'strike' }] },
      'elements[2].children[0].spans[0].decoration',
      /'line-through' or 'underline'/,
    ],
    [
      { type: 'text', spans: [{ text: 'a', letterSpacing: Infinity }] },
      'elements[2].children[0].spans[0].letterSpacing',
      /finite/,
    ],
    [
      { type: 'text', spans: [{ text: 'a', size: 10, letterSpacing: -5 }] },
      'elements[2].children[0].spans[0].letterSpacing',
      /−size \/ 2/,
    ],
    [
      // The element's −7 suits its 16 px, not the span's 10 px: the span must give its own.
      { type: 'text', letterSpacing: -7, spans: [{ text: 'a', size: 10 }] },
      'elements[2].children[0].spans[0].letterSpacing',
      /−size \/ 2/,
    ],
    [
      { type: 'text', spans: [{ text: 'a', weight: 'heavy' }] },
      'elements[2].children[0].spans[0].weight',
      /bold/,
    ],
    [
      { type: 'text', spans: [{ text: 'a', family: 'a;b' }] },
      'elements[2].children[0].spans[0].family',
      /font family/,
    ],
    [
      { type: 'text', text: 'a', spans: [{ text: 'b' }] },
      'elements[2].children[0].text',
      /text or spans, not both/,
    ],
    [{ type: 'text' }, 'elements[2].children[0].text', /string/],
    [{ type: 'text', text: 'a', letterSpacing: -8 }, 'elements[2].children[0].letterSpacing', /−size \/ 2/],
    [{ type: 'text', text: 'a', decoration: 'overline' }, 'elements[2].children[0].decoration', /underline/],
    [
      { type: 'text', text: 'a', stroke: { color: '#000', width: 0 } },
      'elements[2].children[0].stroke.width',
      /positive/,
    ],
    [{ type: 'text', text: 'a', stroke: { width: 1 } }, 'elements[2].children[0].stroke', /color, width/],
  ])('%j: invalid_request on %s', (child, field, message) => {
    let error: unknown
    try {
      validatePosterSpec(box(child))
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'invalid_request', field })
    expect((error as Error).message).toMatch(message)
  })

  it('accepts spans, decorations, spacing and outlines that are right', () => {
    const ok = text({
      letterSpacing: -7.9,
      decoration: 'underline',
      stroke: { color: '#fff', width: 1 },
      spans: [
        { text: '¥', size: 10, letterSpacing: -4.9 },
        { text: 7999, decoration: 'line-through', weight: 600 },
      ],
    })
    expect(() => validatePosterSpec(spec([ok]))).not.toThrow()
  })
})

describe('drawing text', () => {
  /** A context that records what is drawn: fills and strokes of text with their x, and rects. */
  function recorder() {
    const calls: string[] = []
    const ctx = {
      font: '',
      fillStyle: '',
      strokeStyle: '',
      lineWidth: 1,
      lineJoin: 'miter',
      textAlign: '',
      textBaseline: '',
      measureText: (s: string) => ({ width: measure(s, ctx.font) }),
      fillText: (s: string, x: number, y: number) =>
        calls.push(`fill ${s} ${x} ${y} ${ctx.fillStyle} ${ctx.textBaseline}`),
      strokeText: (s: string, x: number, y: number) =>
        calls.push(`stroke ${s} ${x} ${y} ${ctx.strokeStyle} ${ctx.lineWidth} ${ctx.lineJoin}`),
      setLineDash: (dash: number[]) => calls.push(`dash ${dash.join(',')}`),
      fillRect: (x: number, y: number, w: number, h: number) =>
        calls.push(`rect ${x} ${y} ${w} ${h} ${ctx.fillStyle}`),
    }
    return { ctx: ctx as unknown as CanvasContextLike, calls }
  }
  const op: TextOp = {
    kind: 'text',
    text: 'ab',
    x: 10,
    y: 50,
    font: 'normal 20px X',
    color: 'red',
    align: 'left',
    opacity: 1,
  }

  it('dashes an outline with a dash', () => {
    const { ctx, calls } = recorder()
    drawText(ctx, { ...op, stroke: { color: '#fff', width: 1, dash: [3, 2] } })
    expect(calls).toEqual(['dash 3,2', 'stroke ab 10 50 #fff 2 round', 'fill ab 10 50 red middle'])
  })

  it('draws plain text in one fillText at textBaseline middle', () => {
    const { ctx, calls } = recorder()
    drawText(ctx, op)
    expect(calls).toEqual(['fill ab 10 50 red middle'])
  })

  it('strokes under the fill, twice as wide with round joins, spaces letters and draws the decoration last', () => {
    const { ctx, calls } = recorder()
    drawText(ctx, {
      ...op,
      baseline: 'alphabetic',
      letterSpacing: 3,
      stroke: { color: '#fff', width: 2 },
      decoration: { x: 10, y: 45, width: 26, height: 1 },
    })
    expect(calls).toEqual([
      'stroke a 10 50 #fff 4 round',
      'stroke b 23 50 #fff 4 round',
      'fill a 10 50 red alphabetic',
      'fill b 23 50 red alphabetic',
      // In the outline's colour, as Chromium draws -webkit-text-stroke's decorations.
      'rect 10 45 26 1 #fff',
    ])
  })
})

describe('soft hyphens', () => {
  it('plan a hyphen at the end of a line broken at one, and nothing elsewhere', () => {
    const plain = textOps([text({ text: 'ab\u00ADcd\u00ADef', size: 20, maxWidth: 45 })])
    expect(plain.map((o) => o.text)).toEqual(['ab-', 'cdef'])
    const spans = textOps([
      text({ spans: [{ text: 'ab\u00AD', color: '#f00' }, { text: 'cd' }], size: 20, maxWidth: 30 }),
    ])
    expect(spans.map((o) => [o.text, o.color])).toEqual([
      ['ab-', '#f00'],
      ['cd', '#000'],
    ])
  })
})
