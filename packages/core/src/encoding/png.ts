import { zlibSync } from 'fflate'

/** An RGBA colour, each channel 0–255. */
export type Rgba = readonly [number, number, number, number]

/** An image as one palette index per pixel, row by row. */
export interface IndexedImage {
  width: number
  height: number
  /** Up to 256 colours. */
  palette: readonly Rgba[]
  /** width × height palette indices. */
  indices: Uint8Array
}

/** An image as RGBA bytes, row by row (width × height × 4). */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * Encodes a palette image as a PNG (colour type 3, the smallest bit depth that fits the palette,
 * a tRNS chunk only when a colour is not opaque). Pure: no canvas, no Node.
 */
export function encodeIndexedPng(image: IndexedImage): Uint8Array {
  const { width, height, palette, indices } = image
  checkSize(width, height, indices.length, 1)
  if (palette.length < 1 || palette.length > 256) throw new RangeError('A PNG palette holds 1–256 colours')
  const depth = bitDepthFor(palette.length)
  const perByte = 8 / depth
  const stride = Math.ceil(width / perByte)
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1 // byte 0 of each row: filter type 0 (none)
    for (let x = 0; x < width; x++) {
      const shift = 8 - depth * ((x % perByte) + 1)
      raw[row + Math.floor(x / perByte)] |= indices[y * width + x] << shift
    }
  }
  const plte = new Uint8Array(palette.length * 3)
  palette.forEach((c, i) => plte.set([c[0], c[1], c[2]], i * 3))
  const chunks = [chunk('IHDR', header(width, height, depth, 3)), chunk('PLTE', plte)]
  if (palette.some((c) => c[3] !== 255)) chunks.push(chunk('tRNS', Uint8Array.from(palette.map((c) => c[3]))))
  chunks.push(chunk('IDAT', zlibSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0)))
  return concat([Uint8Array.from(SIGNATURE), ...chunks])
}

/** The fewest bits per pixel that index a palette of `colours` (PNG allows 1, 2, 4 and 8). */
function bitDepthFor(colours: number): number {
  if (colours <= 2) return 1
  if (colours <= 4) return 2
  if (colours <= 16) return 4
  return 8
}

/** Encodes RGBA pixels as a PNG (colour type 6, 8 bits per channel). */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image
  checkSize(width, height, data.length, 4)
  const stride = width * 4
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  return concat([
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header(width, height, 8, 6)),
    chunk('IDAT', zlibSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ])
}

function checkSize(width: number, height: number, length: number, perPixel: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive integers, got ${width}×${height}`)
  }
  if (length !== width * height * perPixel)
    throw new RangeError(`Expected ${width * height * perPixel} pixel values, got ${length}`)
}

function header(width: number, height: number, depth: number, colourType: number): Uint8Array {
  const h = new Uint8Array(13)
  writeU32(h, 0, width)
  writeU32(h, 4, height)
  h[8] = depth
  h[9] = colourType // compression 0, filter 0, interlace 0 follow
  return h
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  writeU32(out, 0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  writeU32(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

let crcTable: Uint32Array | undefined

/** CRC-32 (ISO 3309), as PNG chunks need. The table is built on first use. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24
  b[at + 1] = (v >>> 16) & 255
  b[at + 2] = (v >>> 8) & 255
  b[at + 3] = v & 255
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
