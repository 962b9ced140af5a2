import { MiniCodeError, invalidRequest } from '../errors'
import type { AlbumPort } from './album-port'
import { AlbumSteps, aborted } from './album-steps'
import { classifySource, type AlbumSource } from './classify-source'
import { localFile } from './save-to-album'

/** The base library WeChat's `showShareImageMenu` needs. */
export const SHARE_IMAGE_MENU_SINCE = '2.14.3'

export interface ShareImageOptions {
  /** The platform: `createTaroPlatform()` in an app, `createAlbumSim()` in tests. */
  platform: AlbumPort
  /** The page the shared image links back to: a page path such as 'pages/item/index?id=42'. */
  entrancePath?: string
  /** Base name of the file written for bytes / base64 / data URLs (default 'minicode-share'). */
  fileName?: string
  /** Aborting rejects with 'cancelled' at once; a file the flow wrote is still removed. */
  signal?: AbortSignal
}

// One share menu per platform at a time: the host shows one.
const sharing = new WeakSet<AlbumPort>()

/**
 * Opens WeChat's share-image menu for an image (send to a chat, save, favourite): no album permission,
 * no settings detour. Takes every source `saveToAlbum` takes and prepares it the same way — the source
 * sorted first (bytes that are no image: 'invalid_source'), a download or written file as needed, and
 * that file removed after, whatever happened. Every path settles.
 *
 * Rejects with a MiniCodeError: 'invalid_request' (no platform; `entrancePath` not a page path, with its
 * field), 'unsupported' (no `showShareImageMenu`: WeChat base library 2.14.3+ only), 'invalid_source',
 * 'busy', 'cancelled' (the user closed the menu, or the signal aborted), and the failures of saving
 * ('download_failed', 'write_failed', 'storage_full', 'save_failed'…).
 *
 * @example await shareImage(posterTempFilePath, { platform: createTaroPlatform(), entrancePath: 'pages/item/index?id=42' })
 */
export async function shareImage(
  source: AlbumSource,
  options: ShareImageOptions,
): Promise<{ filePath: string }> {
  const { platform, entrancePath, signal } = options ?? {}
  if (!platform) throw invalidRequest('platform', __DEV__ ? 'shareImage needs { platform }.' : '')
  if (entrancePath !== undefined && !isPagePath(entrancePath)) {
    throw invalidRequest(
      'entrancePath',
      __DEV__
        ? `entrancePath is a page path ('pages/item/index?id=42'), not ${JSON.stringify(entrancePath)}.`
        : '',
    )
  }
  const showMenu = platform.showShareImageMenu?.bind(platform)
  if (!showMenu) {
    throw new MiniCodeError(
      'unsupported',
      __DEV__
        ? `No share-image menu on ${platform.name}: wx.showShareImageMenu needs WeChat base library ${SHARE_IMAGE_MENU_SINCE}+.`
        : '',
    )
  }
  const plan = classifySource(source, platform.userDataPath)
  if (signal?.aborted) throw aborted(signal)
  if (sharing.has(platform)) {
    throw new MiniCodeError('busy', __DEV__ ? 'A share menu is already open: wait for it to close.' : '')
  }
  sharing.add(platform)

  const steps = new AlbumSteps(platform, signal)
  try {
    const filePath = await localFile(steps, platform, plan, options.fileName || 'minicode-share')
    await steps.run('share', () => showMenu(filePath, entrancePath))
    return { filePath }
  } finally {
    sharing.delete(platform)
    await steps.cleanup()
  }
}

/**
 * A mini-program page path, as `entrancePath` takes it: segments of letters, digits, '_' and '-' (a
 * leading '/' allowed), then an optional query. A URL, an empty string or a path with spaces is none.
 */
export function isPagePath(path: unknown): boolean {
  return typeof path === 'string' && /^\/?[\w-]+(\/[\w-]+)*(\?[^\s#]*)?$/.test(path)
}
