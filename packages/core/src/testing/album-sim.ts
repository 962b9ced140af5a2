import type { AlbumPort, BrowserSaveResult } from '../save/album-port'
import { ALBUM_SCOPE } from '../save/album-port'
import { browserSaveOutcome, type BrowserSaveMode } from '../save/browser-outcome'

// A real desktop Chrome's user agent: the simulated H5 browser downloads unless told otherwise.
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

export type SimPlatform = 'weapp' | 'qq' | 'jd' | 'tt' | 'alipay' | 'h5'
/** Whose wording a denial has: WeChat DevTools, an Android or iOS phone, WeCom (企业微信). */
export type SimProfile = 'android' | 'ios' | 'devtools' | 'wecom'
export type SimPermission = 'granted' | 'refused' | 'never-asked'
/** What the user does with the permission popup. */
export type SimAnswer = 'allow' | 'deny' | 'cancel' | 'no-response'
/** 'not-declared': the album scope is missing from the privacy agreement; 'refused': the user refused it. */
export type SimPrivacy = 'ok' | 'not-declared' | 'refused'
export type SimMethod =
  | 'getSetting'
  | 'authorize'
  | 'openSetting'
  | 'downloadFile'
  | 'writeFile'
  | 'removeFile'
  | 'saveImage'
  | 'resolveCloudFile'
  | 'showShareImageMenu'

export interface SimDownload {
  /** HTTP status (default 200). The body lands in a temp file whatever the status, as on WeChat. */
  status?: number
  bytes?: Uint8Array
  /** The download fails with this raw error (e.g. `{ errMsg: 'downloadFile:fail url not in domain list' }`). */
  error?: unknown
}

export interface AlbumSimOptions {
  platform?: SimPlatform
  profile?: SimProfile
  permission?: SimPermission
  /** The user's answer to the popup (default 'allow'). */
  answer?: SimAnswer
  /** What the user does on the settings page (default 'grant'). */
  settingsAnswer?: 'grant' | 'deny' | 'keep'
  privacy?: SimPrivacy
  /** USER_DATA_PATH quota in bytes (default 200 MB); writeFile beyond it fails with errno 1300202. */
  quotaBytes?: number
  /** Per URL: an HTTP status or a {@link SimDownload}. Unknown URLs answer 200 with a small PNG. */
  downloads?: Record<string, number | SimDownload>
  /** cloud:// fileID -> temp https URL; unknown fileIDs fail like `getTempFileURL` does. */
  cloudFiles?: Record<string, string>
  /** Files that exist before the flow runs (paths -> size): the flow must never remove them. */
  files?: Record<string, number>
  /** h5: the browser's user agent and touch points, which decide 'downloaded' or 'preview' (default: desktop Chrome). */
  userAgent?: string
  maxTouchPoints?: number
  /**
   * weapp's share-image menu: what the user does ('share', the default: sends or saves it; 'cancel':
   * closes the menu, "showShareImageMenu:fail cancel"), or 'missing' (base library below 2.14.3: no
   * such API). Other platforms never have it.
   */
  shareMenu?: 'share' | 'cancel' | 'missing'
  /** A method that always rejects with this raw platform error. */
  fail?: Partial<Record<SimMethod, unknown>>
}

export interface AlbumSimLedger {
  /** Every file the platform created for the flow (writeFile and downloadFile temp files), in order. */
  written: string[]
  removed: string[]
  /** Files saved to the album (on h5: downloads started). */
  album: string[]
  /** h5: files shown as a preview to long-press instead. */
  previews: string[]
  /** Files shared through the share-image menu, with the entrancePath they were given. */
  shared: Array<{ filePath: string; entrancePath?: string }>
  /** Written files still on disk. */
  leftovers(): string[]
  /** Removed files the flow had not written (must stay empty). */
  foreignRemoved(): string[]
  /** Current files (path -> bytes). */
  files: Map<string, number>
}

export interface AlbumSim extends AlbumPort {
  /**
   * Base64 text (the port contract) or, as the hosts' FileSystemManager also takes, an ArrayBuffer;
   * anything else is refused the way the hosts refuse it.
   */
  writeFile(filePath: string, data: string | ArrayBuffer): Promise<void>
  readonly calls: Array<{ method: SimMethod; args: unknown[] }>
  readonly ledger: AlbumSimLedger
  readonly permission: SimPermission
  setPermission(permission: SimPermission): void
  /** Calls to `method` wait until {@link release}: to act while a save is in flight. */
  hold(method: SimMethod): void
  /** Lets held calls go on (and stops holding). Resolves after they had a chance to run. */
  release(method?: SimMethod): Promise<void>
  /** How many calls wait at a hold. */
  waiting(method?: SimMethod): number
}

const PNG_1X1 = [
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21,
  196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 240, 31, 0, 5, 0, 1, 255, 137, 153, 61,
  29, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
]

const WX_DENY: Record<SimProfile, string> = {
  devtools: 'fail auth deny',
  android: 'fail:auth denied',
  ios: 'fail auth deny',
  wecom: 'fail:system permission denied',
}

/**
 * A stand-in AlbumPort that behaves like each platform's real APIs: permission state and popup,
 * each device's denial wording, privacy errnos (WeChat 112/104, Douyin 10202/10201), the
 * USER_DATA_PATH quota (1300202), download status codes, cloud fileIDs — with a call log and a ledger of
 * files written, removed and saved. The one simulator every save test drives.
 */
export function createAlbumSim(options: AlbumSimOptions = {}): AlbumSim {
  const platform = options.platform ?? 'weapp'
  const profile = options.profile ?? 'android'
  const quota = options.quotaBytes ?? 200 * 1024 * 1024
  let permission: SimPermission = platform === 'h5' ? 'granted' : (options.permission ?? 'never-asked')
  const paths = pathsOf(platform, profile)
  const files = new Map<string, number>(Object.entries(options.files ?? {}))
  const written: string[] = []
  const removed: string[] = []
  const album: string[] = []
  const previews: string[] = []
  const shared: Array<{ filePath: string; entrancePath?: string }> = []
  const userAgent = options.userAgent ?? DESKTOP_CHROME
  const calls: Array<{ method: SimMethod; args: unknown[] }> = []
  const held = new Set<SimMethod>()
  const waiters: Array<{ method: SimMethod; go: () => void }> = []
  let tempSeq = 0

  const tt = platform === 'tt'
  const alipay = platform === 'alipay'

  /** A raw failure as each host words it: Alipay `{ error, errorMessage }`, the others `{ errMsg, errno }` (Douyin: errNo). */
  function fail(api: string, tail: string, code?: number): object {
    if (alipay) return { error: code ?? 3, errorMessage: tail }
    const errMsg = `${api}:${tail.startsWith('fail') ? tail : `fail ${tail}`}`
    if (code === undefined) return { errMsg }
    return tt ? { errMsg, errNo: code } : { errMsg, errno: code }
  }

  /** The code of a full USER_DATA_PATH: Douyin's 21103, WeChat's 1300202 (and QQ's, JD's); Alipay gives none. */
  function storageFullCode(): number | undefined {
    if (tt) return 21103
    if (alipay) return undefined
    return 1300202
  }

  async function enter(method: SimMethod, args: unknown[]): Promise<void> {
    calls.push({ method, args })
    if (held.has(method)) await new Promise<void>((go) => waiters.push({ method, go }))
    // A save failure happens after the permission popup, as on a phone: saveImage injects it itself.
    if (method !== 'saveImage') injectedFailure(method)
  }

  function injectedFailure(method: SimMethod): void {
    const injected = options.fail?.[method]
    if (injected !== undefined) throw injected
  }

  function checkPrivacy(api: string): void {
    if (platform === 'h5' || !options.privacy || options.privacy === 'ok') return
    if (options.privacy === 'not-declared')
      throw fail(api, 'fail api scope is not declared in the privacy agreement', tt ? 10202 : 112)
    throw fail(api, 'fail privacy permission is not authorized', tt ? 10201 : 104)
  }

  function denial(api: string): unknown {
    if (alipay) return { error: 2002, errorMessage: '用户已拒绝授权，请在设置中开启' }
    if (tt)
      return api === 'saveImageToPhotosAlbum'
        ? { errMsg: `${api}:fail auth deny`, errorCode: 112090 }
        : { errMsg: `${api}:fail auth deny` }
    return { errMsg: `${api}:${WX_DENY[profile]}` }
  }

  /** The permission popup: the user's answer decides the state and the outcome. */
  function popup(api: string): void {
    const answer = options.answer ?? 'allow'
    if (answer === 'allow') {
      permission = 'granted'
      return
    }
    if (answer === 'deny') {
      permission = 'refused'
      if (alipay) throw { error: 2001, errorMessage: '用户不允许授权' }
      throw denial(api)
    }
    if (answer === 'cancel')
      throw alipay ? { error: 11, errorMessage: '用户取消操作' } : fail(api, 'fail cancel')
    // Dismissed without an answer: nothing is recorded, the next call asks again.
    throw alipay ? { error: 2001, errorMessage: '用户未响应授权' } : fail(api, 'fail authorize no response')
  }

  function ensureAlbum(api: string): void {
    checkPrivacy(api)
    if (permission === 'granted') return
    if (permission === 'refused') throw denial(api)
    popup(api)
  }

  const userBytes = () =>
    [...files].reduce((n, [p, size]) => (p.startsWith(paths.user + '/') ? n + size : n), 0)

  const sim: AlbumSim = {
    name: platform,
    userDataPath: paths.user,
    calls,
    ledger: {
      written,
      removed,
      album,
      previews,
      shared,
      files,
      leftovers: () => written.filter((p) => files.has(p)),
      foreignRemoved: () => removed.filter((p) => !written.includes(p)),
    },
    get permission() {
      return permission
    },
    setPermission(next) {
      permission = next
    },
    hold(method) {
      held.add(method)
    },
    async release(method) {
      for (const m of method ? [method] : [...held]) held.delete(m)
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (!method || waiters[i].method === method) waiters.splice(i, 1)[0].go()
      }
      for (let i = 0; i < 10; i++) await Promise.resolve()
    },
    waiting: (method) => waiters.filter((w) => !method || w.method === method).length,

    async getSetting() {
      await enter('getSetting', [])
      return { authSetting: authSetting(permission) }
    },
    async authorize(scope) {
      await enter('authorize', [scope])
      if (platform === 'h5' || alipay) return // no authorize step: the popup comes with the save itself
      if (scope !== ALBUM_SCOPE) throw fail('authorize', `fail invalid scope ${scope}`)
      ensureAlbum('authorize')
    },
    async openSetting() {
      await enter('openSetting', [])
      const answer = options.settingsAnswer ?? 'grant'
      if (answer === 'grant') permission = 'granted'
      else if (answer === 'deny') permission = 'refused'
      return { authSetting: authSetting(permission) }
    },
    async downloadFile(url) {
      await enter('downloadFile', [url])
      const entry = options.downloads?.[url]
      const spec: SimDownload = typeof entry === 'number' ? { status: entry } : (entry ?? {})
      if (spec.error !== undefined) throw spec.error
      const tempFilePath = `${paths.temp}${++tempSeq}.png`
      files.set(tempFilePath, (spec.bytes ?? PNG_1X1).length)
      written.push(tempFilePath)
      return { tempFilePath, statusCode: spec.status ?? 200 }
    },
    async writeFile(filePath, data) {
      await enter('writeFile', [filePath, data])
      if (!filePath.startsWith(paths.user + '/'))
        throw fail(
          'writeFile',
          `fail permission denied, open "${filePath}"`,
          alipay || tt ? undefined : 1300013,
        )
      // Base64 text (written with encoding 'base64') or an ArrayBuffer; anything else (a Uint8Array, a
      // number) is refused, as the hosts do ("data is invalid").
      let size: number
      if (typeof data === 'string') {
        if (/[^A-Za-z0-9+/=]/.test(data)) throw fail('writeFile', 'fail base64 data invalid')
        size = base64ByteLength(data)
      } else if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
        size = data.byteLength
      } else {
        throw fail('writeFile', 'fail data is invalid', tt ? 20000 : undefined)
      }
      if (userBytes() - (files.get(filePath) ?? 0) + size > quota) {
        throw fail(
          'writeFile',
          'fail the maximum size of the file storage limit is exceeded',
          storageFullCode(),
        )
      }
      files.set(filePath, size)
      written.push(filePath)
    },
    async removeFile(filePath) {
      await enter('removeFile', [filePath])
      if (!files.has(filePath))
        throw fail(
          'unlink',
          `fail no such file or directory "${filePath}"`,
          alipay || tt ? undefined : 1300002,
        )
      files.delete(filePath)
      removed.push(filePath)
    },
    async saveImage(filePath, mode) {
      await enter('saveImage', mode === undefined ? [filePath] : [filePath, mode])
      if (platform !== 'h5') ensureAlbum('saveImageToPhotosAlbum')
      injectedFailure('saveImage')
      if (!files.has(filePath) && !(platform === 'h5' && /^(blob|data):/.test(filePath))) {
        throw platform === 'h5'
          ? { errMsg: `saveImageToPhotosAlbum:fail not supported on h5: ${filePath} is no file of this page` }
          : fail('saveImageToPhotosAlbum', `fail file not found: ${filePath}`)
      }
      if (platform !== 'h5') {
        album.push(filePath)
        return
      }
      return browserSave(filePath, mode)
    },
  }

  /** What the H5 port does: a download (in `album`, the browser's stand-in), or a preview URL. */
  function browserSave(filePath: string, mode: BrowserSaveMode = 'auto'): BrowserSaveResult {
    let outcome: BrowserSaveResult['outcome'] = mode === 'download' ? 'downloaded' : 'preview'
    if (mode === 'auto') outcome = browserSaveOutcome(userAgent, options.maxTouchPoints ?? 0)
    if (outcome === 'preview') {
      previews.push(filePath)
      return { outcome, previewUrl: `blob:http://localhost/preview-${previews.length}` }
    }
    album.push(filePath)
    return { outcome }
  }
  if (platform === 'weapp' && options.shareMenu !== 'missing') {
    sim.showShareImageMenu = async (filePath, entrancePath) => {
      await enter('showShareImageMenu', entrancePath === undefined ? [filePath] : [filePath, entrancePath])
      injectedFailure('showShareImageMenu')
      if (!files.has(filePath)) throw fail('showShareImageMenu', `fail file not found: ${filePath}`)
      if (options.shareMenu === 'cancel') throw fail('showShareImageMenu', 'fail cancel')
      shared.push(entrancePath === undefined ? { filePath } : { filePath, entrancePath })
    }
  }
  if (platform !== 'h5') {
    sim.resolveCloudFile = async (fileID) => {
      await enter('resolveCloudFile', [fileID])
      const url = options.cloudFiles?.[fileID]
      if (!url) throw { errMsg: `cloud.getTempFileURL:fail file not exist: ${fileID}`, errCode: -503003 }
      return url
    }
  }
  return sim
}

/** The bytes base64 text stands for: three per four letters, less one per '=' of padding (two at most). */
function base64ByteLength(base64: string): number {
  const padding = base64.length - base64.replace(/={1,2}$/, '').length
  return Math.floor((base64.length * 3) / 4) - padding
}

function authSetting(permission: SimPermission): Record<string, boolean | undefined> {
  return permission === 'never-asked' ? {} : { [ALBUM_SCOPE]: permission === 'granted' }
}

function pathsOf(platform: SimPlatform, profile: SimProfile): { user: string; temp: string } {
  switch (platform) {
    case 'tt':
      return { user: 'ttfile://user', temp: 'ttfile://temp/' }
    case 'alipay':
      return { user: 'https://usr', temp: 'https://resource/apml' }
    case 'h5':
      return { user: 'memfile://minicode', temp: 'blob:http://localhost/' }
    case 'qq':
      return { user: 'qqfile://usr', temp: 'qqfile://tmp_' }
    case 'jd':
      return { user: 'jdfile://usr', temp: 'jdfile://tmp_' }
    default:
      return profile === 'devtools'
        ? { user: 'http://usr', temp: 'http://tmp/' }
        : { user: 'wxfile://usr', temp: 'wxfile://tmp_' }
  }
}
