// The demo poster: shared by the demo's poster page and scripts/bench-poster.mjs. Its pictures are
// drawn here as PNG data URLs, so it works offline and in tests with no asset server.
import { encodePng, toDataUrl } from '@minicode/core'
import type { CodeRequest, PosterSpec } from '@minicode/core'
import { product } from '../lib/product'

/** Family list for poster text: a CJK font first, an emoji font for 🎉. */
export const POSTER_FONT =
  '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Noto Color Emoji", sans-serif'

/** The code the poster carries: opens the product page of item 42. */
export const PRODUCT_CODE_REQUEST: CodeRequest = {
  scene: `id=${product.id}`,
  page: 'pages/index/index',
  width: 280,
}

type Shade = (x: number, y: number) => [number, number, number, number]

function picture(width: number, height: number, shade: Shade): string {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(shade(x, y), (y * width + x) * 4)
  }
  return toDataUrl(encodePng({ width, height, data }), 'image/png')
}

const inRoundRect = (
  x: number,
  y: number,
  l: number,
  t: number,
  w: number,
  h: number,
  r: number,
): boolean => {
  if (x < l || y < t || x >= l + w || y >= t + h) return false
  const cx = Math.min(Math.max(x, l + r), l + w - r)
  const cy = Math.min(Math.max(y, t + r), t + h - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}

/** A stylised phone on a soft gradient, 320 × 240. */
export function productImage(): string {
  return picture(320, 240, (x, y) => {
    if (inRoundRect(x, y, 115, 20, 90, 200, 16)) {
      if ((x - 140) ** 2 + (y - 45) ** 2 < 81 || (x - 140) ** 2 + (y - 68) ** 2 < 81) return [30, 30, 36, 255]
      return inRoundRect(x, y, 121, 26, 78, 188, 12) ? [154, 140, 122, 255] : [90, 84, 76, 255]
    }
    const t = y / 240
    return [Math.round(236 - 40 * t), Math.round(240 - 30 * t), 250, 255]
  })
}

/** A round-faced avatar, 96 × 96 (drawn square; the poster clips it to a circle). */
export function avatarImage(): string {
  return picture(96, 96, (x, y) => {
    if ((x - 48) ** 2 + (y - 38) ** 2 < 18 ** 2) return [255, 224, 189, 255]
    if ((x - 48) ** 2 + (y - 100) ** 2 < 38 ** 2) return [66, 133, 244, 255]
    return [255, 183, 77, 255]
  })
}

/** The poster's default title: long enough for two lines (the layout takes one to three). */
export const POSTER_TITLE =
  '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 原色钛金属，A17 Pro 芯片，钛金属设计，超长续航'

/**
 * The demo's product poster, laid out by its content: a white card of boxes on a gradient, its height
 * 'auto'. The title takes one to three lines and pushes everything below it down; the price is one
 * text of spans (a small ¥, a big price, the list price struck through), so a longer price moves the
 * list price instead of overlapping it. Pass a ready code image as `codeDataUrl`, or leave it out to
 * have the code fetched through the backend given to <Poster>/usePoster.
 */
export function productPoster(
  options: {
    codeDataUrl?: string
    product?: string
    avatar?: string
    title?: string
    price?: number
    /** The font family list of every text (tests give the fonts their canvas has). */
    family?: string
  } = {},
): PosterSpec {
  const code = options.codeDataUrl ? { dataUrl: options.codeDataUrl } : { request: PRODUCT_CODE_REQUEST }
  const text = { family: options.family ?? POSTER_FONT, color: '#333' }
  return {
    width: 375,
    height: 'auto',
    background: {
      type: 'linear',
      from: [0, 0],
      to: [0, 1],
      stops: [
        { offset: 0, color: '#ff7a45' },
        { offset: 1, color: '#ffd666' },
      ],
    },
    elements: [
      {
        type: 'box',
        id: 'card',
        x: 20,
        y: 20,
        width: 335,
        // The poster ends 20 px below the card.
        margin: [0, 0, 20, 0],
        fill: '#ffffff',
        radius: 16,
        shadow: { y: 6, blur: 18, color: 'rgba(120, 40, 0, 0.25)' },
        children: [
          {
            type: 'image',
            id: 'product',
            width: 335,
            aspectRatio: 335 / 250,
            src: options.product ?? productImage(),
            fit: 'cover',
            radius: [16, 16, 0, 0],
          },
          {
            type: 'box',
            id: 'seller',
            direction: 'row',
            align: 'center',
            gap: 10,
            padding: [16, 16, 0, 16],
            children: [
              {
                type: 'image',
                id: 'avatar',
                width: 44,
                height: 44,
                src: options.avatar ?? avatarImage(),
                radius: 'circle',
              },
              {
                type: 'box',
                children: [
                  { ...text, type: 'text', text: '小明 推荐给你', size: 14, lineHeight: 22 },
                  {
                    ...text,
                    type: 'text',
                    text: '好物分享 · 限时优惠',
                    size: 12,
                    color: '#999',
                    lineHeight: 22,
                  },
                ],
              },
            ],
          },
          {
            ...text,
            type: 'text',
            id: 'title',
            margin: [12, 16, 0, 16],
            maxLines: 3,
            size: 18,
            weight: 'bold',
            lineHeight: 26,
            color: '#1f1f1f',
            text: options.title ?? POSTER_TITLE,
          },
          {
            ...text,
            type: 'text',
            id: 'price',
            margin: [8, 16, 0, 16],
            color: '#f5222d',
            weight: 'bold',
            lineHeight: 40,
            spans: [
              { text: '¥', size: 18 },
              { text: `${options.price ?? product.price}`, size: 30 },
              { text: '  ', size: 14 },
              {
                text: `¥${product.listPrice}`,
                size: 14,
                weight: 'normal',
                color: '#bfbfbf',
                decoration: 'line-through',
              },
            ],
          },
          { type: 'line', id: 'divider', margin: [12, 16, 0, 16], color: '#f0f0f0', width: 1 },
          {
            type: 'box',
            id: 'footer',
            direction: 'row',
            align: 'center',
            justify: 'space-between',
            padding: 16,
            children: [
              {
                type: 'box',
                gap: 2,
                children: [
                  { ...text, type: 'text', id: 'hint', text: '长按识别小程序码', size: 15, lineHeight: 24 },
                  { ...text, type: 'text', text: '查看商品详情 👉', size: 12, color: '#999', lineHeight: 20 },
                ],
              },
              { type: 'code', id: 'code', size: 92, ...code },
            ],
          },
        ],
      },
    ],
  }
}
