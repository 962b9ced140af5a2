import type { ImageMime } from '../types'
import { toBytes } from './bytes'

/** A file type by its first bytes; `ANY` matches any byte. */
type Signature =
  | { mime: ImageMime; bytes: readonly number[]; albumOnly?: false }
  /** Albums take it, but no code API answers it: sniffImage leaves it out. */
  | { mime: 'image/bmp'; bytes: readonly number[]; albumOnly: true }

const ANY = -1

// Every byte of each signature is checked. Written out as numbers (no helper calls), so importing this
// module runs no code.
const SIGNATURES: readonly Signature[] = [
  // PNG: 0x89 'PNG' CR LF SUB LF. The high byte and the line endings catch a text-mode transfer.
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // JPEG: the start-of-image marker FF D8, then the next marker's FF.
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  // GIF: 'GIF87a' or 'GIF89a'.
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] },
  // WebP: 'RIFF', the RIFF size (4 bytes, any), 'WEBP'.
  {
    mime: 'image/webp',
    bytes: [0x52, 0x49, 0x46, 0x46, ANY, ANY, ANY, ANY, 0x57, 0x45, 0x42, 0x50],
  },
  // BMP: 'BM'.
  { mime: 'image/bmp', bytes: [0x42, 0x4d], albumOnly: true },
]

/** The longest signature: how many first bytes a caller needs to sniff a type. */
export const SNIFF_LENGTH = 12

function matches(head: Uint8Array, signature: Signature): boolean {
  if (head.length < signature.bytes.length) return false
  return signature.bytes.every((byte, i) => byte === ANY || head[i] === byte)
}

/**
 * The image type of some bytes, by signature: PNG, JPEG, GIF87a/89a, WebP (RIFF....WEBP).
 * Never trust a Content-Type: WeChat labels transparent PNG codes image/jpeg.
 */
export function sniffImage(bytes: Uint8Array | ArrayBuffer): ImageMime | null {
  const b = toBytes(bytes)
  return b && sniffBytes(b)
}

/** {@link sniffImage} of a Uint8Array, without the conversion (so code that has bytes skips toBytes). */
export function sniffBytes(head: Uint8Array): ImageMime | null {
  for (const signature of SIGNATURES) {
    if (!signature.albumOnly && matches(head, signature)) return signature.mime
  }
  return null
}

/**
 * The type of an image a phone album takes, by signature: what {@link sniffImage} knows, plus BMP.
 * `head`: the file's first bytes ({@link SNIFF_LENGTH} are enough).
 */
export function sniffAlbumImage(head: Uint8Array): ImageMime | 'image/bmp' | null {
  for (const signature of SIGNATURES) {
    if (matches(head, signature)) return signature.mime
  }
  return null
}
