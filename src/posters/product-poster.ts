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

/**
 * The demo's product poster: product image, circular avatar, CJK title with emoji (two lines at
 * most), price, and the mini-program code. Pass a ready code image as `codeDataUrl`, or leave it out
 * to have the code fetched through the backend given to <Poster>/usePoster.
 */
export function productPoster(
  options: { codeDataUrl?: string; product?: string; avatar?: string } = {},
): PosterSpec {
  const code = options.codeDataUrl ? { dataUrl: options.codeDataUrl } : { request: PRODUCT_CODE_REQUEST }
  return {
    width: 375,
    height: 600,
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
      { type: 'rect', x: 20, y: 20, width: 335, height: 560, fill: '#ffffff', radius: 16 },
      {
        type: 'image',
        id: 'product',
        x: 20,
        y: 20,
        width: 335,
        height: 250,
        src: options.product ?? productImage(),
        fit: 'cover',
        radius: [16, 16, 0, 0],
      },
      {
        type: 'image',
        id: 'avatar',
        x: 36,
        y: 286,
        width: 44,
        height: 44,
        src: options.avatar ?? avatarImage(),
        radius: 'circle',
      },
      {
        type: 'text',
        x: 90,
        y: 286,
        text: '小明 推荐给你',
        size: 14,
        color: '#333',
        family: POSTER_FONT,
        lineHeight: 22,
      },
      {
        type: 'text',
        x: 90,
        y: 308,
        text: '好物分享 · 限时优惠',
        size: 12,
        color: '#999',
        family: POSTER_FONT,
        lineHeight: 22,
      },
      {
        type: 'text',
        id: 'title',
        x: 36,
        y: 344,
        maxWidth: 303,
        maxLines: 2,
        size: 18,
        weight: 'bold',
        lineHeight: 26,
        color: '#1f1f1f',
        family: POSTER_FONT,
        text: '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 原色钛金属，A17 Pro 芯片，钛金属设计，超长续航',
      },
      {
        type: 'text',
        id: 'price',
        x: 36,
        y: 410,
        text: `¥${product.price}`,
        size: 30,
        weight: 'bold',
        color: '#f5222d',
        family: POSTER_FONT,
        lineHeight: 40,
      },
      {
        type: 'text',
        x: 140,
        y: 418,
        text: `¥${product.listPrice}`,
        size: 14,
        color: '#bfbfbf',
        family: POSTER_FONT,
        lineHeight: 28,
      },
      { type: 'rect', x: 140, y: 431, width: 42, height: 1, fill: '#bfbfbf' },
      { type: 'rect', x: 36, y: 460, width: 303, height: 1, fill: '#f0f0f0' },
      { type: 'code', id: 'code', x: 255, y: 472, size: 92, ...code },
      {
        type: 'text',
        x: 36,
        y: 490,
        text: '长按识别小程序码',
        size: 15,
        color: '#333',
        family: POSTER_FONT,
        lineHeight: 24,
      },
      {
        type: 'text',
        x: 36,
        y: 516,
        text: '查看商品详情 👉',
        size: 12,
        color: '#999',
        family: POSTER_FONT,
        lineHeight: 20,
      },
    ],
  }
}
