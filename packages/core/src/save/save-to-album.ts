import { bytesToBase64 } from '../base64'
import { MiniCodeError } from '../errors'
import { ALBUM_SCOPE, type AlbumPort, type AlbumStage } from './album-port'
import { classifyAlbumError } from './classify-album-error'
import { classifySource, type AlbumSource, type ClassifiedSource } from './classify-source'

/** The steps a save reports while it runs. */
export type SaveProgress = 'authorizing' | 'preparing' | 'saving'

export interface SaveToAlbumOptions {
  /** The platform: `createTaroPlatform()` in an app, `createAlbumSim()` in tests. */
  platform: AlbumPort
  /** Base name of the file written for bytes / base64 / data URLs (default 'minicode'); a unique suffix is added. */
  fileName?: string
  /** Aborting rejects with 'cancelled' at once; a file the flow wrote is still removed. */
  signal?: AbortSignal
  /** Called as the save moves on: 'authorizing' (permission), 'preparing' (the file), 'saving' (the album). */
  onStatus?: (status: SaveProgress) => void
}

// One save per platform at a time: two permission popups or two album writes at once only confuse.
const running = new WeakSet<AlbumPort>()
let sequence = 0
// How long a settled save waits for its temp file to be removed before answering anyway.
const CLEANUP_WAIT_MS = 2000

/**
 * Saves an image to the phone album, the whole way: sort the source (before any permission is asked),
 * check the permission (never asked → authorize; refused before → 'auth_denied' at once, no pointless
 * popup), get a local file (download with status check / write bytes under USER_DATA_PATH), save it, and
 * remove the file the flow wrote — after success and after failure; a file it did not write is never
 * touched.
 *
 * Rejects with a MiniCodeError: 'invalid_source', 'busy' (a save on this platform is running),
 * 'auth_denied', 'privacy_not_declared', 'privacy_refused', 'cancelled', 'download_failed' (with
 * `status`), 'write_failed', 'storage_full', 'unsupported' or 'save_failed' (raw error as `cause`).
 *
 * @example
 * const { filePath } = await saveToAlbum('https://cdn.example.com/poster.png', { platform: createTaroPlatform() })
 */
export async function saveToAlbum(source: AlbumSource, options: SaveToAlbumOptions): Promise<{ filePath: string }> {
  const platform = options?.platform
  if (!platform || typeof platform.saveImage !== 'function') {
    throw new MiniCodeError('invalid_request', 'saveToAlbum needs { platform }: createTaroPlatform() in an app, createAlbumSim() in tests.', { field: 'platform' })
  }
  const plan = classifySource(source, platform.userDataPath)
  const { signal, onStatus } = options
  if (signal?.aborted) throw aborted(signal)
  if (running.has(platform)) {
    throw new MiniCodeError('busy', 'A save to the album is already running: wait for it to finish.')
  }
  running.add(platform)
  const flow = new Flow(platform, signal)
  try {
    onStatus?.('authorizing')
    await flow.ensurePermission()
    onStatus?.('preparing')
    const filePath = await flow.prepare(plan, options.fileName)
    onStatus?.('saving')
    await flow.step('save', () => platform.saveImage(filePath))
    return { filePath }
  } finally {
    running.delete(platform)
    await flow.cleanUp()
  }
}

/** One run of the flow: its platform calls, raced against the signal, and the files it owns. */
class Flow {
  private readonly owned = new Set<string>()
  // The platform call still running (an abort does not stop it): cleanup waits for it.
  private inFlight: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly platform: AlbumPort,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async ensurePermission(): Promise<void> {
    const { authSetting } = await this.step('setting', () => this.platform.getSetting())
    const granted = authSetting?.[ALBUM_SCOPE]
    if (granted === true) return
    if (granted === false) {
      // Refused before: authorize would fail at once without a popup. Only the settings page helps.
      throw new MiniCodeError(
        'auth_denied',
        'Saving to the album was refused before. Ask the user to turn "保存到相册" on in the settings page: <OpenSettingButton> or openSettings() from a tap.',
      )
    }
    await this.step('authorize', () => this.platform.authorize(ALBUM_SCOPE))
  }

  async prepare(plan: ClassifiedSource, fileName?: string): Promise<string> {
    switch (plan.kind) {
      case 'local':
        return plan.filePath
      case 'bytes':
        return this.write(plan.bytes, plan.ext, fileName)
      case 'cloud': {
        const resolve = this.platform.resolveCloudFile?.bind(this.platform)
        if (!resolve) {
          throw new MiniCodeError('unsupported', `Cloud fileIDs can't be resolved on ${this.platform.name}: pass the file's https URL instead.`)
        }
        const url = await this.step('cloud', () => resolve(plan.fileID))
        return this.download(url)
      }
      case 'url':
        return this.download(plan.url)
    }
  }

  private async download(url: string): Promise<string> {
    const own = (res: { tempFilePath?: string } | undefined) => {
      if (res?.tempFilePath) this.owned.add(res.tempFilePath)
    }
    const res = await this.step('download', () => this.platform.downloadFile(url), own)
    own(res)
    const status = res?.statusCode
    if (typeof status === 'number' && (status < 200 || status > 299)) {
      throw new MiniCodeError('download_failed', `Downloading the image answered HTTP ${status}: check the URL (${url.slice(0, 120)}).`, {
        status,
        retryable: status >= 500 || status === 429 || status === 408,
      })
    }
    if (!res?.tempFilePath) throw new MiniCodeError('download_failed', 'The download finished without a file.')
    return res.tempFilePath
  }

  private async write(bytes: Uint8Array, ext: string, fileName?: string): Promise<string> {
    const base = (fileName ?? 'minicode').replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 64) || 'minicode'
    const unique = `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 6)}`
    const filePath = `${this.platform.userDataPath.replace(/\/+$/, '')}/${base}-${unique}.${ext}`
    const data = bytesToBase64(bytes)
    await this.step('write', () => this.platform.writeFile(filePath, data), () => this.owned.add(filePath))
    this.owned.add(filePath)
    return filePath
  }

  /**
   * Runs one platform call: its raw failure classified for `stage`, an abort answered at once.
   * `onLate` sees a result that arrives after an abort, so a late file is still cleaned up.
   */
  step<T>(stage: AlbumStage, call: () => Promise<T>, onLate?: (value: T) => void): Promise<T> {
    const signal = this.signal
    if (signal?.aborted) return Promise.reject(aborted(signal))
    const pending = Promise.resolve().then(call)
    this.inFlight = pending.catch(() => undefined)
    if (!signal) return pending.catch((e: unknown) => Promise.reject(classifyAlbumError(e, stage)))
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(aborted(signal))
        pending.then((value) => onLate?.(value), () => undefined)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      pending.then(
        (value) => {
          signal.removeEventListener('abort', onAbort)
          resolve(value)
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort)
          reject(classifyAlbumError(e, stage))
        },
      )
    })
  }

  /** Removes the files this flow wrote, once the platform is done with them; never blocks for long. */
  async cleanUp(): Promise<void> {
    const removeAll = async () => {
      await this.inFlight
      const paths = [...this.owned]
      this.owned.clear()
      await Promise.all(paths.map((p) => Promise.resolve().then(() => this.platform.removeFile(p)).catch(() => undefined)))
    }
    const done = removeAll()
    if (this.signal?.aborted) {
      // The aborted call may still be running: remove its file when it ends, without making the caller wait.
      // A file it produces after that is removed through `onLate`.
      void done.then(() => this.lateCleanUp())
      return
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLEANUP_WAIT_MS)))])
    clearTimeout(timer)
  }

  private lateCleanUp(): void {
    // Files reported by onLate after cleanUp ran.
    this.owned.forEach((p) => {
      this.owned.delete(p)
      Promise.resolve().then(() => this.platform.removeFile(p)).catch(() => undefined)
    })
  }
}

function aborted(signal: AbortSignal): MiniCodeError {
  return new MiniCodeError('cancelled', 'The save was aborted.', { cause: signal.reason })
}
