import { MiniCodeError, isMiniCodeError, type MiniCodeErrorCode } from '../errors'
import type { AlbumStage } from './album-port'

/** The parts of a raw platform error that mean something, whatever platform it came from. */
export interface RawAlbumError {
  /** errMsg (wx/tt/qq/jd), errorMessage (Alipay) or an Error's message. */
  message: string
  /** errno (WeChat), errNo (Douyin), error (Alipay), errCode / errorCode. */
  code?: number
}

/** Reads a raw error object (or string, or Error) without trusting its shape. */
export function readRawAlbumError(raw: unknown): RawAlbumError {
  const r = Object(raw) as Record<string, unknown>
  const text = [r.errMsg, r.errorMessage, r.message, raw].find((v) => typeof v === 'string') as
    string | undefined
  return {
    message: text || '',
    code: [r.errno, r.errNo, r.error, r.errCode, r.errorCode]
      .map(Number)
      .find((n) => n !== 0 && Number.isInteger(n)),
  }
}

// Each rule: the codes (WeChat errno, Douyin errNo, Alipay error) and the wordings that mean it.
// Order matters: privacy before denial ("privacy permission is not authorized" is no album denial).
const RULES: Array<[MiniCodeErrorCode, number[], RegExp]> = [
  ['privacy_not_declared', [112, 10202], /not declared in the privacy agreement/i],
  ['privacy_refused', [104, 10201], /privacy permission is not authorized/i],
  ['cancelled', [11], /fail[:\s]+cancel|\bcancel(l?ed)?\b|用户取消/i],
  [
    'storage_full',
    [1300202, 21103, 21104, 16],
    /storage limit|maximum size of the file storage|no (space|room)|not enough space|insufficient|disk full|ENOSPC|空间不足/i,
  ],
  [
    'auth_denied',
    // Alipay 2001/2002/2003 refused, 15 album off; Douyin 112090 "auth deny", 112089 system-level.
    [2001, 2002, 2003, 15, 112090, 112089],
    /auth(orize)? den(y|ied)|authorize no response|permission denied|not authori[sz]ed|no permission|拒绝|未授权|没有.{0,6}权限/i,
  ],
]

// What to do about each failure, for people; production builds keep the platform's own errMsg only.
const ADVICE: Partial<Record<MiniCodeErrorCode, string>> = {
  privacy_not_declared:
    'Developer: declare the album (scope.writePhotosAlbum) in the privacy agreement, mp.weixin.qq.com 用户隐私保护指引.',
  privacy_refused: 'The user refused the privacy agreement; saving again asks again.',
  cancelled: 'The user cancelled.',
  storage_full: 'Storage full: free space (a mini-program keeps up to 200 MB) and retry.',
  auth_denied:
    'Album permission denied: let the user turn it on with <OpenSettingButton> (or openSettings() in a tap).',
  download_failed: 'Download failed: check the URL, the network and the downloadFile allow-list.',
  unsupported: 'Not supported on this platform.',
  write_failed: 'Writing the file failed.',
  save_failed: 'Saving to the album failed.',
}

/** @internal The message of a failure of the save flow: the advice (development builds), then what the platform said. */
export function albumMessage(code: MiniCodeErrorCode, said = ''): string {
  const advice = __DEV__ ? ADVICE[code] : undefined
  if (!advice) return said
  return said ? `${advice} (${said})` : advice
}

/**
 * Turns a raw platform error from one step of the save flow into a MiniCodeError — the one place that
 * knows every device's wording:
 * - 'privacy_not_declared': errno 112, Douyin errNo 10202, "api scope is not declared in the privacy agreement"
 * - 'privacy_refused': errno 104, Douyin errNo 10201, "privacy permission is not authorized"
 * - 'cancelled': "fail cancel", Alipay error 11
 * - 'storage_full': errno 1300202, Douyin 21103/21104, "the maximum size of the file storage limit is exceeded"
 * - 'auth_denied' (permission steps only): "fail auth deny" (DevTools, iOS), "fail:auth denied" (Android),
 *   "fail authorize no response" (iOS), "fail:system permission denied" (WeCom), Douyin 112090/112089,
 *   Alipay 2001/2002/2003/15
 * - 'download_failed' from downloading or resolving a cloud file; 'write_failed' from writing the file;
 *   'unsupported' for "not supported"; else 'save_failed'.
 * The raw error is always the `cause`, its text in the message, its code as `errno`.
 * A MiniCodeError passes through unchanged.
 */
export function classifyAlbumError(raw: unknown, stage: AlbumStage = 'save'): MiniCodeError {
  if (isMiniCodeError(raw)) return raw
  const { message, code } = readRawAlbumError(raw)
  const make = (c: MiniCodeErrorCode) =>
    new MiniCodeError(c, albumMessage(c, message), { cause: raw, errno: code })
  for (const [c, codes, words] of RULES) {
    // A file system "permission denied" (writing outside USER_DATA_PATH) is no album denial.
    if (c === 'auth_denied' && !isAlbumStep(stage)) continue
    if ((code !== undefined && codes.includes(code)) || words.test(message)) return make(c)
  }
  if (stage === 'download' || stage === 'cloud') return make('download_failed')
  if (/not support|unsupported|不支持/i.test(message)) return make('unsupported')
  return make(stage === 'write' ? 'write_failed' : 'save_failed')
}

/** The steps that ask for or use the album permission, where a denial is the album's. */
function isAlbumStep(stage: AlbumStage): boolean {
  return stage === 'setting' || stage === 'authorize' || stage === 'save'
}
