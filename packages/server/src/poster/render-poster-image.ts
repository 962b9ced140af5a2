import {
  MiniCodeError,
  createQrMatrix,
  renderPoster,
  type CodeBackend,
  type ImageCache,
  type PosterSpec,
} from '@minicode/core'
import type { CodeService } from '../code-service'
import { createImageFetcher, type ImageFetcher } from './image-policy'
import { createNodeCanvasPort, loadCanvasLibrary, type CanvasLibrary } from './node-canvas-port'

/** Options of {@link renderPosterImage}. */
export interface RenderPosterImageOptions {
  /** 'png' (default) or 'jpeg' (transparent areas flattened to white). */
  format?: 'png' | 'jpeg'
  /** JPEG quality from 0 to 1. Default 0.9. */
  quality?: number
  /** Image px per design px when the spec gives no pixelRatio. Default 1. */
  pixelRatio?: number
  /** Serves `code` elements that carry a request (no HTTP hop): `createCodeService(…)`. */
  codes?: Pick<CodeService, 'get'>
  /** Hosts http(s) images and fonts may come from (see MINICODE_IMAGE_HOSTS); none: data URLs only. */
  imageHosts?: readonly string[]
  /** Bytes per fetched image or font. Default 5 MiB. */
  maxImageBytes?: number
  /** Fetches remote images instead of the policy built from imageHosts (tests, your own CDN client). */
  fetchImage?: ImageFetcher
  /** Per image timeout in ms. Default 10000. */
  imageTimeout?: number
  /** The whole render's time limit in ms: 'timeout' past it. Default 30000. */
  timeoutMs?: number
  /** @napi-rs/canvas, when you have it imported already (else it is imported on first use). */
  canvas?: CanvasLibrary
  /**
   * Images kept from one render to the next (`createImageCache()` from @minicode/core): a batch whose
   * rows share a photo or a logo fetches and decodes it once. Keyed by the src, so keep one per batch,
   * not across users' requests (a changed image behind the same URL would not be fetched again).
   */
  imageCache?: ImageCache
}

/** A rendered poster. */
export interface PosterImageResult {
  bytes: Uint8Array
  mime: 'image/png' | 'image/jpeg'
  /** Image size in px. */
  width: number
  height: number
}

/**
 * Renders a PosterSpec to PNG or JPEG on @napi-rs/canvas with core's own planner and executor (the
 * same draw ops as on the phone). `code` elements go through `codes`, `qr` through createQrMatrix,
 * images through the image policy. Errors: core's renderPoster errors ('invalid_request' with the
 * field, 'image_load_failed' with the refusal or fetch error as its cause…), 'timeout', and
 * 'unsupported' when @napi-rs/canvas is not installed.
 *
 * @example
 * const { bytes } = await renderPosterImage(spec, { codes, imageHosts: ['cdn.example.com'], format: 'jpeg' })
 */
export async function renderPosterImage(
  spec: PosterSpec,
  options: RenderPosterImageOptions = {},
): Promise<PosterImageResult> {
  const format = options.format ?? 'png'
  if (format !== 'png' && format !== 'jpeg') {
    throw new MiniCodeError('invalid_request', `format must be 'png' or 'jpeg', got ${String(format)}.`, {
      field: 'format',
    })
  }
  const quality = options.quality ?? 0.9
  if (typeof quality !== 'number' || !(quality > 0 && quality <= 1)) {
    throw new MiniCodeError(
      'invalid_request',
      `quality must be above 0 and at most 1, got ${String(quality)}.`,
      {
        field: 'quality',
      },
    )
  }
  const lib = options.canvas ?? (await loadCanvasLibrary())
  const fetchRemote =
    options.fetchImage ??
    (options.imageHosts?.length
      ? createImageFetcher({ hosts: options.imageHosts, maxImageBytes: options.maxImageBytes })
      : undefined)
  const timeoutMs = options.timeoutMs ?? 30000
  // At the limit: renderPoster stops at its next phase (it reads the flag), fetches under way are
  // aborted, and the race answers at once.
  const stop = new AbortController()
  const port = createNodeCanvasPort(lib, {
    fetchRemote: fetchRemote && ((url, signal) => fetchRemote(url, eitherSignal(signal, stop.signal))),
  })
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop.abort()
      reject(new MiniCodeError('timeout', `The poster took longer than ${timeoutMs} ms to render.`))
    }, timeoutMs)
  })
  try {
    const rendered = await Promise.race([
      renderPoster(spec, {
        port,
        backend: options.codes ? codeBackend(options.codes) : undefined,
        deviceRatio: options.pixelRatio ?? 1,
        imageTimeout: options.imageTimeout,
        imageCache: options.imageCache,
        signal: stop.signal,
        qr: createQrMatrix,
      }),
      limit,
    ])
    const canvas = port.drawn
    if (!canvas) throw new MiniCodeError('canvas_unavailable', 'The poster canvas was not exported.')
    const { width, height } = rendered
    if (format === 'png')
      return { bytes: new Uint8Array(await canvas.encode('png')), mime: 'image/png', width, height }
    // JPEG has no alpha: draw the poster on white first, as a viewer would show it.
    const flat = lib.createCanvas(width, height)
    const ctx = flat.getContext('2d')
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, width, height)
    ctx.drawImage(canvas, 0, 0)
    const bytes = await flat.encode('jpeg', Math.round(quality * 100))
    return { bytes: new Uint8Array(bytes), mime: 'image/jpeg', width, height }
  } finally {
    clearTimeout(timer)
  }
}

/** The server's code service as the backend core's loader asks for code images. */
function codeBackend(codes: Pick<CodeService, 'get'>): CodeBackend {
  return {
    name: 'minicode-server',
    async fetchCode(request) {
      const code = await codes.get(request)
      return { mime: code.mime, bytes: code.bytes }
    },
  }
}

/** A signal aborted when either is (AbortSignal.any where the runtime has it, Node ≥ 20.3). */
function eitherSignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  if (!a) return b
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any
  if (any) return any([a, b])
  const both = new AbortController()
  const abort = () => both.abort()
  if (a.aborted || b.aborted) abort()
  a.addEventListener('abort', abort, { once: true })
  b.addEventListener('abort', abort, { once: true })
  return both.signal
}
