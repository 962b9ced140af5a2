import { MiniCodeError, invalidRequest } from '../errors'
import { ALBUM_SCOPE, type AlbumPort } from './album-port'
import type { BrowserSaveMode, SaveOutcome } from './browser-outcome'
import { albumMessage } from './classify-album-error'
import { classifySource, type AlbumSource, type ClassifiedSource } from './classify-source'
import { AlbumSteps, aborted } from './album-steps'

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
  /**
   * Where there is no album (H5): 'auto' (default) downloads on a desktop browser and shows a preview
   * to long-press in phone and in-app browsers (WeChat, QQ, Alipay, Douyin, Weibo), where a download
   * never reaches the album; 'download' or 'preview' always do that. Mini-programs always save.
   */
  outcome?: BrowserSaveMode
}

/** What a save did: the file, and where the image went (see {@link SaveOutcome}). */
export interface SaveResult {
  filePath: string
  outcome: SaveOutcome
  /** For 'preview': the image to show full-screen (`<SavePreview>`), for the user to long-press. */
  previewUrl?: string
}

const MODES: readonly BrowserSaveMode[] = ['auto', 'download', 'preview']

// One save per platform at a time: two permission popups or two album writes at once only confuse.
const running = new WeakSet<AlbumPort>()
// Part of every written file's name, so two saves in one millisecond never share a file.
let sequence = 0

/**
 * Saves an image to the phone album, the whole way: sort the source (before any permission is asked),
 * check the permission (never asked → authorize; refused before → 'auth_denied' at once, no pointless
 * popup), get a local file (download with a status check / write the bytes under USER_DATA_PATH), save
 * it, and remove the file the flow wrote — after success and after failure. A file it did not write is
 * never touched. Every path settles.
 *
 * Resolves `{ filePath, outcome }`: 'saved' in an album; in a browser 'downloaded' or 'preview' (with
 * `previewUrl`), as the `outcome` option and the browser decide — never 'saved' for a download.
 *
 * Rejects with a MiniCodeError: 'invalid_request' (no platform, an unknown `outcome`), 'invalid_source', 'busy' (a save on this platform is running),
 * 'auth_denied', 'privacy_not_declared', 'privacy_refused', 'cancelled', 'download_failed' (with
 * `status`), 'write_failed', 'storage_full', 'unsupported' or 'save_failed' (raw error as `cause`).
 *
 * @example
 * const { filePath } = await saveToAlbum('https://cdn.example.com/poster.png', { platform: createTaroPlatform() })
 */
export async function saveToAlbum(source: AlbumSource, options: SaveToAlbumOptions): Promise<SaveResult> {
  const { platform, signal, fileName, outcome: mode = 'auto' } = options ?? {}
  const onStatus = options?.onStatus ?? (() => undefined)
  if (!platform) throw invalidRequest('platform', __DEV__ ? 'saveToAlbum needs { platform }.' : '')
  if (!MODES.includes(mode)) {
    throw invalidRequest(
      'outcome',
      __DEV__ ? `outcome is 'auto', 'download' or 'preview', not ${String(mode)}.` : '',
    )
  }
  const plan = classifySource(source, platform.userDataPath)
  if (signal?.aborted) throw aborted(signal)
  if (running.has(platform)) throw busySave()
  running.add(platform)

  const steps = new AlbumSteps(platform, signal)
  try {
    onStatus('authorizing')
    await checkPermission(steps, platform)
    onStatus('preparing')
    const filePath = await localFile(steps, platform, plan, fileName)
    onStatus('saving')
    const done = await steps.run('save', () => platform.saveImage(filePath, mode))
    // A port that resolves nothing wrote to a real album.
    if (!done) return { filePath, outcome: 'saved' }
    const result: SaveResult = { filePath, outcome: done.outcome }
    if (done.previewUrl) result.previewUrl = done.previewUrl
    return result
  } finally {
    running.delete(platform)
    await steps.cleanup()
  }
}

/** Resolves once the album may be written: granted before, or granted in the popup now. */
async function checkPermission(steps: AlbumSteps, platform: AlbumPort): Promise<void> {
  const setting = await steps.run('setting', () => platform.getSetting())
  const granted = setting.authSetting?.[ALBUM_SCOPE]
  // Refused before: authorize would fail at once without a popup. Only the settings page helps.
  if (granted === false) throw new MiniCodeError('auth_denied', albumMessage('auth_denied'))
  if (granted !== true) await steps.run('authorize', () => platform.authorize(ALBUM_SCOPE))
}

/**
 * @internal A local file of the image: the source itself, a download, or the bytes written under
 * USER_DATA_PATH — a file the flow made is `steps`' own, removed by its cleanup. Sharing prepares the same way.
 */
export async function localFile(
  steps: AlbumSteps,
  platform: AlbumPort,
  plan: ClassifiedSource,
  fileName?: string,
): Promise<string> {
  switch (plan.kind) {
    case 'local':
      return plan.filePath
    case 'url':
      return download(steps, platform, plan.url)
    case 'cloud': {
      if (!platform.resolveCloudFile) {
        throw new MiniCodeError(
          'unsupported',
          __DEV__ ? `No cloud fileIDs on ${platform.name}: pass a URL.` : '',
        )
      }
      const resolveCloudFile = platform.resolveCloudFile.bind(platform)
      const url = await steps.run('cloud', () => resolveCloudFile(plan.fileID))
      return download(steps, platform, url)
    }
    case 'data': {
      const filePath = writtenFilePath(platform.userDataPath, fileName, plan.ext)
      await steps.run(
        'write',
        () => platform.writeFile(filePath, plan.data),
        () => filePath,
      )
      return filePath
    }
  }
}

/** Downloads to a temp file (this save's own) and checks the HTTP status. */
async function download(steps: AlbumSteps, platform: AlbumPort, url: string): Promise<string> {
  const result = await steps.run(
    'download',
    () => platform.downloadFile(url),
    (answer) => answer?.tempFilePath,
  )
  const tempFilePath = result?.tempFilePath
  const status = result?.statusCode
  // Compared as numbers the way `<` does; a host that leaves the status out is taken at its word.
  const code = Number(status)
  if (code < 200 || code > 299 || !tempFilePath) {
    throw new MiniCodeError(
      'download_failed',
      __DEV__ ? `Download answered HTTP ${status}: check the URL.` : '',
      {
        status,
        retryable: code > 499,
      },
    )
  }
  return tempFilePath
}

/** `<USER_DATA_PATH>/<fileName>-<unique>.<ext>`, the name cleaned to letters, digits, CJK, '_' and '-'. */
function writtenFilePath(userDataPath: string, fileName: string | undefined, ext: string): string {
  const base = (fileName || 'minicode')
    .replace(/\.\w{2,5}$/, '')
    .replace(/[^\w\u4e00-\u9fff-]+/g, '_')
    .slice(0, 64)
  const unique = Date.now().toString(36) + (sequence++).toString(36) + Math.random().toString(36).slice(2, 6)
  return `${userDataPath.replace(/\/+$/, '')}/${base}-${unique}.${ext}`
}

/** @internal The 'busy' error of a save that would run beside another. */
export function busySave(): MiniCodeError {
  return new MiniCodeError('busy', __DEV__ ? 'A save is already running: wait for it to end.' : '')
}
