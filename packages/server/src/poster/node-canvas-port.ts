import type * as NapiCanvas from '@napi-rs/canvas'
import {
  MiniCodeError,
  parseDataUrl,
  type CanvasContextLike,
  type PosterCanvasPort,
  type PosterImage,
} from '@minicode/core'
import type { ImageFetcher } from './image-policy'

/** The canvas library: @napi-rs/canvas, an optional peer dependency loaded on first render. */
export type CanvasLibrary = typeof NapiCanvas

export const CANVAS_INSTALL = 'npm install @napi-rs/canvas'

let loading: Promise<CanvasLibrary> | undefined

/**
 * Imports @napi-rs/canvas once. Without it: 'unsupported' with the install command (a server that
 * never renders posters need not install it). `specifier` exists for the test of that message.
 */
export function loadCanvasLibrary(specifier = '@napi-rs/canvas'): Promise<CanvasLibrary> {
  if (specifier !== '@napi-rs/canvas') return importCanvas(specifier)
  loading ??= importCanvas(specifier).catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

async function importCanvas(specifier: string): Promise<CanvasLibrary> {
  try {
    const lib = (await import(specifier)) as CanvasLibrary & { default?: CanvasLibrary }
    return typeof lib.createCanvas === 'function' ? lib : (lib.default as CanvasLibrary)
  } catch (cause) {
    throw new MiniCodeError(
      'unsupported',
      `Rendering posters on the server needs the canvas library ${specifier}: ${CANVAS_INSTALL}`,
      { cause },
    )
  }
}

/** Where the server port gets bytes that are not in the spec itself. */
export interface NodePortOptions {
  /** Fetches http(s) images and fonts under the image policy; without it, remote sources are refused. */
  fetchRemote?: ImageFetcher
}

/** The port plus the canvas it drew last, which renderPosterImage encodes itself. */
export interface NodeCanvasPort extends PosterCanvasPort {
  drawn?: NapiCanvas.Canvas
}

/**
 * core's PosterCanvasPort on @napi-rs/canvas: images from data URLs (and base64) or fetched under
 * the image policy, never from local paths or cloud files (a spec may come from anyone); fonts of
 * spec.fonts registered under their family.
 */
export function createNodeCanvasPort(lib: CanvasLibrary, options: NodePortOptions = {}): NodeCanvasPort {
  const port: NodeCanvasPort = {
    imagesOnAnyCanvas: true,
    createCanvas(width, height) {
      const canvas = lib.createCanvas(width, height)
      return { canvas, context: canvas.getContext('2d') as unknown as CanvasContextLike }
    },
    async loadImage(source, { signal }) {
      let bytes: Uint8Array
      if (source.kind === 'data') bytes = Buffer.from(source.data, 'base64')
      else if (source.kind === 'url') bytes = await remote(source.url, signal)
      else throw refusedLocal(source.kind === 'cloud' ? source.fileID : source.filePath)
      return decodeImage(lib, bytes)
    },
    async loadFont(font, { signal }) {
      let bytes: Uint8Array
      if (/^data:/i.test(font.src)) bytes = parseDataUrl(font.src).bytes
      else if (/^https?:\/\//i.test(font.src)) bytes = await remote(font.src, signal)
      else throw refusedLocal(font.src)
      if (!lib.GlobalFonts.register(Buffer.from(bytes), font.family)) {
        throw new MiniCodeError(
          'invalid_request',
          `fonts: ${font.family} is not a font file the canvas can read.`,
        )
      }
    },
    async exportCanvas(c) {
      port.drawn = c.canvas as NapiCanvas.Canvas
      return {}
    },
  }

  function remote(url: string, signal?: AbortSignal): Promise<Uint8Array> {
    if (!options.fetchRemote) {
      return Promise.reject(
        new MiniCodeError(
          'forbidden',
          `Image refused: ${url}: remote images need an allow-list (imageHosts).`,
        ),
      )
    }
    return options.fetchRemote(url, signal)
  }
  return port
}

function refusedLocal(where: string): MiniCodeError {
  return new MiniCodeError(
    'forbidden',
    `Image refused: ${where.slice(0, 80)}: local paths and cloud files are not read on the server (use a data URL or an allowed https URL).`,
  )
}

/** @napi-rs/canvas knows an image's size at once but decodes its pixels asynchronously: wait for onload. */
function decodeImage(lib: CanvasLibrary, bytes: Uint8Array): Promise<PosterImage> {
  const image = new lib.Image()
  return new Promise((resolve, reject) => {
    image.onload = () => resolve(image as unknown as PosterImage)
    image.onerror = (error) =>
      reject(new MiniCodeError('not_an_image', `Not an image the canvas can decode: ${String(error)}`))
    image.src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  })
}
