import { MiniCodeError, isMiniCodeError } from '../errors'
import type { AlbumStage } from './album-port'

/** The parts of a raw platform error that mean something, whatever platform it came from. */
export interface RawAlbumError {
  /** errMsg (wx/tt/qq/jd), errorMessage (Alipay) or an Error's message. */
  message: string
  /** errno (WeChat), errNo (Douyin), error (Alipay), errCode / errorCode (older bases). */
  code?: number
}

/** Reads a raw error object (or string, or Error) without trusting its shape. */
export function readRawAlbumError(raw: unknown): RawAlbumError {
  if (typeof raw === 'string') return { message: raw }
  if (typeof raw !== 'object' || raw === null) return { message: raw === undefined ? '' : String(raw) }
  const r = raw as Record<string, unknown>
  const text = [r.errMsg, r.errorMessage, r.message].find((v) => typeof v === 'string')
  const code = [r.errno, r.errNo, r.error, r.errCode, r.errorCode].map(Number).find((n) => Number.isInteger(n) && n !== 0)
  return code === undefined ? { message: (text as string) ?? '' } : { message: (text as string) ?? '', code }
}

// WeChat errno 112 / Douyin errNo 10202: the scope is missing from the privacy agreement.
const NOT_DECLARED_CODES = new Set([112, 10202])
// WeChat errno 104 / Douyin errNo 10201: the user refused the privacy agreement popup.
const PRIVACY_REFUSED_CODES = new Set([104, 10201])
// WeChat 1300202 storage full; Douyin 21103/21104 storage; Alipay 16 album storage full.
const STORAGE_CODES = new Set([1300202, 21103, 21104, 16])
// Alipay 2001 refused, 2002 refused before, 2003 refused "don't ask again", 15 album permission off;
// Douyin 112090 "auth deny", 112089 system-level deny.
const DENY_CODES = new Set([2001, 2002, 2003, 15, 112090, 112089])
// Alipay 11: the user cancelled.
const CANCEL_CODES = new Set([11])

const NOT_DECLARED = /not declared in the privacy agreement|privacy agreement.*not declared/i
const PRIVACY_REFUSED = /privacy permission is not authorized|privacy (agreement|authorization) (refused|denied)/i
const CANCEL = /fail[:\s]+(user\s+)?cancel|\bcancel(l?ed)?\b|用户取消/i
const STORAGE =
  /storage limit|maximum size of the file storage|exceed(ed|s)? .*(storage|size|quota)|no space|not enough space|insufficient (storage|space)|disk (is )?full|ENOSPC|storage (is )?full|空间不足|存储空间/i
const DENY =
  /auth(orize)? den(y|ied)|authorize no response|permission denied|system (auth|permission)|not authori[sz]ed|no permission|unauthori[sz]ed|access denied|user (denied|refused|reject)|拒绝|未授权|没有.{0,6}权限|无.{0,4}权限/i
const UNSUPPORTED = /not support|unsupported|temporarily not|暂不支持|不支持/i
const NOT_IN_DOMAIN_LIST = /domain list|合法域名/i

/**
 * Turns a raw platform error from one step of the save flow into a MiniCodeError. The one place that
 * knows every device's wording:
 *
 * | code | from |
 * |---|---|
 * | 'privacy_not_declared' | errno 112, Douyin errNo 10202, "api scope is not declared in the privacy agreement" |
 * | 'privacy_refused' | errno 104, Douyin errNo 10201, "privacy permission is not authorized" |
 * | 'cancelled' | "fail cancel", Alipay error 11 |
 * | 'storage_full' | errno 1300202, Douyin 21103/21104, "the maximum size of the file storage limit is exceeded" |
 * | 'auth_denied' | "fail auth deny" (DevTools, iOS), "fail:auth denied" (Android), "fail authorize no response" (iOS), "fail:system permission denied" (WeCom), Douyin 112090/112089 "fail auth deny"/"fail system auth deny", Alipay 2001/2002/2003/15 |
 * | 'download_failed' | anything else from downloading or resolving a cloud file |
 * | 'write_failed' | anything else from writing the file |
 * | 'unsupported' | "not supported" wordings (H5 and hosts lacking the API) |
 * | 'save_failed' | anything else; the raw error is the `cause`, its errMsg in the message |
 *
 * A MiniCodeError passes through unchanged.
 */
export function classifyAlbumError(raw: unknown, stage: AlbumStage = 'save'): MiniCodeError {
  if (isMiniCodeError(raw)) return raw
  const { message, code } = readRawAlbumError(raw)
  const opts = { cause: raw, ...(code !== undefined ? { errno: code } : {}) }
  const said = message ? ` (platform said: ${message})` : code !== undefined ? ` (platform code ${code})` : ''

  if ((code !== undefined && NOT_DECLARED_CODES.has(code)) || NOT_DECLARED.test(message)) {
    return new MiniCodeError(
      'privacy_not_declared',
      'Saving to the album is blocked because the album scope is not declared in the privacy agreement. Developer: in the mini-program admin (mp.weixin.qq.com → 设置 → 服务内容声明 → 用户隐私保护指引) declare the album permission "相册（仅写入）权限" (scope.writePhotosAlbum) and publish it; on Douyin add the album to the privacy agreement in the developer console.' +
        said,
      opts,
    )
  }
  if ((code !== undefined && PRIVACY_REFUSED_CODES.has(code)) || PRIVACY_REFUSED.test(message)) {
    return new MiniCodeError(
      'privacy_refused',
      `The user did not agree to the privacy agreement, so the album can't be used. Saving again shows the privacy prompt again.${said}`,
      opts,
    )
  }
  if ((code !== undefined && CANCEL_CODES.has(code)) || CANCEL.test(message)) {
    return new MiniCodeError('cancelled', `The user cancelled saving to the album.${said}`, opts)
  }
  if ((code !== undefined && STORAGE_CODES.has(code)) || STORAGE.test(message)) {
    return new MiniCodeError(
      'storage_full',
      `There is no room left to store the image: free space on the phone (or the mini-program's files, about 200 MB at most) and try again.${said}`,
      opts,
    )
  }
  // A file system "permission denied" (writing outside USER_DATA_PATH) is no album denial.
  const albumStep = stage === 'setting' || stage === 'authorize' || stage === 'save'
  if (albumStep && ((code !== undefined && DENY_CODES.has(code)) || DENY.test(message))) {
    return new MiniCodeError(
      'auth_denied',
      `Permission to save to the album was denied. Ask the user to turn it on in the settings page (from a tap: <OpenSettingButton> or openSettings()).${said}`,
      opts,
    )
  }
  if (stage === 'download' || stage === 'cloud') {
    const hint = NOT_IN_DOMAIN_LIST.test(message)
      ? ' Add the image host to the downloadFile allow-list (合法域名) in the mini-program admin.'
      : ' Check the URL and the network, then try again.'
    return new MiniCodeError('download_failed', `Downloading the image failed.${hint}${said}`, opts)
  }
  if (UNSUPPORTED.test(message)) {
    return new MiniCodeError('unsupported', `Saving to the album is not supported here.${said}`, opts)
  }
  if (stage === 'write') {
    return new MiniCodeError('write_failed', `Writing the image to a local file failed.${said}`, opts)
  }
  return new MiniCodeError('save_failed', `Saving the image to the album failed${message ? `: ${message}` : '.'}`, opts)
}
