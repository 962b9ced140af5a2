import { MiniCodeError, type PosterCanvasPort } from '@minicode/core'
import { loadH5Font } from './load-font'
import { loadImage } from './load-image'

/**
 * The poster canvas of H5: an off-DOM `document.createElement('canvas')`, not Taro's `<Canvas>`.
 * Taro's H5 `<Canvas>` is a `taro-canvas-core` element around a real `<canvas>`, and it sets that
 * canvas's width and height back to its own attributes every time it re-renders, wiping what was drawn
 * and the backing-store size; a canvas outside the page has no such owner, no first-render race and
 * nothing to hide. Images are `new Image()` (data URLs directly; URLs with crossOrigin 'anonymous',
 * since a tainted canvas cannot export); fonts are FontFaces added to document.fonts; export is `toDataURL('image/png')` — Taro's H5
 * canvasToTempFilePath({ canvas }) silently does nothing — after which the canvas is released (0 × 0).
 */
export function createH5CanvasPort(): PosterCanvasPort {
  return {
    // An Image is drawable on any canvas: the poster's image cache reuses it on the next render's.
    imagesOnAnyCanvas: true,
    loadFont: loadH5Font,
    createCanvas(width, height) {
      const canvas = document.createElement('canvas')
      canvas.width = width
      canvas.height = height
      const context = canvas.getContext('2d')
      if (!context)
        throw new MiniCodeError(
          'canvas_unavailable',
          __DEV__ ? 'This browser gives no 2D canvas context.' : '',
        )
      return { canvas, context: context as never }
    },
    async loadImage(source) {
      const img = new Image()
      if (source.kind === 'cloud')
        throw new MiniCodeError(
          'unsupported',
          __DEV__ ? `A cloud fileID means nothing on H5: ${source.fileID}` : '',
        )
      if (source.kind === 'data') return loadImage(img, `data:${source.mime};base64,${source.data}`)
      if (source.kind === 'local') return loadImage(img, source.filePath)
      // A tainted canvas cannot export: URLs are asked for with CORS.
      img.crossOrigin = 'anonymous'
      return loadImage(img, source.url)
    },
    async exportCanvas(canvas) {
      const element = canvas.canvas as HTMLCanvasElement
      try {
        return { dataUrl: element.toDataURL('image/png') }
      } finally {
        // iOS Safari keeps a canvas's memory until it is shrunk: after a few large posters new canvases
        // come out blank (html2canvas #2514). The data URL is taken; the canvas is done with.
        element.width = 0
        element.height = 0
      }
    },
  }
}
