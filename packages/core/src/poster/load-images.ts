import type { CodeBackend } from '../code/backend'
import { MiniCodeError, invalidRequest, isMiniCodeError } from '../errors'
import { memo } from '../memo'
import { classifySource, type ClassifiedSource } from '../save/classify-source'
import type { CodeImage } from '../types'
import type { ImageOp } from './draw-ops'
import type { PosterImage } from './execute-draw-ops'
import type { PosterCanvas, PosterCanvasPort } from './render-poster'

export interface ImageLoaderOptions {
  port: PosterCanvasPort
  /** The canvas the images are for (mini-programs create images from it). */
  canvas: PosterCanvas
  /** Fetches `code` elements that carry a request. */
  backend?: CodeBackend
  /** Per image (and code) timeout in ms. */
  imageTimeout: number
}

/**
 * The image loader of one render: loads the image of an image op, with a timeout for each try, then
 * its fallbackSrc; the same source twice on a poster is loaded once. Fails with 'image_load_failed'
 * (field `elements[i].src`, or `.request` for a code), 'invalid_request' for a code request without a
 * backend, or the backend's own error (field `elements[i].request`).
 */
export function createImageLoader(options: ImageLoaderOptions): (op: ImageOp) => Promise<PosterImage> {
  const { port, canvas, backend, imageTimeout } = options
  const loads = new Map<string, Promise<PosterImage>>()

  /** One load per distinct key, with its timeout. */
  const load = (source: ClassifiedSource, key: string): Promise<PosterImage> =>
    memo(loads, key, () =>
      withTimeout(
        (signal) => port.loadImage(source, { canvas, signal }),
        imageTimeout,
        __DEV__ ? `Loading ${key.slice(0, 60)}` : '',
      ),
    )

  /** A code element: fetched through the backend, then loaded from its bytes. */
  async function loadCode(op: ImageOp, request: CodeImageRequest): Promise<PosterImage> {
    const name = elementName(op)
    const field = `elements[${op.element}].request`
    if (!backend) {
      throw invalidRequest(
        field,
        __DEV__
          ? `Poster ${name} is a code with a request: pass a backend (httpBackend, cloudBackend, localBackend).`
          : '',
      )
    }
    let code: CodeImage
    try {
      code = await withTimeout(
        (signal) => backend.fetchCode(request, { signal }),
        imageTimeout,
        __DEV__ ? `The code of ${name}` : '',
      )
    } catch (e) {
      throw codeFetchFailed(name, field, e)
    }
    try {
      return await load(classifySource(code.bytes), `code:${op.element}`)
    } catch (e) {
      throw loadFailed(name, field, e, 1)
    }
  }

  /** An image element (or a code with a ready dataUrl): its src, then its fallbackSrc. */
  async function loadSrc(op: ImageOp, src: string, fallbackSrc?: string): Promise<PosterImage> {
    const tries = fallbackSrc ? [src, fallbackSrc] : [src]
    let lastError: unknown
    for (const source of tries) {
      try {
        return await load(classifySource(source, port.userDataPath || ''), source)
      } catch (e) {
        lastError = e
      }
    }
    throw loadFailed(elementName(op), `elements[${op.element}].src`, lastError, tries.length)
  }

  return (op) =>
    op.source.kind === 'code'
      ? loadCode(op, op.source.request)
      : loadSrc(op, op.source.src, op.source.fallbackSrc)
}

type CodeImageRequest = Parameters<CodeBackend['fetchCode']>[0]

/** 'element 3 (avatar)', for development messages ('' in production builds). */
function elementName(op: ImageOp): string {
  if (!__DEV__) return ''
  return op.id ? `element ${op.element} (${op.id})` : `element ${op.element}`
}

/** A code backend's failure, kept with its code and errcode, at the element's field. */
function codeFetchFailed(name: string, field: string, e: unknown): MiniCodeError {
  const error = isMiniCodeError(e)
    ? e
    : new MiniCodeError('network', __DEV__ ? describeError(e) : '', { cause: e })
  return new MiniCodeError(error.code, __DEV__ ? `Poster ${name}: ${error.message}` : '', {
    field,
    cause: error,
    retryable: error.retryable,
    // Left out when undefined, like every option.
    errcode: error.errcode,
  })
}

function loadFailed(name: string, field: string, cause: unknown, tries: number): MiniCodeError {
  let message = ''
  if (__DEV__) {
    const fallback = tries > 1 ? ' (nor its fallbackSrc)' : ''
    message =
      `The image of poster ${name} did not load${fallback}: ${describeError(cause)}. ` +
      'Check the URL is on the downloadFile allow-list, or give a fallbackSrc.'
  }
  return new MiniCodeError('image_load_failed', message, { field, cause })
}

/** Runs `start` with a timeout, aborting its signal then; never leaves a rejection unhandled. */
function withTimeout<T>(start: (signal?: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  // Mini-program engines may lack AbortController: the call then just runs on.
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller?.abort()
      reject(new MiniCodeError('timeout', __DEV__ ? `${what} took longer than ${ms} ms.` : ''))
    }, ms)
    // Called right away, inside a promise, so a synchronous throw becomes a rejection too.
    const call = new Promise<T>((settle) => settle(start(controller?.signal)))
    call.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** The text of an Error, a platform error object's errMsg, or anything else. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message
  const errMsg = (e as { errMsg?: unknown } | null)?.errMsg
  if (typeof errMsg === 'string') return errMsg
  return String(e)
}
