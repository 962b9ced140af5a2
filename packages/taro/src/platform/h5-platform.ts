import {
  ALBUM_SCOPE,
  base64ToBytes,
  browserSaveOutcome,
  sniffImage,
  type AlbumPort,
  type BrowserSaveResult,
} from '@minicode/core'

// How long a started download keeps its blob URL: revoking at once can cancel it in some browsers.
const REVOKE_AFTER_MS = 40_000
const USER_DATA_PATH = 'memfile://minicode'

/**
 * The album port of H5, built on the browser alone — Taro's H5 getSetting / authorize /
 * getFileSystemManager are stubs that report success, so none is called. There is no album in a
 * browser: bytes become a Blob, then what `saveImage`'s mode says — by default, by the browser: a
 * desktop browser gets an `<a download>` click ('downloaded'); a phone or in-app browser, where a
 * download never reaches the album, gets a blob: URL of the image to show for a long-press ('preview').
 * A URL is fetched to a Blob first (a cross-origin image without CORS headers fails: 'download_failed').
 * A mini-program path (wxfile://…) or a cloud fileID means nothing here: 'unsupported'.
 */
export function createH5Platform(): AlbumPort {
  const files = new Map<string, { blob: Blob; name: string }>()
  const granted = async () => ({ authSetting: { [ALBUM_SCOPE]: true } })
  let sequence = 0
  // The blob URL of the last preview: revoked when the next one is made (one preview shows at a time).
  let previewHref = ''

  return {
    name: 'h5',
    userDataPath: USER_DATA_PATH,
    getSetting: granted,
    authorize: async () => undefined,
    openSetting: granted,
    async downloadFile(url) {
      if (typeof fetch !== 'function')
        throw { errMsg: 'downloadFile:fail not supported: this browser has no fetch' }
      let response: Response
      let blob: Blob
      try {
        response = await fetch(url, { credentials: 'omit' })
        blob = await response.blob()
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e)
        throw {
          errMsg: `downloadFile:fail ${why} (an image on another origin needs Access-Control-Allow-Origin)`,
        }
      }
      const name = fileNameOf(url, blob.type)
      sequence++
      const tempFilePath = `memfile://tmp/${sequence}/${name}`
      files.set(tempFilePath, { blob, name })
      return { tempFilePath, statusCode: response.status }
    },
    async writeFile(filePath, base64) {
      const bytes = base64ToBytes(base64)
      const name = filePath.slice(filePath.lastIndexOf('/') + 1)
      files.set(filePath, {
        blob: new Blob([bytes as unknown as BlobPart], { type: sniffImage(bytes) ?? mimeOfName(name) }),
        name,
      })
    },
    async removeFile(filePath) {
      if (!files.delete(filePath)) throw { errMsg: `unlink:fail no such file or directory "${filePath}"` }
    },
    async saveImage(filePath, mode = 'auto'): Promise<BrowserSaveResult> {
      if (typeof document === 'undefined' || typeof URL === 'undefined') {
        throw { errMsg: 'saveImageToPhotosAlbum:fail not supported: no document to start a download in' }
      }
      const file = files.get(filePath)
      if (!file && !/^blob:/i.test(filePath)) {
        throw {
          errMsg: `saveImageToPhotosAlbum:fail not supported on h5: "${filePath.slice(0, 80)}" is no file of this page; pass a URL, a data URL or bytes`,
        }
      }
      if (outcomeOf(mode) === 'preview') {
        if (previewHref) URL.revokeObjectURL(previewHref)
        previewHref = file ? URL.createObjectURL(file.blob) : ''
        return { outcome: 'preview', previewUrl: previewHref || filePath }
      }
      const href = file ? URL.createObjectURL(file.blob) : filePath
      const a = document.createElement('a')
      a.href = href
      a.download = file?.name ?? 'image'
      a.rel = 'noopener'
      a.style.display = 'none'
      document.body.appendChild(a)
      try {
        a.click()
      } finally {
        a.remove()
        if (file) setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER_MS)
      }
      return { outcome: 'downloaded' }
    },
  }
}

/** What this browser does with a save in `mode`: 'auto' asks its user agent and touch points. */
function outcomeOf(mode: string): BrowserSaveResult['outcome'] {
  if (mode === 'download') return 'downloaded'
  if (mode === 'preview') return 'preview'
  return browserSaveOutcome(navigator.userAgent, navigator.maxTouchPoints ?? 0)
}

function fileNameOf(url: string, mime: string): string {
  let base = ''
  try {
    base = decodeURIComponent(new URL(url, 'http://x/').pathname.split('/').pop() ?? '')
  } catch {
    base = ''
  }
  base = base.replace(/[^\w.\u4e00-\u9fff-]+/g, '_').slice(0, 80) || 'image'
  if (/\.(png|jpe?g|gif|webp|bmp)$/i.test(base)) return base
  const ext = mime.startsWith('image/')
    ? mime
        .slice(6)
        .replace('jpeg', 'jpg')
        .replace(/[^a-z0-9]/gi, '')
    : 'png'
  return `${base}.${ext || 'png'}`
}

function mimeOfName(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : `image/${ext || 'png'}`
}
