import Taro from '@tarojs/taro'
import { MiniCodeError, type FontMeasure } from '@minicode/core'

interface MeasuringContext {
  font: string
  measureText(text: string): { width: number }
}

/**
 * The `measure` that measurePoster needs, on this platform's own canvas: an off-DOM canvas on H5, an
 * offscreen 2D canvas on mini-programs (WeChat base library 2.16.1+). Text is measured in the fonts
 * the poster will be drawn in, so a page laid out around `measurePoster(spec, { measure })` matches
 * the poster drawn later — once they are loaded: measurePoster loads no font, so text measured
 * before the first render of a spec with `fonts` is measured in the fallback. Widths are cached per
 * function, and dropped whenever a render loads a font, so measuring again after it gets the real
 * font's. Throws 'unsupported' where the host has no offscreen canvas.
 *
 * @example
 * const { height, boxes } = measurePoster(spec, { measure: createTaroMeasure() })
 */
export function createTaroMeasure(): FontMeasure {
  const ctx = measuringContext()
  return (text, font) => {
    ctx.font = font
    return ctx.measureText(text).width
  }
}

function measuringContext(): MeasuringContext {
  let ctx: unknown = null
  if (process.env.TARO_ENV === 'h5') {
    ctx = document.createElement('canvas').getContext('2d')
  } else {
    const api = Taro as unknown as {
      createOffscreenCanvas?: (o: { type: '2d'; width: number; height: number }) => {
        getContext(type: '2d'): unknown
      }
    }
    ctx = api.createOffscreenCanvas?.({ type: '2d', width: 1, height: 1 }).getContext('2d')
  }
  if (!ctx) {
    throw new MiniCodeError(
      'unsupported',
      __DEV__ ? 'No offscreen 2D canvas to measure text on (WeChat base library 2.16.1+).' : '',
    )
  }
  return ctx as MeasuringContext
}
