/**
 * Issue #13's effects drawn for real on @napi-rs/canvas: each against a golden (UPDATE_GOLDENS=1 to
 * regenerate after an intended change) and, since a golden written on the first run proves nothing by
 * itself, against properties of its pixels that follow from the spec alone.
 */
import { encodePng } from '../../encoding/png'
import { toDataUrl } from '../../encoding/data-url'
import { executeDrawOps, type CanvasContextLike } from '../execute-draw-ops'
import { planPoster } from '../plan-poster'
import { renderPoster } from '../render-poster'
import type { BoxElement, PosterElement, PosterSpec } from '../types'
import { createCanvas } from '@napi-rs/canvas'
import {
  compareWithGolden,
  dataUrlBytes,
  decodePng,
  nodeCanvasPort,
  pixel,
  registerFonts,
  FONT,
  type Pixels,
} from './node-canvas'

beforeAll(() => registerFonts())

async function render(
  elements: Array<PosterElement | BoxElement>,
  ratio: number,
  size: [number, number] = [200, 200],
): Promise<{ png: Uint8Array; image: Pixels }> {
  const spec: PosterSpec = { width: size[0], height: size[1], background: '#ffffff', elements }
  const out = await renderPoster(spec, { port: nodeCanvasPort(), deviceRatio: ratio })
  const png = dataUrlBytes(out.dataUrl!)
  return { png, image: decodePng(png) }
}

type Rgb = [number, number, number]

/** Pixels within `tolerance` of `rgb` in every channel. */
const near =
  (rgb: Rgb, tolerance = 40) =>
  ([r, g, b]: number[]) =>
    Math.abs(r - rgb[0]) <= tolerance &&
    Math.abs(g - rgb[1]) <= tolerance &&
    Math.abs(b - rgb[2]) <= tolerance

const RED: Rgb = [255, 0, 0]
const BLUE: Rgb = [0, 0, 255]
const WHITE: Rgb = [255, 255, 255]
const BLACK: Rgb = [0, 0, 0]

/** Bounding box, in design px (canvas px / ratio), of the pixels that pass `test`. */
function inkBox(image: Pixels, test: (rgba: number[]) => boolean, ratio: number) {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      if (!test(pixel(image, x, y))) continue
      left = Math.min(left, x)
      top = Math.min(top, y)
      right = Math.max(right, x + 1)
      bottom = Math.max(bottom, y + 1)
    }
  return { x: left / ratio, y: top / ratio, width: (right - left) / ratio, height: (bottom - top) / ratio }
}

/** The colour at design point (x, y): the canvas pixel under it. */
const at = (image: Pixels, ratio: number, x: number, y: number) =>
  pixel(image, Math.floor(x * ratio), Math.floor(y * ratio))

/** A PNG data URL of one colour. */
function solid(rgb: Rgb, side = 16): string {
  const data = new Uint8Array(side * side * 4)
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i)
  return toDataUrl(encodePng({ width: side, height: side, data }), 'image/png')
}

describe('rotate', () => {
  const bar: PosterElement = {
    type: 'rect',
    x: 50,
    y: 90,
    width: 100,
    height: 20,
    fill: '#ff0000',
    rotate: 90,
  }

  test('a 90°-turned 100 × 20 bar stands 20 wide and 100 tall about the same centre, at ratio 1 and 3', async () => {
    const boxes = []
    for (const ratio of [1, 3]) {
      const { png, image } = await render([bar], ratio)
      if (ratio === 1) compareWithGolden('effect-rotate', png)
      const box = inkBox(image, near(RED), ratio)
      expect(box).toEqual({ x: 90, y: 50, width: 20, height: 100 })
      boxes.push(box)
    }
    expect(boxes[0]).toEqual(boxes[1])
  })

  test('a 45° turn agrees at ratio 1 and 3 once scaled, and spans the diagonal it should', async () => {
    const turned = { ...bar, rotate: 45 }
    const [one, three] = [await render([turned], 1), await render([turned], 3)]
    const a = inkBox(one.image, near(RED, 100), 1)
    const b = inkBox(three.image, near(RED, 100), 3)
    // The bar's corners at ±50, ±10 from (100, 100), turned 45°: ±(50 + 10) / √2 = ±42.4 on each axis.
    const half = 60 / Math.SQRT2
    for (const box of [a, b]) {
      expect(Math.abs(box.x - (100 - half))).toBeLessThanOrEqual(1)
      expect(Math.abs(box.width - 2 * half)).toBeLessThanOrEqual(2)
      expect(Math.abs(box.height - 2 * half)).toBeLessThanOrEqual(2)
    }
    // Every design pixel's colour agrees between the ratios, but for anti-aliased edges.
    let differing = 0
    for (let y = 0; y < 200; y++)
      for (let x = 0; x < 200; x++)
        if (near(RED)(at(one.image, 1, x + 0.5, y + 0.5)) !== near(RED)(at(three.image, 3, x + 0.5, y + 0.5)))
          differing++
    expect(differing).toBeLessThan(2 * 4 * 85) // about the perimeter, 2 px wide
  })

  test('a turned box turns its children with it, and a turned child in it turns again', async () => {
    // A column box at (50, 80), 100 wide: red (y 80–100), blue (100–120), then a bar; turned 180°.
    const box: BoxElement = {
      type: 'box',
      x: 50,
      y: 80,
      width: 100,
      rotate: 180,
      children: [
        { type: 'rect', width: 100, height: 20, fill: '#ff0000' },
        { type: 'rect', width: 100, height: 20, fill: '#0000ff' },
        // A 40 × 10 black bar 10 px under them (y 130–140), turned 90° on its own: 10 wide, 40 tall.
        {
          type: 'rect',
          width: 40,
          height: 10,
          fill: '#000000',
          alignSelf: 'center',
          rotate: 90,
          margin: [10, 0, 0, 0],
        },
      ],
    }
    const { png, image } = await render([box], 2)
    compareWithGolden('effect-rotate-box', png)
    // The box is 60 tall (20 + 20 + 10 margin + 10): its centre is (100, 110). The half turn about it
    // takes red to y 120–140, below blue, which stays on y 100–120.
    expect(inkBox(image, near(RED), 2)).toEqual({ x: 50, y: 120, width: 100, height: 20 })
    expect(inkBox(image, near(BLUE), 2)).toEqual({ x: 50, y: 100, width: 100, height: 20 })
    // The bar stands upright about its centre (100, 135), which the half turn takes to (100, 85).
    expect(inkBox(image, near(BLACK), 2)).toEqual({ x: 95, y: 65, width: 10, height: 40 })
  })
})

describe('shadow', () => {
  test('a rect casts its shadow at the offset, once, and nowhere else', async () => {
    const card: PosterElement = {
      type: 'rect',
      x: 40,
      y: 40,
      width: 60,
      height: 60,
      fill: '#0000ff',
      stroke: { color: '#ff0000', width: 6 },
      shadow: { x: 20, y: 10, color: '#000000' },
    }
    const { png, image } = await render([card], 2)
    compareWithGolden('effect-shadow', png)
    // The shadow: the card's box moved by (20, 10), outside the card.
    expect(inkBox(image, near(BLACK), 2)).toEqual({ x: 60, y: 50, width: 60, height: 60 })
    expect(at(image, 2, 110, 105)).toEqual([0, 0, 0, 255])
    expect(at(image, 2, 65, 105)).toEqual([0, 0, 0, 255])
    // Not left of or above the card, nor past the offset.
    for (const [x, y] of [
      [35, 70],
      [70, 35],
      [125, 70],
      [70, 115],
      [55, 105],
    ])
      expect(at(image, 2, x, y)).toEqual([255, 255, 255, 255])
    // One shadow, not two: the stroke's own shadow would fall on the fill, 20 px right of the left
    // border; the fill there is pure blue.
    expect(at(image, 2, 63, 70).slice(0, 3)).toEqual(BLUE)
    expect(at(image, 2, 42, 70).slice(0, 3)).toEqual(RED)
  })

  test('a blurred shadow looks the same at ratio 1 and 3 (blur and offsets scaled by the ratio)', async () => {
    const card: PosterElement = {
      type: 'rect',
      x: 50,
      y: 50,
      width: 60,
      height: 60,
      fill: '#0000ff',
      shadow: { x: 20, y: 0, blur: 16, color: '#000000' },
    }
    const [one, three] = [await render([card], 1), await render([card], 3)]
    // Along the row through the middle, right of the card: the shadow's falloff, design px by design px.
    const profile = (p: Pixels, ratio: number) =>
      Array.from({ length: 40 }, (_, i) => at(p, ratio, 110 + i + 0.5, 80)[0])
    const a = profile(one.image, 1)
    const b = profile(three.image, 3)
    // A soft edge, half dark where the offset box ends (x 130), fading steadily over the blur.
    expect(a[0]).toBeLessThan(40)
    expect(a[19]).toBeLessThan(128)
    expect(a[20]).toBeGreaterThan(128)
    expect(a[39]).toBeGreaterThan(225)
    for (let i = 1; i < 40; i++) expect(a[i]).toBeGreaterThanOrEqual(a[i - 1])
    // The same falloff at ratio 3 (unscaled, its blur would be a third as wide, its offset a third).
    for (let i = 0; i < 40; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(8)
  })

  test('an image with a round radius casts the shadow of its circle; text casts its glyphs’', async () => {
    const avatar: PosterElement = {
      type: 'image',
      x: 20,
      y: 20,
      width: 80,
      height: 80,
      src: solid(BLUE),
      radius: 'circle',
      shadow: { x: 10, y: 10, color: '#808080' },
    }
    const label: PosterElement = {
      type: 'text',
      x: 20,
      y: 130,
      text: 'HH',
      size: 40,
      family: FONT,
      color: '#000000',
      shadow: { x: 60, color: '#00ff00' },
    }
    const { png, image } = await render([avatar, label], 2)
    compareWithGolden('effect-shadow-image-text', png)
    // The circle moved by (10, 10) shows below right of the picture; the square's corner there does not.
    expect(at(image, 2, 100, 70).slice(0, 3)).toEqual([128, 128, 128])
    expect(at(image, 2, 105, 105).slice(0, 3)).toEqual(WHITE)
    // Inside the box but outside the circle (its top-left corner): neither picture nor shadow.
    expect(at(image, 2, 23, 23).slice(0, 3)).toEqual(WHITE)
    // Green glyph shadows 60 px right of the black text, none left of where the shadow starts.
    const text = inkBox(image, near(BLACK, 60), 2)
    const green = inkBox(image, near([0, 255, 0], 60), 2)
    expect(text.y).toBeGreaterThan(120)
    expect(Math.abs(green.x - (text.x + 60))).toBeLessThanOrEqual(1)
    expect(Math.abs(green.y - text.y)).toBeLessThanOrEqual(1)
  })
})

/** Runs of equal ink along a row of design px from x0 to x1: [ink?, length] pairs. */
function runs(image: Pixels, ratio: number, y: number, x0: number, x1: number): Array<[boolean, number]> {
  const out: Array<[boolean, number]> = []
  for (let x = Math.round(x0 * ratio); x < Math.round(x1 * ratio); x++) {
    const ink = pixel(image, x, Math.floor(y * ratio))[0] < 128
    if (out.length && out[out.length - 1][0] === ink) out[out.length - 1][1]++
    else out.push([ink, 1])
  }
  return out
}

describe('dash', () => {
  const dashed: PosterElement = {
    type: 'line',
    x1: 10,
    y1: 20,
    x2: 190,
    y2: 20,
    width: 4,
    color: '#000000',
    dash: [12, 8],
  }

  test('a dashed line alternates 12 px of ink and 8 px of gap, at ratio 1 and 2', async () => {
    for (const ratio of [1, 2]) {
      const box: PosterElement = {
        type: 'rect',
        x: 10,
        y: 60,
        width: 180,
        height: 100,
        stroke: { color: '#000000', width: 2, dash: [6, 6] },
      }
      const { png, image } = await render([dashed, box], ratio)
      if (ratio === 2) compareWithGolden('effect-dash', png)
      // 180 px: 9 periods of 20 (the last gap is past the line's end, white all the same).
      const line = runs(image, ratio, 20, 10, 190)
      expect(line.map(([ink, n]) => [ink, n / ratio])).toEqual(
        Array.from({ length: 9 }, () => [
          [true, 12],
          [false, 8],
        ]).flat(),
      )
      // The rect's top border (inside the box, centred at y 61) alternates 6 and 6.
      const border = runs(image, ratio, 61, 20, 80).map(([, n]) => n / ratio)
      expect(border.slice(1, -1).every((n) => n === 6)).toBe(true)
    }
  })

  test('a canvas without setLineDash draws the dash solid and does not throw', () => {
    const canvas = createCanvas(200, 40)
    const real = canvas.getContext('2d')
    // The same context with setLineDash hidden, as on an engine that lacks it.
    const ctx = new Proxy(real, {
      get: (target, key) => {
        if (key === 'setLineDash') return undefined
        const value = Reflect.get(target, key, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
      set: (target, key, value) => Reflect.set(target, key, value, target),
    }) as unknown as CanvasContextLike
    const ops = planPoster(
      { width: 200, height: 40, background: '#ffffff', elements: [dashed] },
      { measure: () => 0 },
    )
    expect(() => executeDrawOps(ctx, ops)).not.toThrow()
    const image = decodePng(canvas.toBuffer('image/png'))
    expect(runs(image, 1, 20, 10, 190)).toEqual([[true, 180]])
  })
})

describe('image stroke', () => {
  test("an image's border is the stroke colour inside its box, following its radius", async () => {
    const square: PosterElement = {
      type: 'image',
      x: 10,
      y: 10,
      width: 80,
      height: 80,
      src: solid(BLUE),
      stroke: { color: '#ff0000', width: 6 },
    }
    const round: PosterElement = { ...square, x: 110, radius: 'circle' }
    const { png, image } = await render([square, round], 2, [200, 100])
    compareWithGolden('effect-image-stroke', png)
    // Square: the box keeps its size; its outer 6 px are red, then the picture.
    expect(inkBox(image, near(RED), 2)).toMatchObject({ x: 10, y: 10, height: 80 })
    for (const [x, y] of [
      [11, 50],
      [15, 50],
      [50, 11],
      [88, 88],
    ])
      expect(at(image, 2, x, y).slice(0, 3)).toEqual(RED)
    expect(at(image, 2, 17, 50).slice(0, 3)).toEqual(BLUE)
    expect(at(image, 2, 9, 50).slice(0, 3)).toEqual(WHITE)
    // Circle: red along the circle's edge, white in the box's corners, blue inside.
    expect(at(image, 2, 150, 12).slice(0, 3)).toEqual(RED)
    expect(at(image, 2, 111, 50).slice(0, 3)).toEqual(RED)
    expect(at(image, 2, 113, 13).slice(0, 3)).toEqual(WHITE)
    expect(at(image, 2, 150, 50).slice(0, 3)).toEqual(BLUE)
  })
})

describe('line', () => {
  test('a divider in a padded column box spans its content box; a bar in a row spans the row', async () => {
    const card: BoxElement = {
      type: 'box',
      x: 20,
      y: 20,
      width: 160,
      padding: 10,
      gap: 10,
      children: [
        { type: 'rect', width: 40, height: 20, fill: '#0000ff' },
        { type: 'line', width: 4, color: '#ff0000' },
        {
          type: 'box',
          direction: 'row',
          gap: 10,
          children: [
            { type: 'rect', width: 40, height: 30, fill: '#0000ff' },
            { type: 'line', width: 2, color: '#000000' },
            { type: 'rect', width: 40, height: 30, fill: '#0000ff' },
          ],
        },
      ],
    }
    const diagonal: PosterElement = {
      type: 'line',
      x1: 20,
      y1: 150,
      x2: 180,
      y2: 190,
      width: 2,
      color: '#00ff00',
    }
    const { png, image } = await render([card, diagonal], 2)
    compareWithGolden('effect-line', png)
    // Divider: 4 px thick, from x 30 to 170 (the content box), after the first rect and the gap.
    expect(inkBox(image, near(RED), 2)).toEqual({ x: 30, y: 60, width: 140, height: 4 })
    // The row's bar: 2 px wide, as tall as the row (30), between the two rects.
    expect(inkBox(image, near(BLACK, 60), 2)).toEqual({ x: 80, y: 74, width: 2, height: 30 })
    // The diagonal passes its middle, (100, 170), and not a point off it.
    expect(near([0, 255, 0], 80)(at(image, 2, 100, 170))).toBe(true)
    expect(at(image, 2, 100, 160).slice(0, 3)).toEqual(WHITE)
  })
})
