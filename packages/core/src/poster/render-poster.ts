import type { CodeBackend } from '../code-backend'
import { MiniCodeError, isMiniCodeError } from '../errors'
import { classifySource, type ClassifiedSource } from '../save/classify-source'
import type { DrawOp, ImageOp } from './draw-ops'
import { executeDrawOps, type CanvasContextLike, type PosterImage } from './execute-draw-ops'
import { canvasSize, choosePixelRatio, type CanvasSize } from './pixel-ratio'
import { planPoster, type QrEncoder } from './plan-poster'
import type { PosterSpec } from './types'
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
  loadImage(source: ClassifiedSource, ctx: { canvas: PosterCanvas; signal?: AbortSignal }): Promise<PosterImage>
  /** Exports the drawn canvas. */
  exportCanvas(canvas: PosterCanvas, size: CanvasSize): Promise<PosterOutput>
  /** The platform's USER_DATA_PATH, so paths under it count as local files. */
  userDataPath?: string
}

export interface RenderPosterOptions {
  port: PosterCanvasPort
  /** Fetches `code` elements that carry a request. */
  backend?: CodeBackend
  /** Device pixel ratio; spec.pixelRatio wins. Default 2. */
  deviceRatio?: number
  /** Per image (and code) timeout in ms. Default 10000. */
  imageTimeout?: number
  /** Stops the render with 'cancelled'. */
  signal?: AbortSignal
  /** Encodes `qr` elements: pass `createQrMatrix` from '@minicode/core' when the spec has any. */
  qr?: QrEncoder
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
 * Errors: 'invalid_request' (bad spec, field set), 'canvas_unavailable', 'image_load_failed' (field
 * 'elements[i].src', the message names the element's index and id), a code backend's own error for a
 * code element (field 'elements[i].request'), 'cancelled'.
 */
export async function renderPoster(spec: PosterSpec, options: RenderPosterOptions): Promise<RenderedPoster> {
  validatePosterSpec(spec)
  const { port, backend, imageTimeout = 10000, signal } = options
  if (!port || typeof port.createCanvas !== 'function') throw new MiniCodeError('invalid_request', 'renderPoster needs a canvas port.', { field: 'port' })
  const pixelRatio = choosePixelRatio({ width: spec.width, height: spec.height, deviceRatio: spec.pixelRatio ?? options.deviceRatio ?? 2 })
  const size = canvasSize(spec.width, spec.height, pixelRatio)
  checkAborted(signal)

  let canvas: PosterCanvas
  try {
    canvas = await port.createCanvas(size.width, size.height)
    if (!canvas || !canvas.context) throw new Error('the port returned no 2D context')
  } catch (e) {
    throw isMiniCodeError(e) ? e : new MiniCodeError('canvas_unavailable', `No canvas to draw the poster on: ${message(e)}`, { cause: e })
  }
  const ctx = canvas.context
  const ops = planPoster(spec, {
    measure: (text, font) => {
      ctx.font = font
      return ctx.measureText(text).width
    },
    qr: options.qr,
  })

  const imageOps = ops.filter((op): op is ImageOp => op.kind === 'image')
  const cache = new Map<string, Promise<PosterImage>>()
  const load = (source: ClassifiedSource, key: string): Promise<PosterImage> => {
    let p = cache.get(key)
    if (!p) {
      p = withTimeout((sig) => port.loadImage(source, sig ? { canvas, signal: sig } : { canvas }), imageTimeout, `Loading ${key.slice(0, 60)}`)
      cache.set(key, p)
    }
    return p
  }
  const settled = await Promise.allSettled(imageOps.map((op) => loadFor(op, load, backend, port.userDataPath ?? '', imageTimeout)))
  checkAborted(signal)
  const images = new Map<number, PosterImage>()
  for (let i = 0; i < settled.length; i++) {
    const r = settled[i]
    if (r.status === 'rejected') throw r.reason
    images.set(imageOps[i].element, r.value)
  }

  try {
    executeDrawOps(ctx, ops, { images, scaleX: size.scaleX, scaleY: size.scaleY })
  } catch (e) {
    throw isMiniCodeError(e) ? e : new MiniCodeError('canvas_unavailable', `Drawing the poster failed: ${message(e)}`, { cause: e })
  }
  let out: PosterOutput
  try {
    out = await port.exportCanvas(canvas, size)
  } catch (e) {
    throw isMiniCodeError(e) ? e : new MiniCodeError('canvas_unavailable', `Exporting the poster failed: ${message(e)}`, { cause: e })
  }
  checkAborted(signal)
  return { ...out, width: size.width, height: size.height, pixelRatio, ops }
}

async function loadFor(
  op: ImageOp,
  load: (source: ClassifiedSource, key: string) => Promise<PosterImage>,
  backend: CodeBackend | undefined,
  userDataPath: string,
  timeout: number,
): Promise<PosterImage> {
  const name = `element ${op.element}${op.id ? ` (${op.id})` : ''}`
  if (op.source.kind === 'code') {
    const request = op.source.request
    if (!backend) {
      throw new MiniCodeError('invalid_request', `Poster ${name} is a code with a request: pass a backend (httpBackend, cloudBackend, localBackend).`, {
        field: `elements[${op.element}].request`,
      })
    }
    let code
    try {
      code = await withTimeout((signal) => backend.fetchCode(request, signal ? { signal } : {}), timeout, `The code of ${name}`)
    } catch (e) {
      const err = isMiniCodeError(e) ? e : new MiniCodeError('network', message(e), { cause: e })
      throw new MiniCodeError(err.code, `Poster ${name}: ${err.message}`, {
        field: `elements[${op.element}].request`, cause: err, retryable: err.retryable,
        ...(err.errcode !== undefined ? { errcode: err.errcode } : {}),
      })
    }
    const bytes = code.bytes
    return imageOrFail(() => load(classifySource(bytes), `code:${op.element}`), name, 'request', op.element)
  }
  const tries = [op.source.src, op.source.fallbackSrc].filter((s): s is string => !!s)
  let last: unknown
  for (const src of tries) {
    try {
      return await load(classifySource(src, userDataPath), src)
    } catch (e) {
      last = e
    }
  }
  throw failed(name, 'src', op.element, last, tries.length)
}

async function imageOrFail(fn: () => Promise<PosterImage>, name: string, field: string, element: number): Promise<PosterImage> {
  try {
    return await fn()
  } catch (e) {
    throw failed(name, field, element, e, 1)
  }
}

function failed(name: string, field: string, element: number, cause: unknown, tries: number): MiniCodeError {
  const why = message(cause)
  return new MiniCodeError(
    'image_load_failed',
    `The image of poster ${name} did not load${tries > 1 ? ' (nor its fallbackSrc)' : ''}: ${why}. Check the URL is on the downloadFile allow-list, or give a fallbackSrc.`,
    { field: `elements[${element}].${field}`, cause },
  )
}

/** Runs fn with a timeout, aborting its signal then; never leaves a rejection unhandled. */
function withTimeout<T>(fn: (signal?: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller?.abort()
      reject(new MiniCodeError('timeout', `${what} took longer than ${ms} ms.`))
    }, ms)
    let p: Promise<T>
    try {
      p = Promise.resolve(fn(controller?.signal))
    } catch (e) {
      p = Promise.reject(e)
    }
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MiniCodeError('cancelled', 'The poster render was cancelled.')
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message
  if (e && typeof e === 'object' && typeof (e as { errMsg?: unknown }).errMsg === 'string') return (e as { errMsg: string }).errMsg
  return String(e)
}
