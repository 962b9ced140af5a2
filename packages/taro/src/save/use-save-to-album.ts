import { useState, useSyncExternalStore } from 'react'
import { SaveController } from '@minicode/core'
import type {
  AlbumPort,
  AlbumSource,
  BrowserSaveMode,
  MiniCodeError,
  SaveResult,
  SaveStatus,
} from '@minicode/core'
import { getTaroPlatform } from '../platform/create-taro-platform'

export interface UseSaveToAlbumOptions {
  /** Default: the port of the current Taro platform (`process.env.TARO_ENV`). Tests pass `createAlbumSim()`. */
  platform?: AlbumPort
  /** Base name of the file written for bytes / base64 / data URLs (a unique suffix is added). */
  fileName?: string
  /** On H5: 'auto' (default: download on a desktop, preview in phone and in-app browsers), 'download' or 'preview'. */
  outcome?: BrowserSaveMode
}

export interface UseSaveToAlbumResult {
  /** Saves an image (URL, data URL, base64, bytes, local path, cloud fileID). Rejects with a MiniCodeError; 'busy' while one runs. */
  save(source: AlbumSource): Promise<SaveResult>
  /** Ends as 'saved' (album), 'downloaded' (a desktop download) or 'preview' (show `previewUrl`). */
  status: SaveStatus
  /** For 'preview': the image to show with `<SavePreview>` for a long-press. */
  previewUrl: string | null
  error: MiniCodeError | null
  /**
   * Opens the settings page and resolves whether saving to the album is now allowed.
   * Works only when called from a tap handler (WeChat ignores it otherwise): call it in `onClick`,
   * or render `<OpenSettingButton>` for the 'denied' state.
   */
  openSettings(): Promise<boolean>
  /** Back to 'idle'; a running save is aborted (its file is still removed). */
  reset(): void
}

/**
 * Save to album as a hook: the permission → file → album sequence of `saveToAlbum`, with its status
 * for the UI. 'denied' means the album permission is refused: offer `<OpenSettingButton>`; 'preview'
 * (H5 in a phone or in-app browser) means show `<SavePreview src={previewUrl}>`; 'downloaded' is no album.
 * Unmounting aborts a running save without touching state; the flow still removes its file.
 * The work is core's `SaveController`; this hook creates one and subscribes to it.
 *
 * @example
 * const album = useSaveToAlbum()
 * <Button onClick={() => album.save(posterUrl).catch(() => {})}>保存到相册</Button>
 */
export function useSaveToAlbum(options: UseSaveToAlbumOptions = {}): UseSaveToAlbumResult {
  const [controller] = useState(() => new SaveController({ platform: getTaroPlatform }))
  // The latest options, read when a save starts; the app's platform is made only when first needed.
  controller.setOptions({
    platform: options.platform ?? getTaroPlatform,
    fileName: options.fileName,
    outcome: options.outcome,
  })
  // Subscribing is mounting: when the component unmounts, the controller aborts a running save.
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)
  return {
    save: controller.save,
    status: state.status,
    error: state.error,
    previewUrl: state.previewUrl,
    openSettings: controller.openSettings,
    reset: controller.reset,
  }
}
