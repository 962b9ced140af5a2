import { createQrMatrix } from '../../qr'
import type { ImageOp, QrOp, RectOp, TextOp } from '../draw-ops'
import { planPoster, resolveRadii } from '../plan-poster'
import type { PosterElement, PosterSpec } from '../types'
import { productPoster } from '../../../../../src/posters/product-poster'
import { FONT, nodeContext } from './node-canvas'

const measure = (s: string, font: string): number => {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)![1])
  let w = 0
  for (const ch of s) w += ch.codePointAt(0)! > 0x2000 ? size : size / 2
  return w
}
const spec = (elements: PosterElement[], extra: Partial<PosterSpec> = {}): PosterSpec => ({
  width: 300,
  height: 400,
  elements,
  ...extra,
})
const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze)
    Object.freeze(o)
  }
  return o
}

describe('planPoster', () => {
  it('starts with a clear and a background fill, gradients in absolute px', () => {
    const ops = planPoster(
      spec([], {
        background: {
          type: 'linear',
          stops: [
            { offset: 0, color: '#f00' },
            { offset: 1, color: '#00f' },
          ],
        },
      }),
      { measure },
    )
    expect(ops[0]).toEqual({ kind: 'clear', width: 300, height: 400 })
    expect((ops[1] as RectOp).fill).toEqual({
      type: 'linear',
      x0: 0,
      y0: 0,
      x1: 0,
      y1: 400,
      stops: [
        { offset: 0, color: '#f00' },
        { offset: 1, color: '#00f' },
      ],
    })
    expect(planPoster(spec([], { background: 'transparent' }), { measure })).toHaveLength(1)
    expect((planPoster(spec([]), { measure })[1] as RectOp).fill).toBe('#fff')
  })

  it('lays out text lines inside maxWidth, one op per line, centred on each line box', () => {
    const ops = planPoster(
      spec([
        {
          type: 'text',
          x: 10,
          y: 100,
          text: '🎉限时特惠🎉 iPhone 15 Pro Max\n第二行',
          size: 20,
          lineHeight: 30,
          maxWidth: 400,
          weight: 'bold',
          family: 'X',
        },
      ]),
      { measure },
    ).filter((o): o is TextOp => o.kind === 'text')
    expect(ops.map((o) => o.text)).toEqual(['🎉限时特惠🎉 iPhone 15 Pro Max', '第二行'])
    expect(ops.map((o) => o.y)).toEqual([115, 145])
    expect(ops[0]).toMatchObject({ x: 10, font: 'bold 20px X', align: 'left', color: '#000', opacity: 1 })
  })

  it('aligns inside [x, x + maxWidth] and anchors at x without maxWidth', () => {
    const el = { type: 'text', x: 10, y: 0, text: 'a' } as const
    const x = (extra: object): number => (planPoster(spec([{ ...el, ...extra }]), { measure })[2] as TextOp).x
    expect(x({ align: 'center', maxWidth: 200 })).toBe(110)
    expect(x({ align: 'right', maxWidth: 200 })).toBe(210)
    expect(x({ align: 'center' })).toBe(10)
  })

  it('cuts a title at maxLines with an ellipsis that fits', () => {
    const text = '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 原色钛金属，A17 Pro 芯片，钛金属设计，超长续航'
    const lines = planPoster(
      spec([{ type: 'text', x: 0, y: 0, text, size: 18, maxWidth: 200, maxLines: 2 }]),
      { measure },
    ).filter((o): o is TextOp => o.kind === 'text')
    expect(lines).toHaveLength(2)
    expect(lines[1].text.endsWith('…')).toBe(true)
    for (const l of lines) expect(measure(l.text, l.font)).toBeLessThanOrEqual(200)
  })

  it('draws a number as text', () => {
    const ops = planPoster(spec([{ type: 'text', x: 0, y: 0, text: 7999 }]), { measure })
    expect((ops[2] as TextOp).text).toBe('7999')
  })

  it('plans images with their element index, id, fit, radii and fallback', () => {
    const ops = planPoster(
      spec([
        { type: 'rect', x: 0, y: 0, width: 10, height: 10, fill: '#eee' },
        {
          type: 'image',
          id: 'avatar',
          x: 5,
          y: 6,
          width: 40,
          height: 40,
          src: 'https://a/b.png',
          fallbackSrc: '/static/x.png',
          radius: 'circle',
        },
        {
          type: 'image',
          x: 0,
          y: 0,
          width: 100,
          height: 50,
          src: 'cloud://env/x.png',
          fit: 'contain',
          radius: [10, 0, 0, 10],
        },
      ]),
      { measure },
    ).filter((o): o is ImageOp => o.kind === 'image')
    expect(ops[0]).toMatchObject({
      element: 1,
      id: 'avatar',
      fit: 'cover',
      radii: [20, 20, 20, 20],
      source: { kind: 'src', src: 'https://a/b.png', fallbackSrc: '/static/x.png' },
    })
    expect(ops[1]).toMatchObject({ element: 2, fit: 'contain', radii: [10, 0, 0, 10] })
    expect(ops[1]).not.toHaveProperty('id')
  })

  it('plans a code as a contained square image from its request or data URL', () => {
    const ops = planPoster(
      spec([
        { type: 'code', x: 1, y: 2, size: 90, request: { scene: 'id=42' } },
        { type: 'code', x: 1, y: 2, size: 90, dataUrl: 'data:image/png;base64,AAAA' },
      ]),
      { measure },
    ).filter((o): o is ImageOp => o.kind === 'image')
    expect(ops[0]).toMatchObject({
      element: 0,
      width: 90,
      height: 90,
      fit: 'contain',
      source: { kind: 'code', request: { scene: 'id=42' } },
    })
    expect(ops[1].source).toEqual({ kind: 'src', src: 'data:image/png;base64,AAAA' })
  })

  it('plans a QR code as its module matrix, with the encoder it is given', () => {
    const op = planPoster(
      spec([{ type: 'qr', x: 0, y: 0, size: 100, text: 'https://example.com/p/42', ecc: 'Q' }]),
      { measure, qr: createQrMatrix },
    )[2] as QrOp
    expect(op.modules).toEqual(createQrMatrix('https://example.com/p/42', { ecc: 'Q' }).modules)
    expect(op).toMatchObject({ margin: 4, color: '#000', background: '#fff' })
  })

  it('asks for the QR encoder when a qr element has none', () => {
    const s = spec([
      { type: 'rect', x: 0, y: 0, width: 1, height: 1 },
      { type: 'qr', x: 0, y: 0, size: 100, text: 'https://example.com/p/42' },
    ])
    let error: unknown
    try {
      planPoster(s, { measure })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'MiniCodeError', code: 'invalid_request', field: 'elements[1]' })
    expect((error as Error).message).toContain('qr: createQrMatrix')
    // Posters without qr elements need no encoder.
    expect(() => planPoster(spec([{ type: 'text', x: 0, y: 0, text: 'a' }]), { measure })).not.toThrow()
  })

  it('clamps radii like CSS when corners would overlap', () => {
    expect(resolveRadii(100, 40, 20)).toEqual([10, 10, 10, 10])
    expect(resolveRadii([30, 30, 0, 0], 40, 100)).toEqual([20, 20, 0, 0])
    expect(resolveRadii(0, 10, 10)).toBeNull()
    expect(resolveRadii('circle', 60, 40)).toEqual([20, 20, 20, 20])
  })

  it('is pure: a frozen spec plans the same twice', () => {
    const s = deepFreeze(
      productPoster({
        codeDataUrl: 'data:image/png;base64,AAAA',
        product: 'https://x/p.png',
        avatar: 'https://x/a.png',
      }),
    )
    expect(planPoster(s, { measure })).toEqual(planPoster(s, { measure }))
  })

  it('reuses widths across plans with the same measure function', () => {
    let calls = 0
    const counting = (s: string, f: string): number => {
      calls++
      return measure(s, f)
    }
    const s = spec([
      { type: 'text', x: 0, y: 0, text: '限时特惠，今天下单立减两百元！'.repeat(20), maxWidth: 200 },
    ])
    planPoster(s, { measure: counting })
    const first = calls
    planPoster(s, { measure: counting })
    expect(calls).toBe(first)
    expect(first).toBeLessThan(8)
  })

  it('keeps every line of the demo poster inside its box with real font metrics', () => {
    const { measure: real } = nodeContext()
    const demo = productPoster({ codeDataUrl: 'data:image/png;base64,AAAA', family: FONT })
    const ops = planPoster(demo, { measure: real })
    // The title's lines (the price's ¥ is bold 18 px too, in red).
    const title = ops.filter(
      (o): o is TextOp => o.kind === 'text' && o.font.startsWith('bold 18px') && o.color === '#1f1f1f',
    )
    // The title takes up to three lines in the card's 303 px.
    expect(title.length).toBeGreaterThanOrEqual(2)
    expect(title.length).toBeLessThanOrEqual(3)
    for (const t of title) expect(real(t.text, t.font)).toBeLessThanOrEqual(303 + 0.01)
    expect(title[0].text.startsWith('🎉限时特惠🎉')).toBe(true)
  })

  it.each([
    [null, ''],
    [{ width: 0, height: 10, elements: [] }, 'width'],
    [{ width: 10, height: 1e6, elements: [] }, 'height'],
    [{ width: 10, height: 10 }, 'elements'],
    [{ width: 10, height: 10, background: { type: 'linear', stops: [] }, elements: [] }, 'background'],
    [{ width: 10, height: 10, elements: [{ type: 'circle', x: 0, y: 0 }] }, 'elements[0].type'],
    [
      { width: 10, height: 10, elements: [{ type: 'rect', x: '0', y: 0, width: 1, height: 1 }] },
      'elements[0].x',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'rect', x: 0, y: 0, width: -1, height: 1 }] },
      'elements[0].width',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'rect', x: 0, y: 0, width: 1, height: 1, radius: [1, 2] }],
      },
      'elements[0].radius',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'rect', x: 0, y: 0, width: 1, height: 1, stroke: { color: '#000' } }],
      },
      'elements[0].stroke.width',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'image', x: 0, y: 0, width: 1, height: 1, src: '' }] },
      'elements[0].src',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'image', x: 0, y: 0, width: 1, height: 1, src: 'a', fit: 'stretch' }],
      },
      'elements[0].fit',
    ],
    [{ width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: null }] }, 'elements[0].text'],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', maxLines: 0 }] },
      'elements[0].maxLines',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', align: 'middle' }] },
      'elements[0].align',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', opacity: 2 }] },
      'elements[0].opacity',
    ],
    [{ width: 10, height: 10, elements: [{ type: 'code', x: 0, y: 0, size: 10 }] }, 'elements[0].request'],
    [
      { width: 10, height: 10, elements: [{ type: 'qr', x: 0, y: 0, size: 10, text: '' }] },
      'elements[0].text',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'qr', x: 0, y: 0, size: 10, text: 'x'.repeat(5000) }] },
      'elements[0].text',
    ],
    [{ width: 10, height: 10, pixelRatio: 17, elements: [] }, 'pixelRatio'],
    [{ width: 10, height: 10, elements: [7] }, 'elements[0]'],
    [
      {
        width: 10,
        height: 10,
        background: {
          type: 'linear',
          stops: [
            { offset: 0, color: 'red' },
            { offset: 2, color: 'red' },
          ],
        },
        elements: [],
      },
      'background.stops[1].offset',
    ],
    [
      {
        width: 10,
        height: 10,
        background: {
          type: 'linear',
          stops: [
            { offset: 0, color: '' },
            { offset: 1, color: 'red' },
          ],
        },
        elements: [],
      },
      'background.stops[0]',
    ],
    [
      {
        width: 10,
        height: 10,
        background: {
          type: 'linear',
          stops: [
            { offset: 0, color: 'red' },
            { offset: 1, color: 'red' },
          ],
          to: [0, NaN],
        },
        elements: [],
      },
      'background.to',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'rect', x: 0, y: 0, width: 0, height: 0, fill: { type: 'linear', stops: [] } }],
      },
      'elements[0].fill',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'rect', x: 0, y: 0, width: 1, height: 1, stroke: '#000' }],
      },
      'elements[0].stroke',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'rect', x: 0, y: 0, width: 1, height: 1, radius: 'circle' }],
      },
      'elements[0].radius',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'rect', x: 0, y: 0, width: 1, height: 1, id: 3 }] },
      'elements[0].id',
    ],
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'image', x: 0, y: 0, width: 1, height: 1, src: 'a', fallbackSrc: ' ' }],
      },
      'elements[0].fallbackSrc',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', weight: 1001 }] },
      'elements[0].weight',
    ],
    // The first bad field in check order: family's characters are checked after ellipsis.
    [
      {
        width: 10,
        height: 10,
        elements: [{ type: 'text', x: 0, y: 0, text: 'a', family: 'a;b', ellipsis: 1 }],
      },
      'elements[0].ellipsis',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', family: 'a;b' }] },
      'elements[0].family',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'text', x: 0, y: 0, text: 'a', size: 2001 }] },
      'elements[0].size',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'code', x: 0, y: 0, size: 10, dataUrl: '' }] },
      'elements[0].dataUrl',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'qr', x: 0, y: 0, size: 10, text: 'a', ecc: 'X' }] },
      'elements[0].ecc',
    ],
    [
      { width: 10, height: 10, elements: [{ type: 'qr', x: 0, y: 0, size: 10, text: 'a', margin: 17 }] },
      'elements[0].margin',
    ],
    [{ width: 10, height: 10, elements: [{ type: 'toString', x: 0, y: 0 }] }, 'elements[0].type'],
  ])('rejects a bad spec (%#) with invalid_request on %s', (bad, field) => {
    let error: unknown
    try {
      planPoster(bad as never, { measure, qr: createQrMatrix })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'MiniCodeError', code: 'invalid_request' })
    expect((error as { field?: string }).field ?? '').toBe(field)
  })
})
