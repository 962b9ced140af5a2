import type { BrowserSaveMode, SaveOutcome } from './browser-outcome'

/** The authSetting key of the album permission, as every port reports it (adapters translate theirs). */
export const ALBUM_SCOPE = 'scope.writePhotosAlbum'

/**
 * What `saveToAlbum` needs from a platform. `@minicode/taro`'s `createTaroPlatform()` builds one from
 * Taro's APIs per platform; tests drive `createAlbumSim()` from `@minicode/core/testing`.
 *
 * Every method rejects with the platform's raw error object (`{ errMsg, errno?, errNo? }`, or Alipay's
 * `{ error, errorMessage }`) — never a translated one: `classifyAlbumError` alone decides what it means.
 */
export interface AlbumPort {
  /** 'weapp' | 'tt' | 'alipay' | 'qq' | 'jd' | 'h5' | ... */
  name: string
  /** Where the app may write its own files (WeChat's `wx.env.USER_DATA_PATH`), no trailing slash. */
  userDataPath: string
  /** `authSetting[ALBUM_SCOPE]`: true granted, false refused before, undefined never asked. */
  getSetting(): Promise<{ authSetting: Record<string, boolean | undefined> }>
  /** Asks for a scope; shows the popup only when it was never asked. */
  authorize(scope: string): Promise<void>
  /** Opens the settings page. Only works inside a user tap handler. */
  openSetting(): Promise<{ authSetting: Record<string, boolean | undefined> }>
  /** Downloads to a platform temp file. Resolves for any HTTP status: the caller checks `statusCode`. */
  downloadFile(url: string): Promise<{ tempFilePath: string; statusCode: number }>
  /** Writes raw base64 (no `data:` prefix, no whitespace) as bytes (DESIGN.md's port contract). */
  writeFile(filePath: string, base64: string): Promise<void>
  removeFile(filePath: string): Promise<void>
  /**
   * Saves a local file to the album and resolves nothing ('saved'). A port with no album (H5) takes the
   * caller's `mode` and resolves what it did instead: 'downloaded', or 'preview' with a URL of the image
   * to show for a long-press. Ports written before outcomes existed (resolving nothing) stay valid.
   */
  saveImage(filePath: string, mode?: BrowserSaveMode): Promise<void | BrowserSaveResult>
  /** A temporary https URL for a cloud fileID (`cloud://…`). */
  resolveCloudFile?(fileID: string): Promise<string>
  /**
   * WeChat's share-image menu (`wx.showShareImageMenu`, base library 2.14.3+) for a local file: send to
   * a chat, save, favourite — no album permission needed. `entrancePath`: the mini-program page the
   * shared image links back to. Optional: a port without it (every port written before it) stays valid,
   * and `shareImage` rejects 'unsupported' there.
   */
  showShareImageMenu?(filePath: string, entrancePath?: string): Promise<void>
}

/** The step of the flow a platform error came from; it decides what an unrecognised error means. */
export type AlbumStage =
  'setting' | 'authorize' | 'download' | 'cloud' | 'write' | 'save' | 'remove' | 'share'

/** What a port with no album did with an image: a download, or an image to show (`previewUrl`). */
export interface BrowserSaveResult {
  outcome: Exclude<SaveOutcome, 'saved'>
  /** For 'preview': the image's URL (a blob: URL on H5), valid until the next preview on this port. */
  previewUrl?: string
}
