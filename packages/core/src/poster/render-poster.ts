import type { CodeBackend } from '../code/backend'
import { MiniCodeError, cancelledError, invalidRequest, isMiniCodeError } from '../errors'
import type { ClassifiedSource } from '../save/classify-source'
import type { ClearOp, DrawOp, ImageOp } from './draw-ops'
import { executeDrawOps, type CanvasContextLike, type PosterImage } from './execute-draw-ops'
import type { ImageCache } from './image-cache'
import { loadFonts } from './load-fonts'
import { createImageLoader, describeError } from './load-images'
import { canvasSize, choosePixelRatio, type CanvasSize } from './pixel-ratio'
import { planPoster, type QrEncoder } from './plan-poster'
import type { PosterFont, PosterSpec } from './types'
import { validatePosterSpec } from './validate-spec'

/** A canvas made by the port, with its 2D context. */
export interface PosterCanvas {
  canvas: unknown
  context: CanvasContextLike
}

/** What the poster exported to: a temp file on mini-programs, a data URL on H5 (or both). */
export interface PosterOutput {
  tempFilePath?: string
  dataUrl?: string
}

/**
 * The platform under renderPoster: the Taro package implements it per platform, tests with
 * @napi-rs/canvas. Errors thrown here are wrapped into typed MiniCodeErrors.
 */
export interface PosterCanvasPort {
  /** A canvas of width × height px (its backing store). */
  createCanvas(width: number, height: number): Promise<PosterCanvas> | PosterCanvas
  /** Loads one image; `signal` (when the engine has AbortController) fires on timeout. */
  loadImage(
    source: ClassifiedSource,
    ctx: { canvas: PosterCanvas; signal?: AbortSignal },
  ): Promise<PosterImage>
  /** Exports the drawn canvas. */
  exportCanvas(canvas: PosterCanvas, size: CanvasSize): Promise<PosterOutput>
  /** Makes a font of spec.fonts usable by the canvas under its family name; `signal` fires on timeout. */
  loadFont?(font: PosterFont, ctx: { signal?: AbortSignal }): Promise<void>
  /** The platform's USER_DATA_PATH, so paths under it count as local files. */
  userDataPath?: string
  /**
   * True when a loaded image can be drawn on any canvas of the port (H5's Image, Node's): an image
   * cache then reuses it on the next render's new canvas. Mini-program images belong to the canvas
   * that made them.
   */
  imagesOnAnyCanvas?: boolean
}

export interface RenderPosterOptions {
  port: PosterCanvasPort
  /** Fetches `code` elements that carry a request. */
  backend?: CodeBackend
  /** Device pixel ratio; spec.pixelRatio wins. Default 2. */
  deviceRatio?: number
  /** Per image (and code) timeout in ms. Default 10000. */
  imageTimeout?: number
  /**
   * Stops the render with 'cancelled'. An AbortSignal, or any object with `aborted` (mini-program
   * engines may lack AbortController): only the flag is read, between the render's phases.
   */
  signal?: Pick<AbortSignal, 'aborted'>
  /** Encodes `qr` elements: pass `createQrMatrix` from '@minicode/core' when the spec has any. */
  qr?: QrEncoder
  /** Images kept between renders on a page (PosterController passes its own). */
  imageCache?: ImageCache
}

export interface RenderedPoster extends PosterOutput {
  /** Canvas size in px. */
  width: number
  height: number
  pixelRatio: number
  ops: DrawOp[]
}

/**
 * Draws a poster through a port: validates the spec, creates a canvas at the best pixel ratio, plans
 * with the canvas's own text metrics, loads every image in parallel (each with a timeout, then its
 * fallbackSrc), runs the ops and exports.
 *
 * Errors: 'invalid_request' (bad spec, field set), 'canvas_unavailable' (any untyped failure of the
 * canvas: creating, measuring, drawing, exporting), 'image_load_failed' (field 'elements[i].src', the
 * message names the element's index and id), a code backend's own error for a code element (field
 * 'elements[i].request'), 'cancelled'.
 */
export async function renderPoster(spec: PosterSpec, options: RenderPosterOptions): Promise<RenderedPoster> {
  validatePosterSpec(spec)
  const { port, backend, imageTimeout = 10000, signal } = options
  if (typeof port?.createCanvas !== 'function') {
    throw invalidRequest('port', __DEV__ ? 'renderPoster needs a canvas port.' : '')
  }
  const deviceRatio = spec.pixelRatio || (options.deviceRatio ?? 2)
  await loadFonts(spec.fonts, port, imageTimeout)
  throwIfCancelled(signal)

  // A fixed height sizes the canvas before measuring on it; 'auto' is known only once the text is
  // measured, on a 1-px canvas, and the real canvas comes after (on mini-programs the same node, resized).
  let canvas: PosterCanvas | null = null
  let size: PosterCanvasSize | null = null
  if (spec.height !== 'auto') {
    size = posterCanvasSize(spec.width, spec.height, deviceRatio)
    canvas = await canvasPhase('create', () => createCanvas(port, size!))
  }
  const measuring = canvas || (await canvasPhase('create', () => createCanvas(port, ONE_PIXEL)))
  const ops = await canvasPhase('measure', () =>
    planPoster(spec, {
      measure: (text, font) => {
        measuring.context.font = font
        return measuring.context.measureText(text).width
      },
      qr: options.qr,
    }),
  )
  if (!canvas || !size) {
    throwIfCancelled(signal)
    size = posterCanvasSize(spec.width, (ops[0] as ClearOp).height, deviceRatio)
    canvas = await canvasPhase('create', () => createCanvas(port, size!))
  }
  const drawOn = canvas
  const loader = createImageLoader({ port, canvas, backend, imageTimeout, cache: options.imageCache, signal })
  try {
    const images = await loadImages(ops, loader.load, signal)
    await canvasPhase('draw', () =>
      executeDrawOps(drawOn.context, ops, { images, scaleX: size!.scaleX, scaleY: size!.scaleY }),
    )
    const output = await canvasPhase('export', () => port.exportCanvas(drawOn, size!))
    throwIfCancelled(signal)
    return { ...output, width: size.width, height: size.height, pixelRatio: size.ratio, ops }
  } finally {
    loader.release()
  }
}

/** A poster's canvas size and the pixel ratio it was chosen at. */
type PosterCanvasSize = CanvasSize & { ratio: number }

/** The canvas that only measures text before an 'auto' height is known. */
const ONE_PIXEL: CanvasSize = { width: 1, height: 1, scaleX: 1, scaleY: 1 }

/** The largest canvas side devices draw (WeChat's and iOS Safari's limit). */
const MAX_CANVAS_SIDE = 4096

/**
 * The canvas of a poster at the best pixel ratio up to the device's (see choosePixelRatio). A poster
 * that would need a ratio below 1 to fit the 4096-px limit is refused ('invalid_request' on its height
 * or width, saying the largest that fits) rather than silently blurred; a spec that asks for a ratio
 * below 1 itself gets it.
 */
function posterCanvasSize(width: number, height: number, deviceRatio: number): PosterCanvasSize {
  const ratio = choosePixelRatio({ width, height, deviceRatio, maxCanvasSide: MAX_CANVAS_SIDE })
  const lowest = Math.min(1, deviceRatio)
  if (ratio < lowest) {
    const field = height >= width ? 'height' : 'width'
    const side = field === 'height' ? height : width
    // At a ratio the spec asks below 1 (or a zoomed-out browser's), more design px fit.
    const largest = Math.floor(MAX_CANVAS_SIDE / lowest)
    throw invalidRequest(
      field,
      __DEV__
        ? `A poster ${side} design px in ${field} needs a pixel ratio below ${lowest} to fit the ${MAX_CANVAS_SIDE}-px canvas limit and would come out blurred: the largest ${field} that fits is ${largest} design px. Split it into several posters, or lower pixelRatio in the spec yourself.`
        : '',
    )
  }
  return { ...canvasSize(width, height, ratio), ratio }
}

async function createCanvas(port: PosterCanvasPort, size: CanvasSize): Promise<PosterCanvas> {
  const canvas = await port.createCanvas(size.width, size.height)
  if (!canvas?.context) throw new Error(__DEV__ ? 'the port returned no 2D context' : '')
  return canvas
}

/**
 * Loads the image of every image op, all at once, by element index. Once every load has settled, a
 * cancel wins; then the first failure in element order is thrown, whichever failed first.
 */
async function loadImages(
  ops: DrawOp[],
  load: (op: ImageOp) => Promise<PosterImage>,
  signal?: Pick<AbortSignal, 'aborted'>,
): Promise<Map<ImageOp, PosterImage>> {
  const imageOps = ops.filter((op): op is ImageOp => op.kind === 'image')
  const settled = await Promise.allSettled(imageOps.map(load))
  throwIfCancelled(signal)
  const images = new Map<ImageOp, PosterImage>()
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') images.set(imageOps[i], result.value)
  })
  const failure = settled.find((result) => result.status === 'rejected')
  if (failure) throw (failure as PromiseRejectedResult).reason
  return images
}

/** The phases of a render that run on the platform's canvas. */
type CanvasPhase = 'create' | 'measure' | 'draw' | 'export'

// What failed, by phase, for development messages (production bundles drop the table).
const PHASE_FAILED: Record<CanvasPhase, string> = {
  create: 'No canvas to draw the poster on',
  measure: "Measuring the poster's text failed",
  draw: 'Drawing the poster failed',
  export: 'Exporting the poster failed',
}

/**
 * One phase of the render on the platform's canvas: typed errors pass through; anything else is the
 * canvas failing, 'canvas_unavailable', said in the phase's own words.
 */
async function canvasPhase<T>(phase: CanvasPhase, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    if (isMiniCodeError(e)) throw e
    const message = __DEV__ ? `${PHASE_FAILED[phase]}: ${describeError(e)}` : ''
    throw new MiniCodeError('canvas_unavailable', message, { cause: e })
  }
}

function throwIfCancelled(signal?: Pick<AbortSignal, 'aborted'>): void {
  if (signal?.aborted) throw cancelledError(__DEV__ ? 'The poster render was cancelled.' : '')
}
