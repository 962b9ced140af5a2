import { useEffect, useRef, useState } from 'react'
import { classifyAlbumError, shareImage } from '@minicode/core'
import type { AlbumPort, AlbumSource, MiniCodeError } from '@minicode/core'
import { getTaroPlatform } from '../platform/create-taro-platform'

/**
 * Where a share stands: 'sharing' (the file is prepared, the menu open), 'shared', 'cancelled' (the user
 * closed the menu), 'unsupported' (no share menu here: WeChat base library 2.14.3+ only) or 'failed'.
 */
export type ShareStatus = 'idle' | 'sharing' | 'shared' | 'cancelled' | 'unsupported' | 'failed'

export interface UseShareImageOptions {
  /** Default: the port of the current Taro platform. Tests pass `createAlbumSim()`. */
  platform?: AlbumPort
  /** The page the shared image links back to, e.g. 'pages/item/index?id=42'. */
  entrancePath?: string
}

export interface UseShareImageResult {
  /** Opens the share-image menu for an image (any source saving takes). Rejects with a MiniCodeError. */
  share(source: AlbumSource): Promise<void>
  status: ShareStatus
  error: MiniCodeError | null
}

/**
 * WeChat's share-image menu as a hook (core's `shareImage`): send the image to a chat, save or
 * favourite it, with no album permission. Unmounting aborts a share in flight; its file is still removed.
 *
 * @example
 * const sharer = useShareImage({ entrancePath: 'pages/item/index?id=42' })
 * <Button onClick={() => sharer.share(posterPath).catch(() => {})}>分享图片</Button>
 */
export function useShareImage(options: UseShareImageOptions = {}): UseShareImageResult {
  const [state, setState] = useState<{ status: ShareStatus; error: MiniCodeError | null }>({
    status: 'idle',
    error: null,
  })
  const running = useRef<AbortController | null>(null)
  useEffect(() => () => running.current?.abort(), [])

  const share = async (source: AlbumSource): Promise<void> => {
    running.current?.abort()
    const mine = new AbortController()
    running.current = mine
    // Only the latest share, while mounted, moves the state.
    const report = (status: ShareStatus, error: MiniCodeError | null = null) => {
      if (running.current === mine && !mine.signal.aborted) setState({ status, error })
    }
    report('sharing')
    try {
      await shareImage(source, {
        platform: options.platform ?? getTaroPlatform(),
        entrancePath: options.entrancePath,
        signal: mine.signal,
      })
      report('shared')
    } catch (e) {
      const error = classifyAlbumError(e)
      report(statusOf(error), error)
      throw error
    }
  }
  return { share, ...state }
}

function statusOf(error: MiniCodeError): ShareStatus {
  if (error.code === 'cancelled') return 'cancelled'
  if (error.code === 'unsupported') return 'unsupported'
  return 'failed'
}
