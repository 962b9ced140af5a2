// A faithful stand-in for the canvas APIs of WeChat and of a browser, drawing for real on
// @napi-rs/canvas, so that the posters these tests render have pixels to check.
import Taro from '@tarojs/taro'
import { Image, createCanvas, type Canvas } from '@napi-rs/canvas'
import { PNG } from 'pngjs'
import type { PosterSpec } from '@minicode/core'

const napiSrc = Object.getOwnPropertyDescriptor(Image.prototype, 'src')!

/** Where images come from: bytes, 'fail', or a promise (held until the test settles it). */
export type NetImage = Buffer | 'fail' | Promise<Buffer>

/** An image whose `src` is resolved the way the fake platform would; still a real napi Image for drawImage. */
function imageClass(resolve: (src: string) => NetImage | undefined, loads: string[]) {
  class FakeImage extends Image {
    source = ''
    crossOrigin: string | null = null
  }
  // An accessor over napi's own `src` (declared a property in its types).
  Object.defineProperty(FakeImage.prototype, 'src', {
    get(this: FakeImage) {
      return this.source
    },
    set(this: FakeImage, value: string) {
      this.source = value
      loads.push(value)
      const found = resolve(value)
      const fail = (why: string) =>
        setTimeout(() => this.onerror?.({ errMsg: `image load fail: ${why}` } as never), 0)
      if (!found || found === 'fail') {
        fail(found ? 'network' : `no such image ${value.slice(0, 40)}`)
        return
      }
      Promise.resolve(found).then(
        (bytes) => napiSrc.set!.call(this, bytes),
        () => fail('network'),
      )
    },
  })
  return FakeImage
}

/** WeChat's Canvas 2D node: width/height are the backing store; createImage() makes images for it. */
export class FakeCanvasNode {
  readonly canvas: Canvas = createCanvas(300, 150)
  constructor(private readonly ImageOf: new () => Image) {}
  get width(): number {
    return this.canvas.width
  }
  set width(v: number) {
    this.canvas.width = v
  }
  get height(): number {
    return this.canvas.height
  }
  set height(v: number) {
    this.canvas.height = v
  }
  getContext(type: string) {
    return type === '2d' ? this.canvas.getContext('2d') : null
  }
  createImage(): Image {
    return new this.ImageOf()
  }
}

export interface FakeWeChat {
  /** USER_DATA_PATH files and temp files, by path. */
  files: Map<string, Buffer>
  /** Every file written with writeFile, and every file removed with unlink. */
  written: string[]
  removed: string[]
  /** Network images by URL. */
  net: Map<string, NetImage>
  /** Every src given to an image. */
  loads: string[]
  /** How many times the selector query ran. */
  queries: number
  exports: Array<{ destWidth: number; destHeight: number; tempFilePath: string; node: FakeCanvasNode }>
  /** The node of a page element (by id), as fields({ node: true }) would return it. */
  nodeOf(id: string): FakeCanvasNode | undefined
  restore(): void
}

export const USER_DATA_PATH = 'wxfile://usr'

/**
 * Makes the Taro object (the jest shim of '@tarojs/taro') behave like WeChat for the poster: a
 * selector query that finds `<Canvas type="2d" id>` elements of the jsdom page as Canvas 2D nodes,
 * canvasToTempFilePath writing a PNG temp file, a FileSystemManager over an in-memory map, and
 * TARO_ENV 'weapp'. `silentQuery` makes exec never call back (a host that drops the query).
 */
export function installFakeWeChat(options: { silentQuery?: boolean } = {}): FakeWeChat {
  const taro = Taro as unknown as Record<string, unknown>
  const saved = new Map(
    ['createSelectorQuery', 'canvasToTempFilePath', 'getFileSystemManager', 'env'].map((k) => [k, taro[k]]),
  )
  const env = process.env.TARO_ENV
  process.env.TARO_ENV = 'weapp'
  const nodes = new WeakMap<Element, FakeCanvasNode>()
  let temp = 0
  const fake: FakeWeChat = {
    files: new Map(),
    written: [],
    removed: [],
    net: new Map(),
    loads: [],
    queries: 0,
    exports: [],
    nodeOf: (id) => {
      const el = document.getElementById(id)
      return el ? nodes.get(el) : undefined
    },
    restore() {
      for (const [k, v] of saved) taro[k] = v
      process.env.TARO_ENV = env
    },
  }
  const ImageOf = imageClass((src) => {
    // Old engines take no data URIs: the port must never hand one over.
    if (src.startsWith('data:')) return undefined
    return fake.files.get(src) ?? fake.net.get(src)
  }, fake.loads)

  taro.env = { USER_DATA_PATH }
  taro.createSelectorQuery = () => ({
    select: (selector: string) => ({
      fields: (fields: { node?: boolean; size?: boolean }) => ({
        exec(cb: (res: unknown[]) => void) {
          fake.queries++
          if (options.silentQuery) return
          // Answers a frame later, as the view layer does; only a type="2d" canvas has a node.
          setTimeout(() => {
            const el = document.querySelector(selector)
            if (!el) return cb([null])
            let node = nodes.get(el)
            if (!node && el.getAttribute('type') === '2d') nodes.set(el, (node = new FakeCanvasNode(ImageOf)))
            cb([{ node: fields.node ? node : undefined, width: 375, height: 600 }])
          }, 0)
        },
      }),
    }),
  })
  taro.canvasToTempFilePath = async (o: {
    canvas: FakeCanvasNode
    destWidth?: number
    destHeight?: number
  }) => {
    if (!(o.canvas instanceof FakeCanvasNode)) throw { errMsg: 'canvasToTempFilePath:fail canvas is empty' }
    const { canvas } = o.canvas
    const w = o.destWidth ?? canvas.width
    const h = o.destHeight ?? canvas.height
    const out = createCanvas(w, h)
    out.getContext('2d').drawImage(canvas, 0, 0, canvas.width, canvas.height, 0, 0, w, h)
    const tempFilePath = `http://tmp/canvas-${++temp}.png`
    fake.files.set(tempFilePath, out.toBuffer('image/png'))
    fake.exports.push({ destWidth: w, destHeight: h, tempFilePath, node: o.canvas })
    return { tempFilePath, errMsg: 'canvasToTempFilePath:ok' }
  }
  taro.getFileSystemManager = () => ({
    writeFile(o: {
      filePath: string
      data: string | ArrayBuffer
      encoding?: string
      success(): void
      fail(e: unknown): void
    }) {
      setTimeout(() => {
        if (!o.filePath.startsWith(USER_DATA_PATH + '/'))
          return o.fail({ errMsg: 'writeFile:fail permission denied' })
        // As WeChat: base64 text with encoding 'base64', or an ArrayBuffer written as it is.
        const isBase64 = typeof o.data === 'string' && o.encoding === 'base64'
        if (!isBase64 && !(o.data instanceof ArrayBuffer))
          return o.fail({ errMsg: 'writeFile:fail data is invalid' })
        fake.files.set(
          o.filePath,
          typeof o.data === 'string' ? Buffer.from(o.data, 'base64') : Buffer.from(o.data),
        )
        fake.written.push(o.filePath)
        o.success()
      }, 0)
    },
    unlink(o: { filePath: string; success(): void; fail(e: unknown): void }) {
      setTimeout(() => {
        if (!fake.files.delete(o.filePath))
          return o.fail({ errMsg: `unlink:fail no such file ${o.filePath}` })
        fake.removed.push(o.filePath)
        o.success()
      }, 0)
    },
  })
  return fake
}

export interface FakeBrowser {
  net: Map<string, NetImage>
  loads: string[]
  canvases: Canvas[]
  restore(): void
}

/**
 * A browser canvas for the H5 port in jsdom (whose own canvas has no 2D context): canvas elements
 * made by document.createElement are napi canvases, `new Image()` decodes data URLs and net images.
 */
export function installFakeBrowser(): FakeBrowser {
  const env = process.env.TARO_ENV
  process.env.TARO_ENV = 'h5'
  const fake: FakeBrowser = { net: new Map(), loads: [], canvases: [], restore: () => undefined }
  const create = document.createElement.bind(document)
  const spy = jest.spyOn(document, 'createElement').mockImplementation(((
    tag: string,
    o?: ElementCreationOptions,
  ) => {
    if (tag !== 'canvas') return create(tag, o)
    const canvas = createCanvas(300, 150)
    fake.canvases.push(canvas)
    return canvas as unknown as HTMLCanvasElement
  }) as typeof document.createElement)
  const savedImage = window.Image
  window.Image = imageClass((src) => {
    if (src.startsWith('data:')) return Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')
    return fake.net.get(src)
  }, fake.loads) as unknown as typeof window.Image
  fake.restore = () => {
    spy.mockRestore()
    window.Image = savedImage
    process.env.TARO_ENV = env
  }
  return fake
}

/** A held promise and its settlers. */
export function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** A PNG of one colour. */
export function solidPng(color: string, width = 8, height = 8): Buffer {
  const c = createCanvas(width, height)
  const ctx = c.getContext('2d')
  ctx.fillStyle = color
  ctx.fillRect(0, 0, width, height)
  return c.toBuffer('image/png')
}

/** A 40 × 20 poster: white, with a picture (element `id`) on its right half. */
export const halfPictureSpec = (src: string, id = 'photo'): PosterSpec => ({
  width: 40,
  height: 20,
  background: '#ffffff',
  elements: [{ type: 'image', id, x: 20, y: 0, width: 20, height: 20, src }],
})

/** A PNG's pixels. */
export function decodePng(png: Buffer): { width: number; height: number; data: Buffer } {
  return PNG.sync.read(png)
}

/** One pixel of a PNG as [r, g, b, a]. */
export function pixel(png: Buffer, x: number, y: number): number[] {
  const img = decodePng(png)
  const i = (y * img.width + x) * 4
  return [...img.data.subarray(i, i + 4)]
}
