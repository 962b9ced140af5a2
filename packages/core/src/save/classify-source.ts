import { encodeBase64 } from '../base64'
import { MiniCodeError } from '../errors'

/** What `saveToAlbum` accepts: a URL, a data URL, raw base64, bytes, a local path or a cloud fileID. */
export type AlbumSource = string | ArrayBuffer | Uint8Array

/** A source sorted by how it reaches the album. `data` is clean standard base64, ready for writeFile. */
export type ClassifiedSource =
  | { kind: 'url'; url: string }
  | { kind: 'cloud'; fileID: string }
  | { kind: 'local'; filePath: string }
  | { kind: 'data'; base64: string; mime: string; ext: string }

// The image signatures as the base64 of a file starts, every bit they fix checked (so no decoding):
// PNG 89 50 4E 47 0D 0A 1A 0A, JPEG FF D8 FF, GIF "GIF87a"/"GIF89a", WebP "RIFF" + size + "WEBP", BMP "BM".
const SIGNATURES: Array<[string, RegExp]> = [
  ['png', /^iVBORw0KGg[o-r]/],
  ['jpeg', /^\/9j\//],
  ['gif', /^R0lGOD[dl]h/],
  ['webp', /^UklGR[g-v]....[BFJNRVZdhlptx159]XRUJQ/],
  ['bmp', /^Qk[0-3]/],
]

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
  if (ArrayBuffer.isView(source))
    return fromBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength))
  if (Object.prototype.toString.call(source) === '[object ArrayBuffer]')
    return fromBytes(new Uint8Array(source as ArrayBuffer))
  const text = typeof source === 'string' ? source.trim() : ''
  if (/^data:/i.test(text)) return fromDataUrl(text)
  if (/^cloud:\/\/\S+$/i.test(text)) return { kind: 'cloud', fileID: text }
  // Base64 before paths: JPEG base64 starts with "/9j/", which looks like an absolute path.
  if (text.length > 15 && /^[\w+/=\s-]+$/.test(text)) {
    try {
      return fromBase64(text, process.env.NODE_ENV !== 'production' ? 'base64 text' : '')
    } catch (e) {
      if (text[0] != '/') throw e
    }
  }
  if (isLocalPath(text, userDataPath)) return { kind: 'local', filePath: text }
  if (/^https?:\/\/[^\s/?#]+\S*$/i.test(text)) return { kind: 'url', url: text }
  throw invalid(
    process.env.NODE_ENV !== 'production'
      ? typeof source == 'string'
        ? JSON.stringify(text.slice(0, 40))
        : typeof source
      : '',
  )
}

/** True for the local file spellings of every platform (and blob: URLs on H5). */
export function isLocalPath(path: string, userDataPath = ''): boolean {
  const root = userDataPath.replace(/\/+$/, '')
  return (
    (!!root && (path === root || path.startsWith(root + '/'))) ||
    /^([a-z]*file:\/\/|blob:|\/[^/]|https?:\/\/(tmp|usr|store|resource)(\/|$))/i.test(path)
  )
}

function fromDataUrl(text: string): ClassifiedSource {
  const match = /^data:([^,;]*)((?:;[^,;]*)*),([\s\S]*)$/i.exec(text)
  if (!match) throw invalid(process.env.NODE_ENV !== 'production' ? 'a data URL without ","' : '')
  const [, declared, params, payload] = match
  if (/;\s*base64\s*$/i.test(params))
    return fromBase64(
      payload.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '='),
      process.env.NODE_ENV !== 'production' ? 'data URL' : '',
      declared,
    )
  // Percent-encoded payload: each %XX one byte.
  const raw = payload.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
  if (/[^\x00-\xff]/.test(raw))
    throw invalid(process.env.NODE_ENV !== 'production' ? 'a data URL that is no image' : '')
  return fromBytes(
    Uint8Array.from(raw, (c) => c.charCodeAt(0)),
    declared,
  )
}

// `what` (a development-only description) goes into the invalid_source message.
function fromBase64(text: string, what: string, declared?: string): ClassifiedSource {
  // Clean standard base64 for writeFile: no whitespace, url-safe letters mapped, padding restored.
  let base64 = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (!/^[A-Za-z0-9+/]+$/.test(base64) || base64.length % 4 === 1)
    throw invalid(process.env.NODE_ENV !== 'production' ? 'invalid base64' : '')
  base64 += '==='.slice(0, (4 - (base64.length % 4)) % 4)
  return withType(base64, what, declared)
}

function fromBytes(bytes: Uint8Array, declared?: string): ClassifiedSource {
  return withType(encodeBase64(bytes), process.env.NODE_ENV !== 'production' ? 'bytes' : '', declared)
}

function withType(base64: string, what: string, declared?: string): ClassifiedSource {
  // By signature first; a declared image type (any: heic, avif…) is believed when the bytes are unknown.
  const known = SIGNATURES.find(([, signature]) => signature.test(base64))
  const mime = known
    ? 'image/' + known[0]
    : declared && /^image\/(?!svg)[\w.+-]+$/i.test(declared.trim()) && base64
      ? declared.trim().toLowerCase()
      : ''
  if (!mime) throw invalid(process.env.NODE_ENV !== 'production' ? `${what} that are no image` : '')
  const ext =
    mime === 'image/jpeg'
      ? 'jpg'
      : mime
          .slice(6)
          .replace(/^x-|[^a-z0-9]/g, '')
          .slice(0, 8) || 'png'
  return { kind: 'data', base64, mime, ext }
}

function invalid(what: string): MiniCodeError {
  return new MiniCodeError(
    'invalid_source',
    process.env.NODE_ENV !== 'production'
      ? `Can't save ${what}: pass an image URL, data URL, base64, bytes, local path or cloud:// fileID.`
      : '',
  )
}
