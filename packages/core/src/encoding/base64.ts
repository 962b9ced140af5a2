import { MiniCodeError, describeValue } from '../errors'
import { toBytes } from './bytes'
import { latin1FromBytes } from './latin1'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

// What the decode table holds besides the letter values 0–63.
const INVALID = -1
const WHITESPACE = -2
const PADDING = -3

// Built on first use, so importing this module runs no code.
let decodeTable: Int16Array | undefined

/** The value of each Latin-1 character code in base64 text. */
function getDecodeTable(): Int16Array {
  if (!decodeTable) {
    const table = new Int16Array(256).fill(INVALID)
    for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
    // The url-safe alphabet (RFC 4648 §5) decodes too: '-' for '+', '_' for '/'.
    table['-'.charCodeAt(0)] = 62
    table['_'.charCodeAt(0)] = 63
    for (const c of ' \t\n\r\f\v') table[c.charCodeAt(0)] = WHITESPACE
    table['='.charCodeAt(0)] = PADDING
    decodeTable = table
  }
  return decodeTable
}

/**
 * Standard base64 (RFC 4648, with `=` padding) of some bytes. Linear time, fine for megabytes.
 *
 * @example bytesToBase64(new Uint8Array([104, 105])) // 'aGk='
 */
export function bytesToBase64(bytes: Uint8Array | ArrayBuffer): string {
  const data = toBytes(bytes)
  if (!data)
    throw new MiniCodeError(
      'invalid_source',
      __DEV__ ? `bytesToBase64 expects a Uint8Array or ArrayBuffer, got ${describeValue(bytes)}.` : '',
    )
  return encodeBase64(data)
}

/** {@link bytesToBase64} of a Uint8Array, without the conversion (so code that has bytes skips toBytes). */
export function encodeBase64(data: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(data.length / 3) * 4) // letter codes
  // Past the end data[i + 1] is undefined, which shifts in as 0; the padding then overwrites those letters.
  for (let i = 0, o = 0; i < data.length; i += 3) {
    const n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2]
    out[o++] = ALPHABET.charCodeAt(n >>> 18)
    out[o++] = ALPHABET.charCodeAt((n >>> 12) & 63)
    out[o++] = ALPHABET.charCodeAt((n >>> 6) & 63)
    out[o++] = ALPHABET.charCodeAt(n & 63)
  }
  const rest = data.length % 3
  if (rest) out.fill('='.charCodeAt(0), rest - 3)
  return latin1FromBytes(out)
}

/**
 * Bytes of a base64 string. Tolerant of what real payloads carry: whitespace and CRLF line breaks
 * anywhere, missing `=` padding, the url-safe alphabet (`-` `_`). Anything else — a stray character,
 * data after the padding, a length that can't be base64 — throws MiniCodeError 'invalid_source'.
 *
 * @example base64ToBytes('aGk') // Uint8Array [104, 105]
 */
export function base64ToBytes(input: string): Uint8Array {
  if (typeof input !== 'string') {
    throw new MiniCodeError(
      'invalid_source',
      __DEV__ ? `base64ToBytes expects a string, got ${describeValue(input)}.` : '',
    )
  }
  const table = getDecodeTable()
  const out = new Uint8Array(Math.floor((input.length * 3) / 4) + 3)
  let o = 0
  let acc = 0
  let count = 0 // sextets in acc
  let padded = false
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i)
    const v = c < 256 ? table[c] : INVALID
    if (v >= 0) {
      if (padded) throw invalid(`data after '=' padding at position ${i}`)
      acc = (acc << 6) | v
      count++
      if (count === 4) {
        out[o++] = acc >>> 16
        out[o++] = (acc >>> 8) & 255
        out[o++] = acc & 255
        acc = 0
        count = 0
      }
    } else if (v === PADDING) {
      padded = true
    } else if (v !== WHITESPACE) {
      throw invalid(`character ${JSON.stringify(input[i])} at position ${i} is not base64`)
    }
  }
  if (count === 1) throw invalid('its length is not possible for base64 (one character too many or too few)')
  if (count === 2) {
    out[o++] = acc >>> 4
  } else if (count === 3) {
    out[o++] = acc >>> 10
    out[o++] = (acc >>> 2) & 255
  }
  return out.slice(0, o)
}

function invalid(why: string): MiniCodeError {
  return new MiniCodeError(
    'invalid_source',
    __DEV__ ? `Not valid base64: ${why}. Pass the raw base64 text (or a data URL to parseDataUrl).` : '',
  )
}
