// UTF-8 through encodeURIComponent / decodeURIComponent, which every JS engine has (TextEncoder and
// TextDecoder are missing in some mini-program runtimes, older iOS JSCore).
import { latin1FromBytes } from './latin1'

/** UTF-8 bytes of a string. A lone surrogate becomes U+FFFD (as TextEncoder does) unless `strict`. */
export function utf8Encode(text: string, strict = false): Uint8Array {
  const wellFormed = text.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (unit, at: number) => {
    if (unit.length > 1) return unit
    if (strict) throw new RangeError(`lone surrogate at position ${at}`)
    return '\ufffd'
  })
  // encodeURIComponent leaves ASCII letters as they are and writes every other byte as %XX.
  const escaped = encodeURIComponent(wellFormed)
  const percentCount = escaped.split('%').length - 1
  const out = new Uint8Array(escaped.length - 2 * percentCount)
  let i = 0
  for (let o = 0; o < out.length; o++) {
    if (escaped[i] === '%') {
      out[o] = parseInt(escaped.slice(i + 1, i + 3), 16)
      i += 3
    } else {
      out[o] = escaped.charCodeAt(i)
      i += 1
    }
  }
  return out
}

/** Number of UTF-8 bytes a string takes (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      n += 1
    } else if (c < 0x800) {
      n += 2
    } else if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1))) {
      n += 4 // a surrogate pair: one code point above U+FFFF
      i++
    } else {
      n += 3
    }
  }
  return n
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

// One well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or
// any other byte of 0x80 and above, which is malformed on its own.
const SEQUENCE =
  /[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}|[\x80-\xff]/g

/** Decodes UTF-8; each byte of a malformed sequence becomes U+FFFD. Meant for short texts such as error bodies. */
export function utf8Decode(bytes: Uint8Array): string {
  return latin1FromBytes(bytes).replace(SEQUENCE, decodeSequence)
}

/** One match of SEQUENCE (as Latin-1 text) to its character. */
function decodeSequence(sequence: string): string {
  if (sequence.length === 1) return '\ufffd'
  let escaped = ''
  for (let i = 0; i < sequence.length; i++) escaped += '%' + sequence.charCodeAt(i).toString(16)
  return decodeURIComponent(escaped)
}
