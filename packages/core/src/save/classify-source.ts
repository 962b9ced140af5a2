import { MiniCodeError } from '../errors'
import { encodeBase64 } from '../encoding/base64'
import { SNIFF_LENGTH, sniffAlbumImage } from '../encoding/image-sniff'
import { describeBytes } from './describe-bytes'

/** What `saveToAlbum` accepts: a URL, a data URL, raw base64, bytes, a local path or a cloud fileID. */
export type AlbumSource = string | ArrayBuffer | Uint8Array

/**
 * A source sorted by how it reaches the album. `data` is always clean standard base64 (no whitespace,
 * padded), whatever the source was: it is what `AlbumPort.writeFile` takes, what a data URL carries, and
 * what every host's writeFile takes with encoding 'base64'.
 */
export type ClassifiedSource =
  | { kind: 'url'; url: string }
  | { kind: 'cloud'; fileID: string }
  | { kind: 'local'; filePath: string }
  | { kind: 'data'; data: string; mime: string; ext: string }

/**
 * Sorts a save source, before any permission is asked:
 * - `https://…` / `http://…` → download (but WeChat DevTools' `http://tmp/…`, `http://usr/…` and Alipay's
 *   `https://resource/…`, `https://usr/…` are local files);
 * - `cloud://…` → temp URL, then download;
 * - `wxfile://`, `ttfile://`, any `<x>file://`, `blob:`, `/abs/path`, paths under `userDataPath` → saved as they are;
 * - a data URL of an image (whitespace and CRLF inside tolerated), raw base64 of an image, an
 *   ArrayBuffer or Uint8Array of an image → written to a file.
 *
 * Anything else throws MiniCodeError 'invalid_source' (also base64 or bytes that are no image).
 */
export function classifySource(source: unknown, userDataPath = ''): ClassifiedSource {
  // Checked by tag, not instanceof: bytes may come from another realm (an iframe, jsdom, a worker).
  if (ArrayBuffer.isView(source)) {
    return fromBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength))
  }
  if (Object.prototype.toString.call(source) === '[object ArrayBuffer]') {
    return fromBytes(new Uint8Array(source as ArrayBuffer))
  }
  const text = typeof source === 'string' ? source.trim() : ''
  if (/^data:/i.test(text)) return fromDataUrl(text)
  if (/^cloud:\/\/\S+$/i.test(text)) return { kind: 'cloud', fileID: text }
  // Base64 before paths: JPEG base64 starts with "/9j/", which looks like an absolute path.
  if (text.length > 15 && /^[\w+/=\s-]+$/.test(text)) {
    try {
      return fromBase64(text, 'base64 text')
    } catch (e) {
      // Not an image after all: a path that starts with "/" still gets its chance below.
      if (!text.startsWith('/')) throw e
    }
  }
  if (isLocalPath(text, userDataPath)) return { kind: 'local', filePath: text }
  if (/^https?:\/\/[^\s/?#]+\S*$/i.test(text)) return { kind: 'url', url: text }
  let what = ''
  if (__DEV__) what = typeof source === 'string' ? JSON.stringify(text.slice(0, 40)) : typeof source
  throw invalid(what)
}

export function isLocalPath(path: string, userDataPath = ''): boolean {
  const root = userDataPath.replace(/\/+$/, '')
  return (
    (!!root && (path === root || path.startsWith(root + '/'))) ||
    /^([a-z]*file:\/\/|blob:|\/[^/]|https?:\/\/(tmp|usr|store|resource)(\/|$))/i.test(path)
  )
}

function fromDataUrl(text: string): ClassifiedSource {
  const match = /^data:([^,;]*)((?:;[^,;]*)*),([\s\S]*)$/i.exec(text)
  if (!match) throw invalid(__DEV__ ? 'a data URL without ","' : '')
  const [, declared, params, payload] = match
  if (/;\s*base64\s*$/i.test(params)) {
    // Percent-encoded base64 letters (a URL-encoded data URL) are taken back first.
    return fromBase64(payload.replace(/%(2B|2F|3D)/gi, decodeURIComponent), 'data URL', declared)
  }
  const bytes = percentDecode(payload)
  if (!bytes) throw invalid(__DEV__ ? 'a data URL that is no image' : '')
  return fromBytes(bytes, declared)
}

/** The bytes of a percent-encoded payload: each %XX one byte, other characters as they are (null beyond Latin-1). */
function percentDecode(payload: string): Uint8Array | null {
  const latin1 = payload.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  )
  if (/[^\x00-\xff]/.test(latin1)) return null
  return Uint8Array.from(latin1, (c) => c.charCodeAt(0))
}

/** `what` names the source in the invalid_source message ('base64 text', 'data URL'). */
function fromBase64(text: string, what: string, declared?: string): ClassifiedSource {
  // Clean standard base64 for writeFile: no whitespace, url-safe letters mapped, padding restored.
  const letters = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (!/^[A-Za-z0-9+/]+$/.test(letters) || letters.length % 4 === 1)
    throw invalid(__DEV__ ? 'invalid base64' : '')
  const padding = '='.repeat((4 - (letters.length % 4)) % 4)
  // Four letters are three bytes: the first 16 letters give the 12 bytes that sniffing needs.
  const head = decodeLetters(letters.slice(0, (SNIFF_LENGTH / 3) * 4))
  return withType(letters + padding, head, what, declared)
}

// RFC 4648's base64 alphabet: each letter's index is the six bits it stands for.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The bytes of a few letters of clean standard base64 (no padding or whitespace), for sniffing the
 * head: the rest of the data stays base64 (encoding's base64ToBytes, with its checks, is not needed).
 */
function decodeLetters(letters: string): Uint8Array {
  const bytes: number[] = []
  let value = 0
  let bits = 0
  for (const letter of letters) {
    value = (value << 6) | ALPHABET.indexOf(letter)
    bits += 6
    // A whole byte is ready: take the top eight of the pending bits.
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >> bits) & 255)
    }
  }
  return new Uint8Array(bytes)
}

function fromBytes(bytes: Uint8Array, declared?: string): ClassifiedSource {
  // Encoded now, so the caller's bytes may change (or be a view into a bigger buffer) while the save runs.
  return withType(encodeBase64(bytes), bytes.subarray(0, SNIFF_LENGTH), 'bytes', declared)
}

/**
 * The image type by the bytes' signature: the label is never trusted over the bytes. A declared image
 * type the signatures cannot tell (heic, avif, tiff…, not svg) is believed only for bytes that are not
 * recognisably something else (text, HTML, JSON, PDF, ZIP); a label of a type they can tell (png, jpeg,
 * gif, webp, bmp) on other bytes is a lie. Either way the error says what the label claimed and what
 * the bytes are — before any permission is asked or any file is written.
 * `head`: the first bytes (none for an empty image, which nothing believes).
 */
function withType(base64: string, head: Uint8Array, what: string, declared = ''): ClassifiedSource {
  const sniffed = sniffAlbumImage(head)
  if (sniffed) return { kind: 'data', data: base64, mime: sniffed, ext: extensionOf(sniffed) }
  const label = declared.trim().toLowerCase()
  const found = describeBytes(head)
  // Binary bytes of no known kind: the label may well be right (HEIC starts with a box size, not a magic).
  if (isUnsniffableImageType(label) && found.startsWith('unknown bytes')) {
    return { kind: 'data', data: base64, mime: label, ext: extensionOf(label) }
  }
  let message = ''
  if (__DEV__)
    message = `${what} ${label ? `labelled ${label}` : 'with no image label'}: the bytes are ${found}`
  throw invalid(message, { claimed: label || null, bytes: found })
}

/** An image type sniffing cannot confirm or refute: heic, avif, tiff… (svg is no album image). */
function isUnsniffableImageType(label: string): boolean {
  return (
    /^image\/[\w.+-]+$/.test(label) && !/^image\/(png|jpe?g|gif|webp|bmp|x-ms-bmp|svg\+xml|svg)$/.test(label)
  )
}

/** 'jpg' for JPEG; else the subtype's letters and digits ('x-' dropped), 'png' when none are left. */
function extensionOf(mime: string): string {
  if (mime === 'image/jpeg') return 'jpg'
  const subtype = mime
    .slice('image/'.length)
    .replace(/^x-|[^a-z0-9]/g, '')
    .slice(0, 8)
  return subtype || 'png'
}

/**
 * `what` says what was passed, in development builds ('' in production ones, whose messages keep the
 * code only). `cause`, for bytes that are no image: the type the label claimed and what the bytes are.
 */
function invalid(what: string, cause?: { claimed: string | null; bytes: string }): MiniCodeError {
  return new MiniCodeError(
    'invalid_source',
    __DEV__
      ? `Can't save ${what}: pass an image URL, data URL, base64, bytes, local path or cloud:// fileID.`
      : '',
    { cause },
  )
}
