import { MiniCodeError, describeValue } from '../errors'
import { base64ToBytes, bytesToBase64 } from './base64'
import { toBytes } from './bytes'
import { sniffImage } from './image-sniff'
import { utf8Encode } from './utf8'

/** True when `s` is a string that looks like a `data:` URL (leading whitespace and any case allowed). */
export function isDataUrl(s: unknown): s is string {
  return typeof s === 'string' && /^\s*data:/i.test(s)
}

/**
 * A `data:<mime>;base64,…` URL of some image bytes. When `mime` is omitted it is sniffed from the bytes;
 * bytes that are no known image throw 'not_an_image'.
 *
 * @example toDataUrl(pngBytes) // 'data:image/png;base64,iVBORw0KGgo…'
 */
export function toDataUrl(bytes: Uint8Array | ArrayBuffer, mime?: string): string {
  const data = toBytes(bytes)
  if (!data)
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `toDataUrl expects image bytes (a Uint8Array or ArrayBuffer), got ${describeValue(bytes)}.`
        : '',
    )
  const type = mime || sniffImage(data)
  if (!type) {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `Can't make an image data URL: the ${data.length} bytes are no PNG, JPEG, GIF or WebP. Pass the mime type if you know it.`
        : '',
    )
  }
  return `data:${type};base64,${bytesToBase64(data)}`
}

/**
 * Splits a data URL into its mime type (lower case, parameters dropped) and its bytes.
 *
 * Tolerant of what apps really pass around: whitespace and CRLF inside the base64, `;BASE64` in any
 * case, extra parameters (`data:image/png;charset=utf-8;base64,…`), percent-encoded payloads
 * (`data:,Hello%2C%20World`, `%2B` inside base64). A missing mime type is sniffed from the bytes,
 * else 'text/plain' (as RFC 2397 says). Throws 'invalid_source' for anything that is not a data URL.
 */
export function parseDataUrl(s: string): { mime: string; bytes: Uint8Array } {
  if (!isDataUrl(s)) {
    throw new MiniCodeError(
      'invalid_source',
      __DEV__ ? `Expected a data URL ("data:image/png;base64,…"), got ${describeValue(s)}.` : '',
    )
  }
  const text = s.trim()
  const comma = text.indexOf(',')
  if (comma < 0) {
    throw new MiniCodeError(
      'invalid_source',
      __DEV__ ? 'The data URL has no "," before its payload: expected "data:<mime>;base64,<data>".' : '',
    )
  }
  const params = text
    .slice(5, comma)
    .split(';')
    .map((p) => p.trim())
  const isBase64 = params.slice(1).some((p) => p.toLowerCase() === 'base64')
  const payload = text.slice(comma + 1)
  // Base64 may arrive with %2B-style escapes of its own letters; any other payload is percent-encoded.
  const bytes = isBase64 ? base64ToBytes(percentDecodeAscii(payload)) : percentDecode(payload)
  const declared = params[0].toLowerCase()
  const mime = declared || sniffImage(bytes) || 'text/plain'
  return { mime, bytes }
}

/** Percent-decodes to bytes: `%XX` is one byte, other characters their UTF-8; a stray `%` stays. */
function percentDecode(payload: string): Uint8Array {
  const raw = utf8Encode(payload)
  const out = new Uint8Array(raw.length)
  let o = 0
  for (let i = 0; i < raw.length; i++) {
    const hi = hex(raw[i + 1])
    const lo = hex(raw[i + 2])
    if (raw[i] === 0x25 /* % */ && hi >= 0 && lo >= 0) {
      out[o++] = (hi << 4) | lo
      i += 2
    } else {
      out[o++] = raw[i]
    }
  }
  return out.slice(0, o)
}

function percentDecodeAscii(payload: string): string {
  return payload.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

function hex(c: number | undefined): number {
  if (c === undefined) return -1
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  return -1
}
