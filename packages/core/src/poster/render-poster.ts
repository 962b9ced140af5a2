import type { CodeBackend } from '../code/backend'
import { MiniCodeError, isMiniCodeError } from '../errors'
import { invalidRequest } from '../errors'
import { memo } from '../memo'
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
  loadImage(
    source: ClassifiedSource,
    ctx: { canvas: PosterCanvas; signal?: AbortSignal },
  ): Promise<PosterImage>
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
 * Errors: 'invalid_request' (bad spec, field set), 'canvas_unavailable' (any untyped failure of the
 * canvas: creating, measuring, drawing, exporting), 'image_load_failed' (field 'elements[i].src', the
 * message names the element's index and id), a code backend's own error for a code element (field
 * 'elements[i].request'), 'cancelled'.
 */
export async function renderPoster(spec: PosterSpec, options: RenderPosterOptions): Promise<RenderedPoster> {
  validatePosterSpec(spec)
  const { port, backend, imageTimeout = 10000, signal } = options
  if (!port || typeof port.createCanvas !== 'function')
    throw invalidRequest(
      'port',
      process.env.NODE_ENV !== 'production' ? 'renderPoster needs a canvas port.' : '',
    )
  const pixelRatio = choosePixelRatio({
    width: spec.width,
    height: spec.height,
    // A spec's pixelRatio is valid (> 0) when set.
    deviceRatio: spec.pixelRatio || (options.deviceRatio ?? 2),
  })
  const size = canvasSize(spec.width, spec.height, pixelRatio)
  const checkAborted = (): void => {
    if (signal && signal.aborted)
      throw new MiniCodeError(
        'cancelled',
        process.env.NODE_ENV !== 'production' ? 'The poster render was cancelled.' : '',
      )
  }
  checkAborted()
  // Which canvas step failed, for development messages (0 create, 1 draw, 2 export).
  let step = 0
  try {
    const canvas = await port.createCanvas(size.width, size.height)
    if (!canvas || !canvas.context)
      throw new Error(process.env.NODE_ENV !== 'production' ? 'the port returned no 2D context' : '')
    const ctx = canvas.context
    const ops = planPoster(spec, {
      measure: (text, font) => {
        ctx.font = font
        return ctx.measureText(text).width
      },
      qr: options.qr,
    })

    // One load per distinct source: the same URL twice on a poster is fetched once.
    const cache = new Map<string, Promise<PosterImage>>()
    const load = (source: ClassifiedSource, key: string): Promise<PosterImage> =>
      memo(cache, key, () =>
        withTimeout(
          (signal) => port.loadImage(source, { canvas, signal }),
          imageTimeout,
          process.env.NODE_ENV !== 'production' ? `Loading ${key.slice(0, 60)}` : '',
        ),
      )
    const loadFor = async (op: ImageOp): Promise<PosterImage> => {
      const at = `elements[${op.element}]`
      const name =
        process.env.NODE_ENV !== 'production' ? `element ${op.element}${op.id ? ` (${op.id})` : ''}` : ''
      const source = op.source
      if (source.kind === 'code') {
        if (!backend) {
          throw invalidRequest(
            `${at}.request`,
            process.env.NODE_ENV !== 'production'
              ? `Poster ${name} is a code with a request: pass a backend (httpBackend, cloudBackend, localBackend).`
              : '',
          )
        }
        let code
        try {
          code = await withTimeout(
            (signal) => backend.fetchCode(source.request, { signal }),
            imageTimeout,
            process.env.NODE_ENV !== 'production' ? `The code of ${name}` : '',
          )
        } catch (e) {
          const err = isMiniCodeError(e)
            ? e
            : new MiniCodeError('network', process.env.NODE_ENV !== 'production' ? message(e) : '', {
                cause: e,
              })
          throw new MiniCodeError(
            err.code,
            process.env.NODE_ENV !== 'production' ? `Poster ${name}: ${err.message}` : '',
            {
              field: `${at}.request`,
              cause: err,
              retryable: err.retryable,
              // Left out when undefined, like every option.
              errcode: err.errcode,
            },
          )
        }
        try {
          return await load(classifySource(code.bytes), `code:${op.element}`)
        } catch (e) {
          throw failed(name, `${at}.request`, e, 1)
        }
      }
      const tries = [source.src, source.fallbackSrc].filter(Boolean) as string[]
      let last: unknown
      for (const src of tries) {
        try {
          return await load(classifySource(src, port.userDataPath || ''), src)
        } catch (e) {
          last = e
        }
      }
      throw failed(name, `${at}.src`, last, tries.length)
    }
    const images = new Map<number, PosterImage>()
    const settled = await Promise.allSettled(
      ops.map(async (op) => op.kind === 'image' && images.set(op.element, await loadFor(op))),
    )
    checkAborted()
    // The first failure in element order, whichever settled first.
    for (const r of settled) if (r.status === 'rejected') throw r.reason

    if (process.env.NODE_ENV !== 'production') step = 1
    executeDrawOps(ctx, ops, { images, scaleX: size.scaleX, scaleY: size.scaleY })
    if (process.env.NODE_ENV !== 'production') step = 2
    const out = await port.exportCanvas(canvas, size)
    checkAborted()
    return { ...out, width: size.width, height: size.height, pixelRatio, ops }
  } catch (e) {
    // Loads, plans and ports throw typed errors; anything else is the platform's canvas failing.
    throw isMiniCodeError(e)
      ? e
      : new MiniCodeError(
          'canvas_unavailable',
          process.env.NODE_ENV !== 'production'
            ? `${['No canvas to draw the poster on', 'Drawing the poster failed', 'Exporting the poster failed'][step]}: ${message(e)}`
            : '',
          { cause: e },
        )
  }
}

function failed(name: string, field: string, cause: unknown, tries: number): MiniCodeError {
  return new MiniCodeError(
    'image_load_failed',
    process.env.NODE_ENV !== 'production'
      ? `The image of poster ${name} did not load${tries > 1 ? ' (nor its fallbackSrc)' : ''}: ${message(cause)}. Check the URL is on the downloadFile allow-list, or give a fallbackSrc.`
      : '',
    { field, cause },
  )
}

/** Runs fn with a timeout, aborting its signal then; never leaves a rejection unhandled. */
function withTimeout<T>(fn: (signal?: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (controller) controller.abort()
      reject(
        new MiniCodeError(
          'timeout',
          process.env.NODE_ENV !== 'production' ? `${what} took longer than ${ms} ms.` : '',
        ),
      )
    }, ms)
    const settle =
      <V>(f: (v: V) => void) =>
      (v: V): void => {
        clearTimeout(timer)
        f(v)
      }
    // A synchronous throw of fn becomes a rejection too.
    new Promise<T>((r) => r(fn(controller && controller.signal))).then(settle(resolve), settle(reject))
  })
}

function message(e: unknown): string {
  const errMsg = (e as { errMsg?: unknown } | null)?.errMsg
  return e instanceof Error ? e.message : typeof errMsg === 'string' ? errMsg : String(e)
}
