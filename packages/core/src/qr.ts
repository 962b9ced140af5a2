import { encode } from 'uqr'
import { bytesToBase64, encodeIndexedPng, encodePng, type Rgba, utf8Encode } from './encoding'
import { MiniCodeError } from './errors'
import { checkLogoPixels, paintLogo, planQrLogo, type QrLogoPixels } from './qr-logo'

/** Options of {@link createQrDataUrl}, {@link createQrPng} and {@link createQrMatrix}. */
export interface QrOptions {
  /** Error-correction level, at least this (raised for free when the symbol has room). Default 'M'. */
  ecc?: 'L' | 'M' | 'Q' | 'H'
  /** Target side in px: module size = floor(size / (modules + 2 × margin)), at least 1. */
  size?: number
  /** Side of one module in whole px (wins over `size`). Default 8 when neither is given. */
  moduleSize?: number
  /** Quiet zone in modules; never less than 4 (the standard's minimum), default 4. */
  margin?: number
  /** Colour of dark modules: '#rgb', '#rrggbb', '#rrggbbaa', 'rgb()/rgba()', 'black', 'white', 'transparent'. Default black. */
  dark?: string
  /** Colour of light modules and the quiet zone. Default white. */
  light?: string
  /**
   * A logo in the middle: ecc becomes 'H', the centre is cleared and the logo drawn on it. `size` is
   * the logo's side as a share of the symbol's (quiet zone excluded), default 0.2 or the largest that
   * scans if smaller. A logo too large to scan is 'invalid_request' (field 'logo.size') naming the
   * largest that does. `src` is decoded RGBA pixels: core has no image decoder.
   */
  logo?: { src: QrLogoPixels; size?: number }
}

/** A QR symbol without its quiet zone: `modules[y][x]` is true for dark. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, +4 per version). */
  size: number
  modules: boolean[][]
  /** When a logo was asked for: its side in modules; the square around it is already cleared. */
  logoSide?: number
}

/** Options of {@link createQrMatrix}. */
export interface QrMatrixOptions extends Pick<QrOptions, 'ecc'> {
  /** Clear the middle for a logo of this share of the side (ecc becomes 'H'); see {@link QrOptions.logo}. */
  logo?: { size?: number }
}

const MAX_SIDE = 8192

/**
 * The QR symbol of `text`, without quiet zone. Text is encoded as UTF-8 without BOM or ECI (what
 * phone scanners and WeChat expect), in numeric or alphanumeric mode when the text allows.
 * Throws 'invalid_request' (field 'text') for an empty or too long text.
 */
export function createQrMatrix(text: string, opts: QrMatrixOptions = {}): QrMatrix {
  if (typeof text !== 'string' || text === '') {
    throw new MiniCodeError('invalid_request', 'The QR text must be a non-empty string.', { field: 'text' })
  }
  // A logo needs the most correction: 'H' whatever ecc says.
  const ecc = opts.logo ? 'H' : (opts.ecc ?? 'M')
  if (!['L', 'M', 'Q', 'H'].includes(ecc)) {
    throw new MiniCodeError(
      'invalid_request',
      `ecc must be 'L', 'M', 'Q' or 'H', got ${JSON.stringify(ecc)}.`,
      { field: 'ecc' },
    )
  }
  let data: string | number[] = text
  // uqr picks numeric/alphanumeric/byte mode for ASCII itself; other text goes in as our own UTF-8 bytes
  // so a broken string (a lone surrogate) fails clearly instead of inside encodeURI.
  if (!/^[\x00-\x7f]*$/.test(text)) {
    try {
      data = Array.from(utf8Encode(text, true))
    } catch {
      throw new MiniCodeError(
        'invalid_request',
        'The QR text holds a lone surrogate (a cut-off emoji?): pass whole characters.',
        { field: 'text' },
      )
    }
  }
  let qr
  try {
    qr = encode(data, { ecc, boostEcc: true, border: 0 })
  } catch (cause) {
    throw new MiniCodeError(
      'invalid_request',
      `The text is too long for a QR code at ecc '${ecc}' (${utf8Encode(text).length} bytes; at most 2953 at 'L'). Shorten it, e.g. put an id in it and look the rest up.`,
      { field: 'text', cause },
    )
  }
  if (!opts.logo) return { size: qr.size, modules: qr.data }
  const plan = planQrLogo({ size: qr.size, modules: qr.data }, opts.logo.size, 'logo.size')
  return { size: qr.size, modules: plan.modules, logoSide: plan.logoSide }
}

/** A QR code of `text` as PNG bytes (1-bit palette, sharp integer modules, quiet zone ≥ 4 modules). */
export function createQrPng(text: string, opts: QrOptions = {}): Uint8Array {
  const logo = opts.logo
  const logoPixels = logo ? checkLogoPixels(logo.src, 'logo.src') : undefined
  const matrix = createQrMatrix(text, logo ? { logo: { size: logo.size } } : opts)
  const margin =
    opts.margin === undefined ? 4 : Math.max(4, Math.floor(positive(opts.margin, 'margin', true)))
  const count = matrix.size + 2 * margin
  let moduleSize = 8
  if (opts.moduleSize !== undefined) {
    moduleSize = Math.max(1, Math.floor(positive(opts.moduleSize, 'moduleSize')))
  } else if (opts.size !== undefined) {
    moduleSize = Math.max(1, Math.floor(positive(opts.size, 'size') / count))
  }
  const side = count * moduleSize
  if (side > MAX_SIDE) {
    throw new MiniCodeError(
      'invalid_request',
      `The QR image would be ${side} px wide (max ${MAX_SIDE}): pass a smaller size or moduleSize.`,
      {
        field: opts.moduleSize !== undefined ? 'moduleSize' : 'size',
      },
    )
  }
  const dark = parseColor(opts.dark ?? '#000000', 'dark')
  const light = parseColor(opts.light ?? '#ffffff', 'light')
  if (dark.join() === light.join()) {
    throw new MiniCodeError(
      'invalid_request',
      'dark and light are the same colour: nothing could scan that.',
      { field: 'dark' },
    )
  }
  // Palette index 0 = light, 1 = dark. Build each module row once, then copy it moduleSize times.
  const indices = new Uint8Array(side * side)
  for (let my = 0; my < matrix.size; my++) {
    const y0 = (my + margin) * moduleSize
    const row = indices.subarray(y0 * side, (y0 + 1) * side)
    const line = matrix.modules[my]
    for (let mx = 0; mx < matrix.size; mx++) {
      if (line[mx]) row.fill(1, (mx + margin) * moduleSize, (mx + margin + 1) * moduleSize)
    }
    for (let k = 1; k < moduleSize; k++) indices.copyWithin((y0 + k) * side, y0 * side, (y0 + 1) * side)
  }
  if (matrix.logoSide === undefined || !logoPixels) {
    return encodeIndexedPng({ width: side, height: side, palette: [light, dark], indices })
  }
  const rgba = new Uint8Array(side * side * 4)
  for (let i = 0; i < indices.length; i++) rgba.set(indices[i] ? dark : light, i * 4)
  paintLogo(rgba, side, logoPixels, side / 2, side / 2, matrix.logoSide * moduleSize)
  return encodePng({ width: side, height: side, data: rgba })
}

/**
 * A standard QR code of `text` as a `data:image/png;base64,…` URL, ready for an `<Image src>`.
 *
 * @example
 * createQrDataUrl('https://example.com/p/42', { size: 300, ecc: 'Q' })
 */
export function createQrDataUrl(text: string, opts: QrOptions = {}): string {
  return `data:image/png;base64,${bytesToBase64(createQrPng(text, opts))}`
}

function positive(value: unknown, field: string, zeroOk = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    throw new MiniCodeError(
      'invalid_request',
      `${field} must be a positive number of ${field === 'margin' ? 'modules' : 'px'}, got ${String(value)}.`,
      { field },
    )
  }
  return value
}

// Transparent keeps white RGB: decoders that ignore alpha must still see it as light.
const NAMED: Record<string, Rgba> = {
  black: [0, 0, 0, 255],
  white: [255, 255, 255, 255],
  transparent: [255, 255, 255, 0],
}

function parseColor(value: string, field: string): Rgba {
  const s = String(value).trim().toLowerCase()
  if (NAMED[s]) return NAMED[s]
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s)
  if (m) {
    let h = m[1]
    if (h.length <= 4) h = h.replace(/./g, (c) => c + c)
    const n = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16)
    return [n(0), n(1), n(2), h.length === 8 ? n(3) : 255]
  }
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s)
  if (m && [m[1], m[2], m[3]].every((c) => Number(c) <= 255) && (m[4] === undefined || Number(m[4]) <= 1)) {
    return [
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      m[4] === undefined ? 255 : Math.round(Number(m[4]) * 255),
    ]
  }
  throw new MiniCodeError(
    'invalid_request',
    `${field} must be a colour like '#000000', 'rgb(0,0,0)' or 'transparent', got ${JSON.stringify(value)}.`,
    { field },
  )
}
