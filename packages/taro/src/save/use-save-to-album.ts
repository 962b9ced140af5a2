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
    let mounted = true
    let controller: AbortController | null = null
    const platform = () => hook.options.platform || getTaroPlatform()
    const stop = () => {
      if (controller) controller.abort()
      controller = null
    }
    const hook = {
      options,
      // The effect: mounted until its cleanup, which aborts a running save (StrictMode runs it twice).
      mount() {
        mounted = true
        return () => {
          mounted = false
          stop()
        }
      },

      async save(source: AlbumSource) {
        if (controller)
          throw new MiniCodeError(
            'busy',
            process.env.NODE_ENV !== 'production' ? 'A save is already running: wait for it to end.' : '',
          )
        const mine = (controller = new AbortController())
        // Only the current save of a mounted component may move the status.
        const report = (action: SaveAction) => mounted && controller === mine && dispatch(action)
        try {
          const result = await saveToAlbum(source, {
            platform: platform(),
            fileName: hook.options.fileName,
            signal: mine.signal,
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
          if (controller === mine) controller = null
        }
      },

      async openSettings() {
        return platform()
          .openSetting()
          .then(
            (res) => {
              const granted = (res.authSetting || {})[ALBUM_SCOPE] === true
              if (granted && mounted) dispatch({ type: 'granted' })
              return granted
            },
            (e: unknown) => {
              throw classifyAlbumError(e, 'setting')
            },
          )
      },

      reset() {
        stop()
        dispatch({ type: 'reset' })
      },
    }
    return hook
  })
  hook.options = options
  useEffect(() => hook.mount(), [hook])

  return {
    save: hook.save,
    status: state.status,
    error: state.error,
    openSettings: hook.openSettings,
    reset: hook.reset,
  }
}
