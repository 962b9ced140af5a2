// A render thread of `minicode poster`: specs in, images out. Code elements arrive already resolved
// to data URLs (the main thread owns the code service), so a worker needs only the canvas. Each thread
// keeps the images it decoded for its next rows: a batch's shared photo or logo is decoded once a thread.
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { createImageCache, isMiniCodeError, type PosterSpec } from '@minicode/core'
import { loadCanvasLibrary } from '../poster/node-canvas-port'
import { renderPosterImage, type RenderPosterImageOptions } from '../poster/render-poster-image'

/** What a render thread is started with. */
export interface PosterWorkerData {
  minicodePosterWorker: true
  /** The canvas library's resolved path (a worker bundle may live where the package is not found). */
  canvasPath: string
  render: Omit<RenderPosterImageOptions, 'codes' | 'canvas' | 'fetchImage' | 'imageCache'>
}

const port = parentPort
const data = workerData as PosterWorkerData | undefined
if (!isMainThread && port && data?.minicodePosterWorker) {
  const canvas = loadCanvasLibrary(data.canvasPath)
  const imageCache = createImageCache()
  port.on('message', async ({ id, spec }: { id: number; spec: PosterSpec }) => {
    try {
      const image = await renderPosterImage(spec, { ...data.render, canvas: await canvas, imageCache })
      port.postMessage({ id, image }, [image.bytes.buffer as ArrayBuffer])
    } catch (error) {
      const e = isMiniCodeError(error) ? error : { code: 'canvas_unavailable', message: String(error) }
      port.postMessage({
        id,
        error: { code: e.code, message: e.message, field: (e as { field?: string }).field },
      })
    }
  })
}
