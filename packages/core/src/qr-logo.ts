import { MiniCodeError } from './errors'
import type { QrMatrix } from './qr'

/**
 * A logo in the middle of a QR code: how large it may be, and the symbol with its area cleared.
 *
 * "Still scans" is decided from the symbol itself, not by running a decoder (a client bundle cannot
 * carry one): every codeword with at least one module under the cleared square is counted as wrong,
 * per Reed–Solomon block, and each block must stay within what level H corrects ((ec − p) / 2
 * codewords, ISO/IEC 18004 table 9). That is a proof for any decoder that corrects up to the
 * standard's capacity, whatever the logo's pixels are. The tests check it with jsQR and ZXing.
 */

/** Where the logo goes, in modules of the symbol (no quiet zone). */
export interface QrLogoPlan {
  /** The symbol with the cleared square set to light. */
  modules: boolean[][]
  /** First row and column of the cleared square. */
  clearStart: number
  /** Side of the cleared square, odd, so it sits exactly in the middle. */
  clearSide: number
  /** Side of the logo itself (≤ clearSide − 1: at least half a module of light around it). */
  logoSide: number
}

/** Default logo side as a share of the symbol's side, lowered to the largest that scans. */
export const DEFAULT_LOGO_SIZE = 0.2

// Level H, versions 1–40 (index 0 unused): EC codewords per block and number of blocks.
// prettier-ignore
const H_EC_PER_BLOCK = [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]
// prettier-ignore
const H_BLOCKS = [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81]

/**
 * Plans a logo of `size` (share of the symbol's side, 0–0.5) on a level-H `matrix`.
 * Throws 'invalid_request' at `field` when that logo would not scan, naming the largest that does.
 */
export function planQrLogo(matrix: QrMatrix, size: number | undefined, field: string): QrLogoPlan {
  if (size !== undefined && (typeof size !== 'number' || !(size > 0 && size <= 0.5))) {
    throw new MiniCodeError(
      'invalid_request',
      `${field} must be a share of the code's side, above 0 and at most 0.5, got ${String(size)}.`,
      { field },
    )
  }
  const n = matrix.size
  const largest = largestClearSide(n)
  const largestSize = Math.floor(((largest - 1) / n) * 100) / 100
  const wanted = size ?? Math.min(DEFAULT_LOGO_SIZE, largestSize)
  const logoSide = wanted * n
  const clearSide = oddCeil(logoSide + 1)
  if (clearSide > largest) {
    throw new MiniCodeError(
      'invalid_request',
      `A logo of ${wanted} of the side would not scan on this ${n}×${n} code: at most ${largestSize}. Make the logo smaller or the text shorter.`,
      { field },
    )
  }
  const clearStart = (n - clearSide) / 2
  const modules = matrix.modules.map((row, y) =>
    y < clearStart || y >= clearStart + clearSide
      ? row.slice()
      : row.map((dark, x) => dark && (x < clearStart || x >= clearStart + clearSide)),
  )
  return { modules, clearStart, clearSide, logoSide }
}

/** The side of the largest centred square a level-H symbol of `n` modules can lose (0 if none). */
export function largestClearSide(n: number): number {
  const layout = codewordLayout(n)
  let best = 0
  for (let side = 1; side <= n; side += 2) {
    if (!clearedSquareFits(layout, n, side)) break
    best = side
  }
  return best
}

interface CodewordLayout {
  /** codewordAt[y][x]: index of the codeword a data module belongs to, or -1. */
  codewordAt: Int32Array[]
  /** blockOf[codeword]: its Reed–Solomon block. */
  blockOf: Int32Array
  /** Wrong codewords each block corrects. */
  capacity: number
}

const layouts = new Map<number, CodewordLayout>()

function codewordLayout(n: number): CodewordLayout {
  const cached = layouts.get(n)
  if (cached) return cached
  const version = (n - 17) / 4
  if (!Number.isInteger(version) || version < 1 || version > 40) {
    throw new MiniCodeError('invalid_request', `${n} is not the side of a QR symbol.`, { field: 'text' })
  }
  const fn = functionModules(version, n)
  // The data modules in placement order (ISO 18004 7.7.3: two-column zigzag from the bottom right).
  const codewordAt = Array.from({ length: n }, () => new Int32Array(n).fill(-1))
  let dataModules = 0
  for (const row of fn) for (const isFunction of row) if (!isFunction) dataModules++
  const total = Math.floor(dataModules / 8) // remainder bits belong to no codeword
  let bit = 0
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let vert = 0; vert < n; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j
        const y = ((right + 1) & 2) === 0 ? n - 1 - vert : vert
        if (fn[y][x]) continue
        if (bit < total * 8) codewordAt[y][x] = bit >> 3
        bit++
      }
    }
  }
  // Blocks are interleaved codeword by codeword; short blocks lack one data codeword.
  const blocks = H_BLOCKS[version]
  const ecLen = H_EC_PER_BLOCK[version]
  const shortBlocks = blocks - (total % blocks)
  const shortLen = Math.floor(total / blocks)
  const blockOf = new Int32Array(total)
  let k = 0
  for (let i = 0; i <= shortLen; i++) {
    for (let j = 0; j < blocks; j++) {
      if (i === shortLen - ecLen && j < shortBlocks) continue
      if (k < total) blockOf[k++] = j
    }
  }
  // Version 1 keeps one EC codeword for misdecode protection (p = 1 at level H).
  const protection = version === 1 ? 1 : 0
  const layout = { codewordAt, blockOf, capacity: Math.floor((ecLen - protection) / 2) }
  layouts.set(n, layout)
  return layout
}

function clearedSquareFits(layout: CodewordLayout, n: number, side: number): boolean {
  const start = (n - side) / 2
  const hit = new Set<number>()
  for (let y = start; y < start + side; y++) {
    for (let x = start; x < start + side; x++) {
      const c = layout.codewordAt[y][x]
      if (c >= 0) hit.add(c)
    }
  }
  const wrong = new Map<number, number>()
  for (const c of hit) {
    const block = layout.blockOf[c]
    const count = (wrong.get(block) ?? 0) + 1
    if (count > layout.capacity) return false
    wrong.set(block, count)
  }
  return true
}

/** Finder patterns with separators and format areas, timing, alignment and version areas. */
function functionModules(version: number, n: number): boolean[][] {
  const fn = Array.from({ length: n }, () => new Array<boolean>(n).fill(false))
  const mark = (x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) fn[y][x] = true
  }
  mark(0, 0, 9, 9)
  mark(n - 8, 0, 8, 9)
  mark(0, n - 8, 9, 8)
  mark(6, 0, 1, n)
  mark(0, 6, n, 1)
  const centres = alignmentCentres(version, n)
  const last = centres.length - 1
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      const onFinder = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)
      if (!onFinder) mark(centres[i] - 2, centres[j] - 2, 5, 5)
    }
  }
  if (version >= 7) {
    mark(n - 11, 0, 3, 6)
    mark(0, n - 11, 6, 3)
  }
  return fn
}

function alignmentCentres(version: number, n: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const centres = [6]
  for (let pos = n - 7; centres.length < count; pos -= step) centres.splice(1, 0, pos)
  return centres
}

function oddCeil(value: number): number {
  const c = Math.ceil(value - 1e-9)
  return c % 2 === 1 ? c : c + 1
}

/** Decoded logo pixels for {@link createQrPng} (core has no image decoder: pass RGBA from yours). */
export interface QrLogoPixels {
  width: number
  height: number
  /** width × height × 4 RGBA bytes. */
  data: Uint8Array | Uint8ClampedArray
}

/**
 * Paints `logo` (scaled to fit `side` px, centred at `cx`,`cy`, area-averaged, alpha over what is
 * there) into an RGBA buffer of `width` px rows.
 */
export function paintLogo(
  out: Uint8Array,
  width: number,
  logo: QrLogoPixels,
  cx: number,
  cy: number,
  side: number,
): void {
  const scale = Math.min(side / logo.width, side / logo.height)
  const w = Math.max(1, Math.round(logo.width * scale))
  const h = Math.max(1, Math.round(logo.height * scale))
  const x0 = Math.round(cx - w / 2)
  const y0 = Math.round(cy - h / 2)
  for (let y = 0; y < h; y++) {
    const sy0 = Math.floor((y * logo.height) / h)
    const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * logo.height) / h))
    for (let x = 0; x < w; x++) {
      const sx0 = Math.floor((x * logo.width) / w)
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * logo.width) / w))
      // Premultiplied average of the source pixels under this one.
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const i = (sy * logo.width + sx) * 4
          const alpha = logo.data[i + 3]
          r += logo.data[i] * alpha
          g += logo.data[i + 1] * alpha
          b += logo.data[i + 2] * alpha
          a += alpha
        }
      }
      if (a === 0) continue
      const count = (sy1 - sy0) * (sx1 - sx0)
      const srcA = a / count / 255
      const o = ((y0 + y) * width + x0 + x) * 4
      const dstA = (out[o + 3] / 255) * (1 - srcA)
      const outA = srcA + dstA
      out[o] = Math.round(((r / a) * srcA + out[o] * dstA) / outA)
      out[o + 1] = Math.round(((g / a) * srcA + out[o + 1] * dstA) / outA)
      out[o + 2] = Math.round(((b / a) * srcA + out[o + 2] * dstA) / outA)
      out[o + 3] = Math.round(outA * 255)
    }
  }
}

/** Checks `logo.src` is decoded pixels; throws 'invalid_request' at `field` otherwise. */
export function checkLogoPixels(src: unknown, field: string): QrLogoPixels {
  const p = src as QrLogoPixels | null
  const ok =
    !!p &&
    typeof p === 'object' &&
    Number.isInteger(p.width) &&
    Number.isInteger(p.height) &&
    p.width > 0 &&
    p.height > 0 &&
    !!p.data &&
    p.data.length === p.width * p.height * 4
  if (!ok) {
    throw new MiniCodeError(
      'invalid_request',
      `${field} must be decoded RGBA pixels { width, height, data } (e.g. pngjs's PNG.sync.read, or a canvas's getImageData).`,
      { field },
    )
  }
  return p
}
