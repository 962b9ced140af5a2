import type { ImageMime } from '../types'
import { latin1FromBytes } from './latin1'

/** Whether an image's bytes reach its end (a download cut short does not). */
export interface ImageEnd {
  truncated: boolean
  /** What is missing, for a development message; '' in production builds and for a whole image. */
  reason: string
}

const WHOLE: ImageEnd = { truncated: false, reason: '' }

function truncated(reason: string): ImageEnd {
  return { truncated: true, reason }
}

/**
 * Checks that an image of a sniffed type ends as its format says: PNG with an IEND chunk (after an
 * IHDR first), JPEG with the end-of-image marker FF D9, GIF with the trailer byte 0x3B, WebP at least
 * as long as its RIFF size.
 */
export function checkImageEnd(b: Uint8Array, mime: ImageMime): ImageEnd {
  switch (mime) {
    case 'image/png':
      return checkPngEnd(b)
    case 'image/jpeg': {
      let end = b.length
      while (end > 2 && b[end - 1] === 0) end-- // some servers pad with zeros
      if (b[end - 2] === 0xff && b[end - 1] === 0xd9) return WHOLE
      return truncated(__DEV__ ? 'no end-of-image marker FF D9' : '')
    }
    case 'image/gif':
      if (b.length > 13 && b[b.length - 1] === 0x3b) return WHOLE
      return truncated(__DEV__ ? 'no trailer byte 0x3B' : '')
    case 'image/webp': {
      // The little-endian RIFF size counts the bytes after the first 8.
      const riff = b.length >= 8 ? (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0 : 0
      if (riff + 8 <= b.length && riff >= 4) return WHOLE
      return truncated(__DEV__ ? `RIFF size says ${riff + 8} bytes` : '')
    }
  }
}

// Walk the chunks: each is length(4) type(4) data crc(4); the image ends with IEND.
function checkPngEnd(b: Uint8Array): ImageEnd {
  let at = 8
  let first = true
  while (at + 8 <= b.length) {
    const length = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0
    const type = latin1FromBytes(b.subarray(at + 4, at + 8))
    if (first && type !== 'IHDR') return truncated(__DEV__ ? 'no IHDR chunk first' : '')
    first = false
    const next = at + 12 + length
    if (next > b.length) return truncated(__DEV__ ? `chunk ${type} cut off` : '')
    if (type === 'IEND') return WHOLE
    at = next
  }
  return truncated(__DEV__ ? 'no IEND chunk' : '')
}
