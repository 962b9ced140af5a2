import { MiniCodeError, isMiniCodeError } from '../errors'
import { initialPosterState, posterReducer, type PosterAction, type PosterState } from './poster-state'
import {
  renderPoster,
  type PosterCanvasPort,
  type RenderPosterOptions,
  type RenderedPoster,
} from './render-poster'
import { createImageCache } from './image-cache'
import type { PosterSpec } from './types'

/** A canvas port that may hold files or canvases of its own until `dispose()`. */
export interface DisposableCanvasPort extends PosterCanvasPort {
  /** Frees what one render left (written image files...); called when the render has settled. */
  dispose?(): Promise<void> | void
}

export interface PosterControllerOptions extends Omit<RenderPosterOptions, 'port' | 'signal'> {
  /** A fresh canvas port for each render. */
  createPort: () => DisposableCanvasPort
  /** Called once per finished render that is still current. */
  onReady?: (poster: RenderedPoster) => void
  /** Called once per failed render that is still current. */
  onError?: (error: MiniCodeError) => void
}

/**
 * One poster's state (the core half of `usePoster`): renders a spec through `renderPoster` when it
 * changes by content, through `posterReducer`. Framework-free: `subscribe` / `getSnapshot` plug
 * straight into React's useSyncExternalStore.
 *
 * - A newer render (or a null spec) supersedes the running one: that one is stopped before it draws
 *   again, and its result is dropped (no state change, no callback).
 * - When the last subscriber leaves (a component unmounting), the running render is stopped the same
 *   way and the spec forgotten, so `setSpec` after a new subscription renders again (StrictMode).
 * - Images one render loaded are reused by the next while their source is the same (an image cache of
 *   its own, bounded; `imageCache` in the options replaces it).
 *
 * @example
 * const poster = new PosterController({ createPort: () => createH5CanvasPort() })
 * poster.subscribe(() => console.log(poster.getSnapshot().status))
 * poster.setSpec(spec) // rendering, then ready with a dataUrl
 */
export class PosterController {
  private state: PosterState = initialPosterState
  private readonly listeners = new Set<() => void>()
  private spec: PosterSpec | null = null
  /** The spec's content, as JSON ('' for none): an equal spec in a new object does not render again. */
  private key = ''
  /** Bumped by every render and every stop: a render whose number is not the latest is stale. */
  private generation = 0
  /** The running render's stop flag (renderPoster reads `aborted`; engines may lack AbortController). */
  private running: { aborted: boolean } | null = null
  /** Images kept between this poster's renders (see image-cache.ts). */
  private readonly images = createImageCache()

  constructor(private options: PosterControllerOptions) {}

  /** The latest options; each render reads them (callbacks included) when it starts. */
  setOptions(options: PosterControllerOptions): void {
    this.options = options
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) {
        this.stop()
        this.spec = null
        this.key = ''
      }
    }
  }

  getSnapshot = (): PosterState => this.state

  /** Shows `spec` (null: nothing). Renders only when its content changed; null stops and goes idle. */
  setSpec(spec: PosterSpec | null): void {
    // By identity first: specs carry whole data URLs, so JSON is made only for a new object.
    if (spec === this.spec) return
    this.spec = spec
    const key = spec ? JSON.stringify(spec) : ''
    if (key === this.key) return
    this.key = key
    if (spec) {
      void this.render()
    } else {
      this.stop()
      this.dispatch({ type: 'reset' })
    }
  }

  /** Renders the current spec again (e.g. a retry button). Resolves the poster, or null when it failed or was superseded; never rejects. */
  render = async (): Promise<RenderedPoster | null> => {
    this.stop()
    const generation = this.generation
    const spec = this.spec
    if (!spec) return null
    const { createPort, onReady, onError, ...renderOptions } = this.options
    const signal = { aborted: false }
    this.running = signal
    this.dispatch({ type: 'start' })
    const port = createPort()
    try {
      const poster = await renderPoster(spec, { imageCache: this.images, ...renderOptions, port, signal })
      if (generation !== this.generation) return null
      this.dispatch({ type: 'ready', output: poster })
      onReady?.(poster)
      return poster
    } catch (e) {
      if (generation !== this.generation) return null
      const error = toPosterError(e)
      this.dispatch({ type: 'error', error })
      onError?.(error)
      return null
    } finally {
      // Nothing to report from here: the render has settled, the port only frees what it held.
      Promise.resolve()
        .then(() => port.dispose?.())
        .catch(() => undefined)
    }
  }

  /** Stops the running render: it draws no more, and its result is dropped. */
  private stop(): void {
    if (this.running) this.running.aborted = true
    this.running = null
    this.generation++
  }

  private dispatch(action: PosterAction): void {
    const next = posterReducer(this.state, action)
    if (next === this.state) return
    this.state = next
    this.listeners.forEach((listener) => listener())
  }
}

function toPosterError(e: unknown): MiniCodeError {
  if (isMiniCodeError(e)) return e
  return new MiniCodeError('canvas_unavailable', __DEV__ ? `The poster failed: ${e}` : '', { cause: e })
}
