import { toBytes } from './bytes'
import { MiniCodeError, type MiniCodeErrorCode } from './errors'
import type { CodeImage, ImageMime } from './types'
import { utf8Decode } from './utf8'
import { describeWeChatError, isRetryableWeChatError } from './wechat-errors'

/**
 * The image type of some bytes, by signature: PNG, JPEG, GIF87a/89a, WebP (RIFF....WEBP).
 * Never trust a Content-Type: WeChat labels transparent PNG codes image/jpeg.
 */
export function sniffImage(bytes: Uint8Array | ArrayBuffer): ImageMime | null {
  const b = toBytes(bytes)
  return b && sniffBytes(b)
}

/** {@link sniffImage} of a Uint8Array, without the conversion (so code that has bytes skips toBytes). */
export function sniffBytes(b: Uint8Array): ImageMime | null {
  return sniffHead(ascii(b, 0, 12))
}

/**
 * {@link sniffImage} of a file's first 12 bytes as Latin-1 text (for callers that hold them as text,
 * e.g. decoded from the start of some base64). Every byte of each signature is checked.
 */
export function sniffHead(head: string): ImageMime | null {
  return /^\x89PNG\r\n\x1a\n/.test(head)
    ? 'image/png'
    : /^\xff\xd8\xff/.test(head)
      ? 'image/jpeg'
      : /^GIF8[79]a/.test(head)
        ? 'image/gif'
        : /^RIFF[\s\S]{4}WEBP/.test(head)
          ? 'image/webp'
          : null
}

/**
 * Turns the body of a code API (WeChat's, or a backend's) into a checked image.
 *
 * Decides by the bytes, never by `contentType` (used only in messages):
 * - a JSON body (leading BOM/whitespace allowed), even one labelled image/jpeg, throws 'wechat_error'
 *   with `errcode`, WeChat's errmsg in the message and `retryable` per {@link describeWeChatError}.
 *   Always 'wechat_error', also for 45009 and 45029, so callers can branch on one code plus `errcode`;
 *   `describeWeChatError(e.errcode).code` gives the finer code ('rate_limited', 'quota_exhausted')
 *   that minicode's server answers with;
 *   minicode's own `{ error: { code, message } }` body throws that code;
 * - an image whose end is missing (PNG without IEND, JPEG without FF D9, GIF without 0x3B, WebP shorter
 *   than its RIFF size) throws 'not_an_image' saying it was truncated;
 * - anything else (empty, HTML, a short unknown body) throws 'not_an_image'.
 *
 * @returns `{ mime, bytes }` — mime from the signature, bytes as given (a view, not a copy).
 */
export function decodeCodeResponse(bytes: Uint8Array | ArrayBuffer, contentType?: string): CodeImage {
  const b = toBytes(bytes)
  // The label only goes into development messages.
  const label = __DEV__ && contentType ? ` (labelled ${contentType})` : ''
  if (!b) {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__ ? `Expected the image bytes as a Uint8Array or ArrayBuffer, got ${typeof bytes}.` : '',
    )
  }
  if (b.length === 0) {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `The response body was empty${label}: no code image came back. Check the backend's logs.`
        : '',
    )
  }
  const mime = sniffBytes(b)
  if (!mime) {
    const start = skipBomAndSpace(b)
    if (b[start] === 0x7b /* { */) throwJsonError(b.subarray(start), label)
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `The response is not an image${label}: ${b.length} bytes starting ${JSON.stringify(preview(b))}. ` +
            'Expected PNG, JPEG, GIF or WebP bytes; check the backend URL and that it answers image bytes.'
        : '',
    )
  }
  const missing = missingEnd(b, mime)
  if (missing) {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `The ${mime} image is truncated (${b.length} bytes, ${missing})${label}. The download was cut short: retry.`
        : '',
      { retryable: true },
    )
  }
  return { mime, bytes: b }
}

function throwJsonError(json: Uint8Array, label: string): never {
  let parsed: unknown
  try {
    parsed = JSON.parse(utf8Decode(json))
  } catch {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__ ? `The response is broken JSON, not an image${label}: ${JSON.stringify(preview(json))}.` : '',
    )
  }
  const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  // Cloud openapi calls spell them errCode / errMsg.
  const rawCode = body.errcode ?? body.errCode
  const rawMsg = body.errmsg ?? body.errMsg
  const errcode =
    typeof rawCode === 'number'
      ? rawCode
      : typeof rawCode === 'string' && rawCode.trim() !== ''
        ? Number(rawCode)
        : NaN
  if (Number.isInteger(errcode)) {
    const errmsg = typeof rawMsg === 'string' ? rawMsg : undefined
    // Production keeps what WeChat said; the advice table is for development builds and servers.
    throw new MiniCodeError(
      'wechat_error',
      __DEV__
        ? describeWeChatError(errcode, errmsg).message
        : `WeChat errcode ${errcode}${errmsg ? ` (${errmsg})` : ''}.`,
      { errcode, retryable: isRetryableWeChatError(errcode), cause: body },
    )
  }
  // minicode's server answers { error: { code, message, errcode?, field? } }: keep its code and field.
  const error = body.error as Record<string, unknown> | undefined
  if (error && typeof error === 'object' && typeof error.code === 'string' && /^[a-z_]+$/.test(error.code)) {
    const pick = <T>(key: string, type: string) =>
      typeof error[key] === type ? (error[key] as T) : undefined
    throw new MiniCodeError(error.code as MiniCodeErrorCode, pick<string>('message', 'string') || '', {
      errcode: pick<number>('errcode', 'number'),
      field: pick<string>('field', 'string'),
      cause: body,
    })
  }
  throw new MiniCodeError(
    'not_an_image',
    __DEV__ ? `The response is JSON, not an image${label}: ${JSON.stringify(preview(json))}.` : '',
  )
}

/** Why the image lacks its end ('!' in production builds, which show no reason), or '' when it is whole. */
function missingEnd(b: Uint8Array, mime: ImageMime): string {
  switch (mime) {
    case 'image/png':
      return pngEnd(b)
    case 'image/jpeg': {
      let end = b.length
      while (end > 2 && b[end - 1] === 0) end-- // some servers pad with zeros
      return b[end - 2] === 0xff && b[end - 1] === 0xd9 ? '' : __DEV__ ? 'no end-of-image marker FF D9' : '!'
    }
    case 'image/gif':
      return b.length > 13 && b[b.length - 1] === 0x3b ? '' : __DEV__ ? 'no trailer byte 0x3B' : '!'
    case 'image/webp': {
      const riff = b.length >= 8 ? (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0 : 0
      return riff + 8 <= b.length && riff >= 4 ? '' : __DEV__ ? `RIFF size says ${riff + 8} bytes` : '!'
    }
  }
}

// Walk the chunks: each is length(4) type(4) data crc(4); the image ends with IEND.
function pngEnd(b: Uint8Array): string {
  let at = 8
  let first = true
  while (at + 8 <= b.length) {
    const length = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0
    const type = ascii(b, at + 4, at + 8)
    if (first && type !== 'IHDR') return __DEV__ ? 'no IHDR chunk first' : '!'
    first = false
    const next = at + 12 + length
    if (next > b.length) return __DEV__ ? `chunk ${type} cut off` : '!'
    if (type === 'IEND') return ''
    at = next
  }
  return __DEV__ ? 'no IEND chunk' : '!'
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = ''
  for (let i = from; i < to && i < b.length; i++) s += String.fromCharCode(b[i])
  return s
}

function skipBomAndSpace(b: Uint8Array): number {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++
  return i
}

/** The first bytes as printable text, for messages. */
function preview(b: Uint8Array): string {
  const text = utf8Decode(b.subarray(0, 60)).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '.')
  return b.length > 60 ? `${text}…` : text
}
