import { useEffect, useReducer, useState } from 'react'
import {
  ALBUM_SCOPE,
  MiniCodeError,
  classifyAlbumError,
  initialSaveState,
  saveStateReducer,
  saveToAlbum,
  type AlbumPort,
  type AlbumSource,
  type SaveAction,
  type SaveStatus,
} from '@minicode/core'
import { getTaroPlatform } from '../platform/create-taro-platform'

export interface UseSaveToAlbumOptions {
  /** Default: the port of the current Taro platform (`process.env.TARO_ENV`). Tests pass `createAlbumSim()`. */
  platform?: AlbumPort
  /** Base name of the file written for bytes / base64 / data URLs (a unique suffix is added). */
  fileName?: string
}

export interface UseSaveToAlbumResult {
  /** Saves an image (URL, data URL, base64, bytes, local path, cloud fileID). Rejects with a MiniCodeError; 'busy' while one runs. */
  save(source: AlbumSource): Promise<{ filePath: string }>
  status: SaveStatus
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
 * for the UI. 'denied' means the album permission is refused: offer `<OpenSettingButton>`.
 * Unmounting aborts a running save without touching state; the flow still removes its file.
 *
 * @example
 * const album = useSaveToAlbum()
 * <Button onClick={() => album.save(posterUrl).catch(() => {})}>保存到相册</Button>
 */
export function useSaveToAlbum(options: UseSaveToAlbumOptions = {}): UseSaveToAlbumResult {
  const [state, dispatch] = useReducer(saveStateReducer, initialSaveState)
  // Made once: the latest options, whether mounted, the running save's controller, and stable actions.
  const [hook] = useState(() => {
    const self = {
      options,
      mounted: true,
      controller: null as AbortController | null,
      platform: () => self.options.platform || getTaroPlatform(),
      stop() {
        if (self.controller) self.controller.abort()
        self.controller = null
      },

      async save(source: AlbumSource) {
        if (self.controller)
          throw new MiniCodeError(
            'busy',
            process.env.NODE_ENV !== 'production' ? 'A save is already running: wait for it to end.' : '',
          )
        const controller = (self.controller = new AbortController())
        // Only the current save of a mounted component may move the status.
        const report = (action: SaveAction) =>
          self.mounted && self.controller === controller && dispatch(action)
        try {
          const result = await saveToAlbum(source, {
            platform: self.platform(),
            fileName: self.options.fileName,
            signal: controller.signal,
            onStatus: (status) => report({ type: 'progress', status }),
          })
          report({ type: 'success', filePath: result.filePath })
          return result
        } catch (e) {
          const error = classifyAlbumError(e)
          // 'busy': another save (another hook on the same platform) runs; this one's state stays as it was.
          if (error.code != 'busy') report({ type: 'failure', error })
          throw error
        } finally {
          if (self.controller === controller) self.controller = null
        }
      },

      async openSettings() {
        const granted = await self
          .platform()
          .openSetting()
          .then(
            (res) => (res.authSetting || {})[ALBUM_SCOPE] === true,
            (e: unknown) => {
              throw classifyAlbumError(e, 'setting')
            },
          )
        if (granted && self.mounted) dispatch({ type: 'granted' })
        return granted
      },

      reset() {
        self.stop()
        dispatch({ type: 'reset' })
      },
    }
    return self
  })
  hook.options = options

  useEffect(() => {
    hook.mounted = true
    return () => {
      hook.mounted = false
      hook.stop()
    }
  }, [hook])

  return {
    save: hook.save,
    status: state.status,
    error: state.error,
    openSettings: hook.openSettings,
    reset: hook.reset,
  }
}
