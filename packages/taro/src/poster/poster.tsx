import type { ReactNode } from 'react'
import type { PosterSpec } from '@minicode/core'
import { usePoster, type UsePosterOptions, type UsePosterResult } from './use-poster'

export interface PosterProps extends UsePosterOptions {
  /** The poster to draw; null draws nothing. Compared by content. */
  spec: PosterSpec | null
  /** Renders what to show with the poster's state (e.g. a preview `<Image>` when ready). */
  children?: (poster: UsePosterResult) => ReactNode
}

/**
 * A poster as a component: draws `spec` on an off-screen canvas and reports the image through
 * `onReady` (`tempFilePath` on mini-programs, `dataUrl` on H5) or a typed error through `onError`.
 * Nothing of it is visible but what `children` renders.
 *
 * @example
 * <Poster spec={spec} backend={backend} onReady={(p) => setSrc(p.tempFilePath || p.dataUrl!)} onError={(e) => console.warn(e.code)} />
 */
export function Poster({ spec, children, ...options }: PosterProps): JSX.Element {
  const poster = usePoster(spec, options)
  return (
    <>
      {poster.canvas}
      {children?.(poster)}
    </>
  )
}
