import { invalidRequest } from '../errors'

/** Options of {@link choosePixelRatio}. */
export interface PixelRatioOptions {
  /** Poster width in design px. */
  width: number
  /** Poster height in design px. */
  height: number
  /** The device's pixel ratio (Taro.getSystemInfoSync().pixelRatio / window.devicePixelRatio). */
  deviceRatio: number
  /** Longest canvas side the platform draws, in px. Default 4096 (WeChat's and iOS's limit). */
  maxCanvasSide?: number
}

/**
 * The largest pixel ratio not above the device's that keeps both canvas sides ≤ maxCanvasSide,
 * rounded down to 1/1000. A big poster gets just enough less sharpness, never a blurry 1.
 * A missing or broken deviceRatio counts as 1; below 1 only when the poster itself is too big.
 *
 * Throws 'invalid_request' (field 'width' | 'height' | 'maxCanvasSide') for non-positive sizes.
 *
 * @example choosePixelRatio({ width: 750, height: 1400, deviceRatio: 3 }) // 2.925 (1400 × 2.925 = 4095)
 */
export function choosePixelRatio({
  width,
  height,
  deviceRatio,
  maxCanvasSide = 4096,
}: PixelRatioOptions): number {
  positive(width, 'width')
  positive(height, 'height')
  positive(maxCanvasSide, 'maxCanvasSide')
  const device =
    typeof deviceRatio === 'number' && Number.isFinite(deviceRatio) && deviceRatio > 0 ? deviceRatio : 1
  const ratio = Math.min(device, maxCanvasSide / width, maxCanvasSide / height)
  // Round down so that the rounded canvas sides stay within the limit.
  const rounded = Math.floor(ratio * 1000 + 1e-9) / 1000
  return rounded > 0 ? rounded : ratio
}

/** A canvas's backing store for a poster: whole px, and the scale that maps design px onto it exactly. */
export interface CanvasSize {
  /** Canvas width in px. */
  width: number
  /** Canvas height in px. */
  height: number
  scaleX: number
  scaleY: number
}

/**
 * Whole-pixel canvas sides for `ratio`, with per-axis scales that make the design fill them to the
 * last row: 392 × 66 at 2.75 is 1078 × 182 px (66 × 2.75 = 181.5), scaled 2.75 × 2.7576, so no
 * transparent or half-painted edge row remains.
 */
export function canvasSize(width: number, height: number, ratio: number): CanvasSize {
  positive(width, 'width')
  positive(height, 'height')
  positive(ratio, 'pixelRatio')
  const w = Math.max(1, Math.round(width * ratio))
  const h = Math.max(1, Math.round(height * ratio))
  return { width: w, height: h, scaleX: w / width, scaleY: h / height }
}

function positive(value: unknown, field: string): void {
  if (!(typeof value === 'number' && isFinite(value) && value > 0)) {
    throw invalidRequest(
      field,
      __DEV__ ? `${field} must be a positive number of px, got ${String(value)}.` : '',
    )
  }
}
