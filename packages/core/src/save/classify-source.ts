import { MiniCodeError } from '../errors'
import { sniffHead } from '../encoding/image-sniff'

/** What `saveToAlbum` accepts: a URL, a data URL, raw base64, bytes, a local path or a cloud fileID. */
export type AlbumSource = string | ArrayBuffer | Uint8Array

/**
 * A source sorted by how it reaches the album. `data` is clean standard base64 text (from base64 and
 * base64 data URLs) or the bytes themselves, as an ArrayBuffer of their own (from bytes and
 * percent-encoded data URLs): saveToAlbum encodes bytes for `AlbumPort.writeFile`, which takes base64,
 * while the poster's canvas ports hand them to the host's writeFile as they are.
 */
export type ClassifiedSource =
  | { kind: 'url'; url: string }
  | { kind: 'cloud'; fileID: string }
  | { kind: 'local'; filePath: string }
  | { kind: 'data'; data: string | ArrayBuffer; mime: string; ext: string }

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
  if (ArrayBuffer.isView(source) || Object.prototype.toString.call(source) === '[object ArrayBuffer]') {
    // An ArrayBuffer has no `buffer` and no `byteOffset`: the view then spans it all.
    const view = source as Uint8Array
    return fromBytes(new Uint8Array(view.buffer || view, view.byteOffset, view.byteLength))
  }
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
      payload.replace(/%(2B|2F|3D)/gi, decodeURIComponent),
      process.env.NODE_ENV !== 'production' ? 'data URL' : '',
      declared,
    )
  // Percent-encoded payload: each %XX one byte.
  const raw = payload.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(+('0x' + h)))
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
  const base64 = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (!/^[A-Za-z0-9+/]+$/.test(base64) || base64.length % 4 === 1)
    throw invalid(process.env.NODE_ENV !== 'production' ? 'invalid base64' : '')
  // The first 12 bytes (16 letters), decoded to sniff the type; the rest stays base64.
  let head = ''
  for (let i = 0, bits = 0, n = 0; i < 16 && i < base64.length; i++) {
    const c = base64.charCodeAt(i)
    // A-Z a-z 0-9 + / -> 0..63
    n = (n << 6) | (c > 96 ? c - 71 : c > 64 ? c - 65 : c > 47 ? c + 4 : c == 43 ? 62 : 63)
    bits += 6
    if (bits > 7) head += String.fromCharCode((n >> (bits -= 8)) & 255)
  }
  return withType(base64 + '==='.slice(0, (4 - (base64.length % 4)) % 4), head, what, declared)
}

function fromBytes(bytes: Uint8Array, declared?: string): ClassifiedSource {
  // A copy: the caller's bytes may change (or be a view into a bigger buffer) while the save runs.
  const data = bytes.slice()
  return withType(
    data.buffer,
    String.fromCharCode(...data.subarray(0, 12)),
    process.env.NODE_ENV !== 'production' ? 'bytes' : '',
    declared,
  )
}

/** `head`: the first bytes as latin1 ('' when there are none). */
function withType(
  data: string | ArrayBuffer,
  head: string,
  what: string,
  declared?: string,
): ClassifiedSource {
  // By signature first (the codes' four types, plus BMP "BM", which an album takes too); a declared image
  // type (any: heic, avif…) is believed when the bytes are unknown.
  const mime =
    sniffHead(head) ||
    (/^BM/.test(head)
      ? 'image/bmp'
      : declared && /^image\/(?!svg)[\w.+-]+$/i.test(declared.trim()) && head
        ? declared.trim().toLowerCase()
        : '')
  if (!mime) throw invalid(process.env.NODE_ENV !== 'production' ? `${what} that are no image` : '')
  const ext =
    mime === 'image/jpeg'
      ? 'jpg'
      : mime
          .slice(6)
          .replace(/^x-|[^a-z0-9]/g, '')
          .slice(0, 8) || 'png'
  return { kind: 'data', data, mime, ext }
}

function invalid(what: string): MiniCodeError {
  return new MiniCodeError(
    'invalid_source',
    process.env.NODE_ENV !== 'production'
      ? `Can't save ${what}: pass an image URL, data URL, base64, bytes, local path or cloud:// fileID.`
      : '',
  )
}
