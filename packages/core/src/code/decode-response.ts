import { MiniCodeError, type MiniCodeErrorCode } from '../errors'
import { checkImageEnd, sniffBytes, toBytes, utf8Decode } from '../encoding'
import type { CodeImage } from '../types'
import { describeWeChatError, isRetryableWeChatError } from './wechat-errors'

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
            'Expected PNG, JPEG, GIF or WebP bytes: check the backend URL.'
        : '',
    )
  }
  const end = checkImageEnd(b, mime)
  if (end.truncated) {
    throw new MiniCodeError(
      'not_an_image',
      __DEV__
        ? `The ${mime} image is truncated (${b.length} bytes, ${end.reason})${label}. The download was cut short: retry.`
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
  const errcode = readErrcode(body.errcode ?? body.errCode)
  const rawMsg = body.errmsg ?? body.errMsg
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
    const message = typeof error.message === 'string' ? error.message : ''
    throw new MiniCodeError(error.code as MiniCodeErrorCode, message, {
      errcode: typeof error.errcode === 'number' ? error.errcode : undefined,
      field: typeof error.field === 'string' ? error.field : undefined,
      cause: body,
    })
  }
  throw new MiniCodeError(
    'not_an_image',
    __DEV__ ? `The response is JSON, not an image${label}: ${JSON.stringify(preview(json))}.` : '',
  )
}

/** WeChat's errcode as a number (some proxies send it as a string); NaN when there is none. */
function readErrcode(raw: unknown): number {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw)
  return NaN
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
