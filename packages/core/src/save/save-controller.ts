import { ALBUM_SCOPE, type AlbumPort } from './album-port'
import { classifyAlbumError } from './classify-album-error'
import type { AlbumSource } from './classify-source'
import { initialSaveState, saveStateReducer, type SaveAction, type SaveState } from './save-state'
import type { BrowserSaveMode } from './browser-outcome'
import { busySave, saveToAlbum, type SaveResult } from './save-to-album'

export interface SaveControllerOptions {
  /** The platform to save on, or a function that gives it; read when each save starts. */
  platform: AlbumPort | (() => AlbumPort)
  /** Base name of the file written for bytes / base64 / data URLs (a unique suffix is added). */
  fileName?: string
  /** Where there is no album (H5): 'auto' (default), 'download' or 'preview' (see `saveToAlbum`). */
  outcome?: BrowserSaveMode
}

/**
 * One save button's state (the core half of `useSaveToAlbum`): runs `saveToAlbum` with its status
 * for a UI, through `saveStateReducer`. Framework-free: `subscribe` / `getSnapshot` plug straight
 * into React's useSyncExternalStore.
 *
 * - One save at a time per controller: a second `save` while one runs rejects 'busy' and changes nothing.
 * - Only the current save moves the state: `reset()` aborts it, and its late result is dropped.
 * - When the last subscriber leaves (a component unmounting), the running save is aborted the same way;
 *   the flow still removes the file it wrote.
 *
 * @example
 * const saver = new SaveController({ platform: createAlbumSim({ permission: 'granted' }) })
 * saver.subscribe(() => console.log(saver.getSnapshot().status))
 * await saver.save(dataUrl) // authorizing, preparing, saving, saved
 */
export class SaveController {
  private state: SaveState = initialSaveState
  private readonly listeners = new Set<() => void>()
  /** Aborts the running save; null when none runs. */
  private running: AbortController | null = null

  constructor(private options: SaveControllerOptions) {}

  /** The latest options; a running save keeps the ones it started with. */
  setOptions(options: SaveControllerOptions): void {
    this.options = options
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.stop()
    }
  }

  getSnapshot = (): SaveState => this.state

  /**
   * Saves an image (URL, data URL, base64, bytes, local path, cloud fileID) and resolves the file that
   * was saved with its outcome ('saved', 'downloaded', 'preview' + previewUrl). Rejects with a MiniCodeError; 'busy' while a save runs (this controller's, or
   * another on the same platform), which leaves the state as it was.
   */
  save = async (source: AlbumSource): Promise<SaveResult> => {
    if (this.running) throw busySave()
    const mine = new AbortController()
    this.running = mine
    // Only the current save may move the state: a reset or an unmount makes this one stale.
    const report = (action: SaveAction): void => {
      if (this.running === mine) this.dispatch(action)
    }
    try {
      const result = await saveToAlbum(source, {
        platform: this.platform(),
        fileName: this.options.fileName,
        outcome: this.options.outcome,
        signal: mine.signal,
        onStatus: (status) => report({ type: 'progress', status }),
      })
      report({ type: 'success', ...result })
      return result
    } catch (e) {
      const error = classifyAlbumError(e)
      // 'busy': a save of another controller on this platform runs; this one's state stays as it was.
      if (error.code !== 'busy') report({ type: 'failure', error })
      throw error
    } finally {
      if (this.running === mine) this.running = null
    }
  }

  /**
   * Opens the settings page and resolves whether saving to the album is now allowed; if it is, a
   * 'denied' state goes back to 'idle'. WeChat opens the page only from a tap handler.
   */
  openSettings = async (): Promise<boolean> => {
    const platform = this.platform()
    let answer: Awaited<ReturnType<AlbumPort['openSetting']>>
    try {
      answer = await platform.openSetting()
    } catch (e) {
      throw classifyAlbumError(e, 'setting')
    }
    const granted = answer.authSetting?.[ALBUM_SCOPE] === true
    if (granted) this.dispatch({ type: 'granted' })
    return granted
  }

  /** Back to 'idle'; a running save is aborted (its file is still removed) and its result dropped. */
  reset = (): void => {
    this.stop()
    this.dispatch({ type: 'reset' })
  }

  private platform(): AlbumPort {
    const { platform } = this.options
    return typeof platform === 'function' ? platform() : platform
  }

  private stop(): void {
    this.running?.abort()
    this.running = null
  }

  private dispatch(action: SaveAction): void {
    const next = saveStateReducer(this.state, action)
    if (next === this.state) return
    this.state = next
    this.listeners.forEach((listener) => listener())
  }
}
