import type { CodeBackend } from '../code/backend'
import { MiniCodeError, invalidRequest, isMiniCodeError } from '../errors'
import { memo } from '../memo'
import { classifySource, type ClassifiedSource } from '../save/classify-source'
import type { CodeImage } from '../types'
import type { ImageOp } from './draw-ops'
import { elementPath, type PosterImage } from './execute-draw-ops'
import type { ImageCache } from './image-cache'
import type { PosterCanvas, PosterCanvasPort } from './render-poster'

export interface ImageLoaderOptions {
  port: PosterCanvasPort
  /** The canvas the images are for (mini-programs create images from it). */
  canvas: PosterCanvas
  /** Fetches `code` elements that carry a request. */
  backend?: CodeBackend
  /** Per image (and code) timeout in ms. */
  imageTimeout: number
  /** Images kept from earlier renders on the page (see image-cache.ts). */
  cache?: ImageCache
  /** The render's stop flag: a cancelled render starts no retry. */
  signal?: Pick<AbortSignal, 'aborted'>
}

/** The image loader of one render. */
export interface ImageLoader {
  /** The loaded image of an image op. */
  load(op: ImageOp): Promise<PosterImage>
  /** Lets the cache drop what this render loaded; call once the render has settled. */
  release(): void
}

/** At most this long (and a quarter of the timeout) a URL's load may stay silent before its one retry. */
export const RETRY_GRACE_MS = 2000

/**
 * The image loader of one render: loads the image of an image op, with a timeout for each try, then
 * its fallbackSrc; the same source twice on a poster is loaded once, and with a `cache` an image an
 * earlier render loaded is reused. A URL whose load neither succeeds nor fails within a grace period
 * is tried once more with a cache-busting query, inside the same timeout (Android's createImage
 * sometimes fires neither onload nor onerror for a src it loaded before). Fails with
 * 'image_load_failed' (field `elements[i].src`, or `.request` for a code), 'invalid_request' for a
 * code request without a backend, or the backend's own error (field `elements[i].request`).
 */
export function createImageLoader(options: ImageLoaderOptions): ImageLoader {
  const { port, canvas, backend, imageTimeout, cache, signal } = options
  const loads = new Map<string, Promise<PosterImage>>()
  const held: Array<() => void> = []
  // Images of H5 and Node can be drawn on any canvas; a mini-program's only on the one that made it.
  const owner = port.imagesOnAnyCanvas ? undefined : canvas.canvas

  /** One load per distinct key in this render, shared with other renders through the cache. */
  const once = (key: string, start: () => Promise<PosterImage>): Promise<PosterImage> =>
    memo(loads, key, () => {
      if (!cache) return start()
      const cached = cache.get(key, owner, start)
      held.push(cached.release)
      return cached.image
    })

  /** Loads a source with its timeout. */
  const load = (source: ClassifiedSource, key: string): Promise<PosterImage> =>
    once(key, () =>
      withTimeout(
        (abort) => loadWithRetry(source, abort),
        imageTimeout,
        __DEV__ ? `Loading ${key.slice(0, 60)}` : '',
      ),
    )

  /**
   * Loads a source; a URL still silent after the grace period also gets a second load of a
   * cache-busting URL, and the first of the two to succeed wins (both failing: the first's error).
   */
  function loadWithRetry(source: ClassifiedSource, abort?: AbortSignal): Promise<PosterImage> {
    const first = port.loadImage(source, { canvas, signal: abort })
    if (source.kind !== 'url') return first
    return new Promise<PosterImage>((resolve, reject) => {
      let tries = 1
      let failures = 0
      let firstError: unknown
      const fail = (error: unknown, isFirst: boolean) => {
        if (isFirst) firstError = error
        failures++
        // Settled only once every try started has failed.
        if (failures === tries) reject(isFirst || firstError === undefined ? error : firstError)
      }
      const retry = () => {
        // A stopped render or a timed-out load starts nothing more.
        if (signal?.aborted || abort?.aborted) return
        tries = 2
        const busted: ClassifiedSource = { kind: 'url', url: cacheBusted(source.url) }
        port.loadImage(busted, { canvas, signal: abort }).then(resolve, (e: unknown) => fail(e, false))
      }
      const timer = setTimeout(retry, Math.min(RETRY_GRACE_MS, imageTimeout / 4))
      first.then(
        (image) => {
          clearTimeout(timer)
          resolve(image)
        },
        (e: unknown) => {
          // A failure before the grace period is an answer: no retry, the fallbackSrc is next.
          clearTimeout(timer)
          fail(e, true)
        },
      )
      abort?.addEventListener?.('abort', () => clearTimeout(timer))
    })
  }

  /** A code element: fetched through the backend, then loaded from its bytes. */
  async function loadCode(op: ImageOp, request: CodeImageRequest): Promise<PosterImage> {
    const name = elementName(op)
    const field = `${elementPath(op)}.request`
    if (!backend) {
      throw invalidRequest(
        field,
        __DEV__
          ? `Poster ${name} is a code with a request: pass a backend (httpBackend, cloudBackend, localBackend).`
          : '',
      )
    }
    // The same request gives the same code: a later render reuses the image, fetch included.
    return once(`code:${JSON.stringify(request)}`, async () => {
      let code: CodeImage
      try {
        code = await withTimeout(
          (abort) => backend.fetchCode(request, { signal: abort }),
          imageTimeout,
          __DEV__ ? `The code of ${name}` : '',
        )
      } catch (e) {
        throw codeFetchFailed(name, field, e)
      }
      try {
        return await withTimeout(
          (abort) => port.loadImage(classifySource(code.bytes), { canvas, signal: abort }),
          imageTimeout,
          __DEV__ ? `Loading the code of ${name}` : '',
        )
      } catch (e) {
        throw loadFailed(name, field, e, 1)
      }
    })
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
    throw loadFailed(elementName(op), `${elementPath(op)}.src`, lastError, tries.length)
  }

  return {
    load: (op) =>
      op.source.kind === 'code'
        ? loadCode(op, op.source.request)
        : loadSrc(op, op.source.src, op.source.fallbackSrc),
    release: () => held.splice(0).forEach((release) => release()),
  }
}

/** The URL with a query no cache has seen, before any #fragment: `?_mcretry=…` or `&_mcretry=…`. */
export function cacheBusted(url: string): string {
  const hash = url.indexOf('#')
  const base = hash < 0 ? url : url.slice(0, hash)
  const fragment = hash < 0 ? '' : url.slice(hash)
  const mark = `_mcretry=${Date.now().toString(36)}`
  return `${base}${base.includes('?') ? '&' : '?'}${mark}${fragment}`
}

type CodeImageRequest = Parameters<CodeBackend['fetchCode']>[0]

/** 'element 3 (avatar)', for development messages ('' in production builds). */
function elementName(op: ImageOp): string {
  if (!__DEV__) return ''
  const at = op.path ?? `element ${op.element}`
  return op.id ? `${at} (${op.id})` : at
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
export function withTimeout<T>(
  start: (signal?: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
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
