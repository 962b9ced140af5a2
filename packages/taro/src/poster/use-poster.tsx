import { useEffect, useMemo, useReducer, useState } from 'react'
import { Canvas } from '@tarojs/components'
import { MiniCodeError, isMiniCodeError, renderPoster } from '@minicode/core'
import type { CodeBackend, PosterSpec, QrEncoder, RenderedPoster } from '@minicode/core'
import { initialPosterState, posterReducer, type PosterState } from './poster-state'
import { createTaroCanvasPort, deviceRatio } from './taro-canvas-port'

export interface UsePosterOptions {
  /** Fetches `code` elements that carry a request (httpBackend, cloudBackend, localBackend). */
  backend?: CodeBackend
  /** Encodes `qr` elements: pass `createQrMatrix` when the spec has any (kept out of bundles that don't). */
  qr?: QrEncoder
  /** Per image (and code) timeout in ms. Default 10000. */
  imageTimeout?: number
  /** Default: the device's (Taro.getWindowInfo().pixelRatio); spec.pixelRatio wins over both. */
  deviceRatio?: number
  /** Called once per finished render that is still current. */
  onReady?: (poster: RenderedPoster) => void
  /** Called once per failed render that is still current. */
  onError?: (error: MiniCodeError) => void
}

export interface UsePosterResult extends PosterState {
  /** Renders again (e.g. a retry button). Resolves the poster, or null when it failed or was superseded; never rejects. */
  render(): Promise<RenderedPoster | null>
  /**
   * The off-screen `<Canvas type="2d">` the poster is drawn on: put it anywhere in the page. null on H5
   * (an off-DOM canvas is used there) and while the spec is null.
   */
  canvas: JSX.Element | null
}

let instances = 0

/**
 * Draws a poster and exports it as an image: `tempFilePath` on mini-programs, `dataUrl` on H5.
 * Renders whenever the spec changes by content (an inline literal is fine); null = idle. A newer
 * render wins over an older one, and nothing updates after unmount. Each instance has its own canvas
 * id, so several posters on one page never collide. Render `canvas` in the page.
 *
 * @example
 * const poster = usePoster(spec, { backend })
 * return <View>{poster.canvas}{poster.status === 'ready' && <Image src={poster.tempFilePath || poster.dataUrl!} />}</View>
 */
export function usePoster(spec: PosterSpec | null, options: UsePosterOptions = {}): UsePosterResult {
  const [state, dispatch] = useReducer(posterReducer, initialPosterState)
  // Made once: the canvas id, the latest spec and options, and the run bookkeeping a newer render or
  // the unmount bumps (seq), so a stale render never dispatches.
  const [self] = useState(() => {
    const self = {
      id: `minicode-poster-${++instances}`,
      spec,
      options,
      seq: 0,
      mounted: false,
      stop: () => {},
      render: async (): Promise<RenderedPoster | null> => {
        const { spec, options: o } = self
        self.stop()
        const seq = ++self.seq
        const current = () => self.mounted && self.seq == seq
        if (!spec) return null
        // Stop the superseded render, so it never draws on the canvas again. renderPoster reads only
        // `aborted`, so a plain flag does (mini-program engines may lack AbortController).
        const signal = { aborted: false }
        self.stop = () => (signal.aborted = true)
        if (current()) dispatch({ type: 'start' })
        const port = createTaroCanvasPort(self.id)
        try {
          const poster = await renderPoster(spec, {
            port,
            backend: o.backend,
            qr: o.qr,
            imageTimeout: o.imageTimeout,
            deviceRatio: o.deviceRatio || deviceRatio(),
            signal: signal as AbortSignal,
          })
          if (!current()) return null
          dispatch({ type: 'ready', output: poster })
          if (o.onReady) o.onReady(poster)
          return poster
        } catch (e) {
          if (!current()) return null
          const error = isMiniCodeError(e)
            ? e
            : new MiniCodeError(
                'canvas_unavailable',
                process.env.NODE_ENV !== 'production' ? `The poster failed: ${e}` : '',
                { cause: e },
              )
          dispatch({ type: 'error', error })
          if (o.onError) o.onError(error)
          return null
        } finally {
          void port.dispose()
        }
      },
    }
    return self
  })
  self.spec = spec
  self.options = options
  const { id, render } = self

  useEffect(() => {
    self.mounted = true
    return () => {
      self.mounted = false
      self.seq++
      self.stop()
    }
  }, [self])

  // By content, so an inline literal is fine; by identity first, since specs carry whole data URLs.
  const key = useMemo(() => (spec ? JSON.stringify(spec) : ''), [spec])
  useEffect(() => {
    if (key) void self.render()
    else {
      self.seq++
      self.stop()
      dispatch({ type: 'reset' })
    }
  }, [key, self])

  const canvas =
    process.env.TARO_ENV != 'h5' && spec ? (
      // Off screen, never display:none (a hidden 2D canvas draws nothing on some hosts).
      <Canvas
        type="2d"
        id={id}
        style={{
          position: 'fixed',
          left: '-10000px',
          top: '0',
          width: `${spec.width}px`,
          height: `${spec.height}px`,
        }}
      />
    ) : null
  return { ...state, render, canvas }
}
