import { useEffect, useState, useSyncExternalStore } from 'react'
import { Canvas } from '@tarojs/components'
import { PosterController } from '@minicode/core'
import type {
  CodeBackend,
  MiniCodeError,
  PosterControllerOptions,
  PosterSpec,
  PosterState,
  QrEncoder,
  RenderedPoster,
} from '@minicode/core'
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

/** What the core controller needs: the hook's options, the device's ratio and this instance's canvas. */
function controllerOptions(
  canvasId: string,
  options: UsePosterOptions,
  ratio: number,
): PosterControllerOptions {
  return {
    ...options,
    deviceRatio: options.deviceRatio || ratio,
    createPort: () => createTaroCanvasPort(canvasId),
  }
}

/**
 * Draws a poster and exports it as an image: `tempFilePath` on mini-programs, `dataUrl` on H5.
 * Renders whenever the spec changes by content (an inline literal is fine); null = idle. A newer
 * render wins over an older one, and nothing updates after unmount. Each instance has its own canvas
 * id, so several posters on one page never collide. Render `canvas` in the page.
 * The work is core's `PosterController`; this hook creates one and subscribes to it.
 *
 * @example
 * const poster = usePoster(spec, { backend })
 * return <View>{poster.canvas}{poster.status === 'ready' && <Image src={poster.tempFilePath || poster.dataUrl!} />}</View>
 */
export function usePoster(spec: PosterSpec | null, options: UsePosterOptions = {}): UsePosterResult {
  const [canvasId] = useState(() => `minicode-poster-${++instances}`)
  const [ratio] = useState(deviceRatio)
  const [controller] = useState(() => new PosterController(controllerOptions(canvasId, options, ratio)))
  controller.setOptions(controllerOptions(canvasId, options, ratio))
  // Subscribing is mounting: when the component unmounts, the controller stops a running render.
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot)
  // Every commit; the controller renders only when the spec changed by content.
  useEffect(() => {
    controller.setSpec(spec)
  })

  const canvas =
    process.env.TARO_ENV !== 'h5' && spec ? (
      // Off screen, never display:none (a hidden 2D canvas draws nothing on some hosts).
      <Canvas
        type="2d"
        id={canvasId}
        style={{
          position: 'fixed',
          left: '-10000px',
          top: '0',
          width: `${spec.width}px`,
          // 'auto' is known once measured; the backing store, not this style, is what gets exported.
          height: `${spec.height === 'auto' ? spec.width : spec.height}px`,
        }}
      />
    ) : null
  return { ...state, render: controller.render, canvas }
}
