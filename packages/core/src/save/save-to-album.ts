import { encodeBase64 } from '../encoding/base64'
import { MiniCodeError } from '../errors'
import { ALBUM_SCOPE, type AlbumPort, type AlbumStage } from './album-port'
import { albumMessage, classifyAlbumError } from './classify-album-error'
import { classifySource, type AlbumSource } from './classify-source'

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

/**
 * Saves an image to the phone album, the whole way: sort the source (before any permission is asked),
 * check the permission (never asked → authorize; refused before → 'auth_denied' at once, no pointless
 * popup), get a local file (download with a status check / write the bytes under USER_DATA_PATH), save
 * it, and remove the file the flow wrote — after success and after failure. A file it did not write is
 * never touched. Every path settles.
 *
 * Rejects with a MiniCodeError: 'invalid_source', 'busy' (a save on this platform is running),
 * 'auth_denied', 'privacy_not_declared', 'privacy_refused', 'cancelled', 'download_failed' (with
 * `status`), 'write_failed', 'storage_full', 'unsupported' or 'save_failed' (raw error as `cause`).
 *
 * @example
 * const { filePath } = await saveToAlbum('https://cdn.example.com/poster.png', { platform: createTaroPlatform() })
 */
export async function saveToAlbum(
  source: AlbumSource,
  options: SaveToAlbumOptions,
): Promise<{ filePath: string }> {
  const { platform, signal, onStatus = () => 0, fileName } = options || ({} as SaveToAlbumOptions)
  const isAborted = () => !!signal && signal.aborted
  if (!platform)
    throw new MiniCodeError(
      'invalid_request',
      process.env.NODE_ENV !== 'production' ? 'saveToAlbum needs { platform }.' : '',
      { field: 'platform' },
    )
  const plan = classifySource(source, platform.userDataPath)
  if (isAborted()) throw aborted(signal!)
  if (running.has(platform)) throw busy()
  running.add(platform)

  // Files this save wrote or downloaded: removed at the end, and never any other.
  const owned: string[] = []
  // The platform call still running (an abort does not stop it): the cleanup waits for it, so a file
  // that shows up after an abort is still removed.
  let inFlight: Promise<unknown> = Promise.resolve()
  // One listener for the whole save: an abort rejects the step that runs, at once (and, once aborted,
  // every later step before its call starts).
  let onAbort!: () => void
  const abortion = new Promise<never>((_, reject) => (onAbort = () => reject(aborted(signal!))))
  abortion.catch(() => 0)
  if (signal) signal.addEventListener('abort', onAbort)

  /** One platform call: a path it yields is `owned` (even after an abort); its raw failure classified for `stage`. */
  const step = <T>(stage: AlbumStage, call: () => Promise<T>, path?: (value: T) => string | undefined) =>
    isAborted()
      ? abortion
      : Promise.race([
          abortion,
          ((inFlight = Promise.resolve().then(call)) as Promise<T>).then(
            (value) => {
              const p = path && path(value)
              if (p) owned.push(p)
              return value
            },
            (e: unknown) => {
              throw classifyAlbumError(e, stage)
            },
          ),
        ])

  const download = async (url: string) => {
    const { tempFilePath, statusCode: status } =
      (await step('download', () => platform.downloadFile(url), (r) => (r || {}).tempFilePath)) ||
      ({} as { tempFilePath?: string; statusCode?: number })
    if (status! < 200 || status! > 299 || !tempFilePath) {
      throw new MiniCodeError(
        'download_failed',
        process.env.NODE_ENV !== 'production' ? `Download answered HTTP ${status}: check the URL.` : '',
        { status, retryable: status! > 499 },
      )
    }
    return tempFilePath
  }

  try {
    onStatus('authorizing')
    const granted = ((await step('setting', () => platform.getSetting())).authSetting || {})[ALBUM_SCOPE]
    // Refused before: authorize would fail at once without a popup. Only the settings page helps.
    if (granted === false) throw new MiniCodeError('auth_denied', albumMessage('auth_denied'))
    if (granted !== true) await step('authorize', () => platform.authorize(ALBUM_SCOPE))

    onStatus('preparing')
    let filePath: string
    if (plan.kind === 'local') filePath = plan.filePath
    else if (plan.kind === 'url') filePath = await download(plan.url)
    else if (plan.kind === 'cloud') {
      const resolve = platform.resolveCloudFile
      if (!resolve)
        throw new MiniCodeError(
          'unsupported',
          process.env.NODE_ENV !== 'production' ? `No cloud fileIDs on ${platform.name}: pass a URL.` : '',
        )
      filePath = await download(await step('cloud', () => resolve.call(platform, plan.fileID)))
    } else {
      const base = (fileName || 'minicode')
        .replace(/\.\w{2,5}$/, '')
        .replace(/[^\w\u4e00-\u9fff-]+/g, '_')
        .slice(0, 64)
      const written = `${platform.userDataPath.replace(/\/+$/, '')}/${base}-${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 6)}.${plan.ext}`
      // The port takes base64 (its contract); bytes sources arrive as an ArrayBuffer.
      const base64 = typeof plan.data == 'string' ? plan.data : encodeBase64(new Uint8Array(plan.data))
      await step('write', () => platform.writeFile(written, base64), () => written)
      filePath = written
    }

    onStatus('saving')
    await step('save', () => platform.saveImage(filePath))
    return { filePath }
  } finally {
    running.delete(platform)
    if (signal) signal.removeEventListener('abort', onAbort)
    // Each removal on its own: one that throws (even synchronously) or fails stops none of the others.
    const removeOwned = () =>
      Promise.all(owned.splice(0).map((p) => Promise.resolve(p).then((p) => platform.removeFile(p)).catch(() => 0)))
    const cleanup = inFlight.then(removeOwned, removeOwned)
    // After an abort the platform call may still run: clean up when it ends, without making the caller wait.
    let timer: ReturnType<typeof setTimeout> | undefined
    if (!isAborted()) await Promise.race([cleanup, new Promise((r) => (timer = setTimeout(r, 2000)))])
    clearTimeout(timer)
  }
}

/** @internal */
export const busy = () =>
  new MiniCodeError(
    'busy',
    process.env.NODE_ENV !== 'production' ? 'A save is already running: wait for it to end.' : '',
  )

function aborted(signal: AbortSignal): MiniCodeError {
  return new MiniCodeError(
    'cancelled',
    process.env.NODE_ENV !== 'production' ? 'The save was aborted.' : '',
    { cause: signal.reason },
  )
}
