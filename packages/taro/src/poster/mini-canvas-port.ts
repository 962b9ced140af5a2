import Taro from '@tarojs/taro'
import { MiniCodeError, type ClassifiedSource, type PosterCanvasPort } from '@minicode/core'
import { fsCall, tempFileUrl, writeFile, type MiniApi } from '../platform/mini-api'
import { loadMiniFont } from './load-mini-font'
import { loadImage } from './load-image'

/** The Canvas 2D node of WeChat (and tt, qq, jd): what `fields({ node: true })` returns. */
export interface MiniCanvasNode {
  width: number
  height: number
  getContext(type: '2d'): unknown
  createImage(): MiniImage
  /** Alipay's 2D canvas exports itself (my.canvasToTempFilePath knows only the old canvas). */
  toTempFilePath?(o: ExportOptions & { success(res: ExportResult): void; fail(e: unknown): void }): void
}

interface ExportOptions {
  destWidth: number
  destHeight: number
  fileType: 'png'
}

/** Alipay's older base libraries name the file apFilePath. */
type ExportResult = { tempFilePath?: string; apFilePath?: string }

export interface MiniImage {
  width: number
  height: number
  src: string
  onload: (() => void) | null
  onerror: ((e: unknown) => void) | null
}

/** The canvas part of Taro's mini-program API, beside what the album adapters already type. */
interface CanvasApi extends MiniApi {
  createSelectorQuery(): {
    select(selector: string): {
      fields(fields: { node: boolean; size: boolean }): {
        exec(cb: (res: Array<{ node?: MiniCanvasNode } | null>) => void): void
      }
    }
  }
  canvasToTempFilePath(o: ExportOptions & { canvas: unknown }): Promise<ExportResult>
}

/** A canvas port that also removes the files it wrote; call `dispose()` when the render has settled. */
export interface TaroCanvasPort extends PosterCanvasPort {
  dispose(): Promise<void>
}

let files = 0

/**
 * The poster canvas of mini-programs: the `<Canvas type="2d" id>` node rendered by usePoster / <Poster>,
 * found with createSelectorQuery. The node exists only after the page's first render has reached the
 * view layer, so the query is repeated every frame until it answers, and fails 'canvas_unavailable'
 * after `waitMs`. Images load through canvas.createImage(); base64 and data URLs are written to a file
 * under USER_DATA_PATH first (WeChat takes data URIs only from base library 2.11, and not on every
 * Android build nor on other hosts; a file works everywhere), removed by `dispose()`. Export is
 * canvasToTempFilePath({ canvas }) at the backing store's exact size; on Alipay, the canvas's own
 * toTempFilePath.
 */
export function createMiniCanvasPort(id: string, waitMs = 3000): TaroCanvasPort {
  const api = Taro as unknown as CanvasApi
  const userDataPath = api.env?.USER_DATA_PATH || 'wxfile://usr'
  const written: string[] = []

  const sourceOf = async (source: ClassifiedSource): Promise<string> => {
    if (source.kind === 'url') return source.url
    if (source.kind === 'local') return source.filePath
    if (source.kind === 'cloud') return tempFileUrl(source.fileID)
    const filePath = `${userDataPath}/minicode-poster-${++files}.${source.ext}`
    // Base64, written with encoding 'base64': the one form every host's writeFile takes.
    await writeFile(filePath, source.data)
    written.push(filePath)
    return filePath
  }

  return {
    userDataPath,
    async createCanvas(width, height) {
      const node = await findNode(api, id, waitMs)
      node.width = width
      node.height = height
      return { canvas: node, context: node.getContext('2d') as never }
    },
    loadFont: loadMiniFont,
    async loadImage(source, { canvas }) {
      const src = await sourceOf(source)
      return loadImage((canvas.canvas as MiniCanvasNode).createImage(), src)
    },
    exportCanvas(canvas, size) {
      const node = canvas.canvas as MiniCanvasNode
      const options: ExportOptions = { destWidth: size.width, destHeight: size.height, fileType: 'png' }
      const exported: Promise<ExportResult> =
        process.env.TARO_ENV === 'alipay' && node.toTempFilePath
          ? new Promise((success, fail) => node.toTempFilePath!({ ...options, success, fail }))
          : api.canvasToTempFilePath({ ...options, canvas: node })
      return exported.then((res) => ({ tempFilePath: res.tempFilePath || res.apFilePath }))
    },
    dispose: () =>
      Promise.all(written.splice(0).map((filePath) => fsCall('unlink', { filePath }))).then(
        () => undefined,
        () => undefined,
      ),
  }
}

/** Asks for the node until it exists (one query per frame), for at most `waitMs`. */
function findNode(api: CanvasApi, id: string, waitMs: number): Promise<MiniCanvasNode> {
  return new Promise((resolve, reject) => {
    let done = false
    const fail = (cause?: unknown) => {
      done = true
      reject(
        new MiniCodeError(
          'canvas_unavailable',
          __DEV__
            ? `No <Canvas type="2d" id="${id}"> in the page after ${waitMs} ms: render the poster's canvas (usePoster().canvas or <Poster>).`
            : '',
          {
            cause,
          },
        ),
      )
    }
    const timer = setTimeout(fail, waitMs)
    const ask = () => {
      try {
        api
          .createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((res) => {
            const node = res?.[0]?.node
            if (done) return
            if (node) {
              done = true
              clearTimeout(timer)
              resolve(node)
            } else setTimeout(ask, 16)
          })
      } catch (e) {
        clearTimeout(timer)
        fail(e)
      }
    }
    ask()
  })
}
