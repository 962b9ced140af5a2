import jsQR from 'jsqr'
import { PNG } from 'pngjs'

/** Decodes PNG bytes to RGBA. */
export function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } {
  const png = PNG.sync.read(Buffer.from(bytes))
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) }
}

/** The text of the QR code in a PNG (or a region of it), read by an independent decoder; null if none. */
export function readQr(
  bytes: Uint8Array,
  region?: { x: number; y: number; width: number; height: number },
): string | null {
  const image = decodePng(bytes)
  if (!region) return jsQR(image.data, image.width, image.height)?.data ?? null
  const x0 = Math.max(0, Math.floor(region.x))
  const y0 = Math.max(0, Math.floor(region.y))
  const w = Math.min(image.width - x0, Math.ceil(region.width))
  const h = Math.min(image.height - y0, Math.ceil(region.height))
  const crop = new Uint8ClampedArray(w * h * 4)
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * image.width + x0) * 4
    crop.set(image.data.subarray(from, from + w * 4), y * w * 4)
  }
  return jsQR(crop, w, h)?.data ?? null
}
