import { base64ToBytes } from '../base64'
import { parseDataUrl } from '../data-url'
import { MiniCodeError, isMiniCodeError } from '../errors'
import { sniffImage } from '../image-codec'

/** What `saveToAlbum` accepts: a URL, a data URL, raw base64, bytes, a local path or a cloud fileID. */
export type AlbumSource = string | ArrayBuffer | Uint8Array

/** A source sorted by how it reaches the album. */
export type ClassifiedSource =
  | { kind: 'url'; url: string }
  | { kind: 'cloud'; fileID: string }
  | { kind: 'local'; filePath: string }
  | { kind: 'bytes'; bytes: Uint8Array; mime: string; ext: string }

// Local spellings: wxfile:// (phones), ttfile:// (Douyin), qqfile://, jdfile://, bdfile://, file://...
const LOCAL_SCHEME = /^[a-z]*file:\/\//i
// WeChat DevTools serves local files as http://tmp/… and http://usr/… (no dot in the "host": not network).
// Alipay's local files are https://resource/… (temp) and https://usr/… (USER_DATA_PATH).
const PSEUDO_HTTP_LOCAL = /^https?:\/\/(tmp|usr|store|resource)(\/|$)/i
const NETWORK_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i
const BASE64_TEXT = /^[A-Za-z0-9+/\-_=\s]+$/

/**
 * Sorts a save source, before any permission is asked. Throws MiniCodeError 'invalid_source' for
 * anything that can't be an image: an empty string, a relative name, a non-image data URL, base64 that
 * does not decode to an image, bytes that are no image, other types.
 *
 * @param userDataPath the port's `userDataPath`: paths under it are local files.
 */
export function classifySource(source: unknown, userDataPath = ''): ClassifiedSource {
  // Checked by tag, not instanceof: bytes may come from another realm (an iframe, jsdom, a worker).
  if (ArrayBuffer.isView(source)) {
    return fromBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), 'The bytes')
  }
  if (Object.prototype.toString.call(source) === '[object ArrayBuffer]') {
    return fromBytes(new Uint8Array(source as ArrayBuffer), 'The ArrayBuffer')
  }
  if (typeof source !== 'string') {
    throw new MiniCodeError('invalid_source', `Can't save ${describe(source)} to the album: pass a URL, a data URL, base64, bytes, a local file path or a cloud fileID.`)
  }
  const text = source.trim()
  if (!text) throw new MiniCodeError('invalid_source', 'Can\'t save an empty string to the album: pass a URL, a data URL, base64, bytes, a local path or a cloud fileID.')

  if (/^data:/i.test(text)) return fromDataUrl(text)
  if (/^cloud:\/\//i.test(text)) return { kind: 'cloud', fileID: text }
  if (isLocalPath(text, userDataPath)) return { kind: 'local', filePath: text }
  if (/^https?:\/\//i.test(text)) {
    if (!NETWORK_URL.test(text)) throw new MiniCodeError('invalid_source', `Not a usable URL: ${JSON.stringify(text.slice(0, 80))}.`)
    return { kind: 'url', url: text }
  }
  if (BASE64_TEXT.test(text) && text.replace(/\s/g, '').length >= 16) return fromBase64(text)
  throw new MiniCodeError(
    'invalid_source',
    `Can't save ${JSON.stringify(text.slice(0, 60))} to the album: it is no https URL, data URL, base64 image, local file path (wxfile://, ttfile://, USER_DATA_PATH, http://tmp/…) or cloud:// fileID.`,
  )
}

/** True for the local file spellings of every platform (and blob: URLs on H5). */
export function isLocalPath(path: string, userDataPath = ''): boolean {
  if (userDataPath && (path === userDataPath || path.startsWith(userDataPath.replace(/\/+$/, '') + '/'))) return true
  return LOCAL_SCHEME.test(path) || PSEUDO_HTTP_LOCAL.test(path) || /^blob:/i.test(path) || /^\/[^/]/.test(path)
}

function fromDataUrl(text: string): ClassifiedSource {
  let parsed: { mime: string; bytes: Uint8Array }
  try {
    parsed = parseDataUrl(text)
  } catch (e) {
    throw isMiniCodeError(e) ? e : new MiniCodeError('invalid_source', 'The data URL could not be read.', { cause: e })
  }
  const sniffed = sniffKnown(parsed.bytes)
  const declared = parsed.mime.startsWith('image/') && parsed.mime !== 'image/svg+xml' ? parsed.mime : null
  const mime = sniffed ?? declared
  if (!mime || parsed.bytes.length === 0) {
    throw new MiniCodeError('invalid_source', `The data URL holds ${parsed.mime} (${parsed.bytes.length} bytes), not an image the album can take.`)
  }
  return { kind: 'bytes', bytes: parsed.bytes, mime, ext: extOf(mime) }
}

function fromBase64(text: string): ClassifiedSource {
  let bytes: Uint8Array
  try {
    bytes = base64ToBytes(text)
  } catch (e) {
    throw new MiniCodeError('invalid_source', `The string is no valid base64 image: ${(e as Error).message}`, { cause: e })
  }
  return fromBytes(bytes, 'The base64 text')
}

function fromBytes(bytes: Uint8Array, what: string): ClassifiedSource {
  const mime = sniffKnown(bytes)
  if (!mime) {
    throw new MiniCodeError('invalid_source', `${what} (${bytes.length} bytes) are no PNG, JPEG, GIF, WebP or BMP image.`)
  }
  return { kind: 'bytes', bytes, mime, ext: extOf(mime) }
}

/** sniffImage plus BMP, which phones' albums also take. */
function sniffKnown(bytes: Uint8Array): string | null {
  const mime = sniffImage(bytes)
  if (mime) return mime
  return bytes.length > 26 && bytes[0] === 0x42 && bytes[1] === 0x4d ? 'image/bmp' : null
}

function extOf(mime: string): string {
  if (mime === 'image/jpeg') return 'jpg'
  const sub = mime.slice('image/'.length).replace(/^x-/, '').replace(/[^a-z0-9]/gi, '')
  return sub.toLowerCase().slice(0, 8) || 'png'
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`
  return `a ${typeof value}`
}
