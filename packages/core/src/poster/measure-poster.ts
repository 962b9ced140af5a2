import type { FontMeasure } from '../text'
import { layoutBoxes, type PlacedBox } from './layout-boxes'
import type { BoxElement, PosterElement } from './types'

/** A spec as issue #13 has it: boxes among the elements, and a height that may be 'auto'. */
export interface FlowPosterSpec {
  width: number
  /** 'auto': the bottom of the lowest top-level element, its bottom margin included. */
  height: number | 'auto'
  elements: Array<PosterElement | BoxElement>
}

/** Size of a poster and the design-px box of each element with an id. */
export interface PosterMeasurement {
  width: number
  height: number
  boxes: Record<string, PlacedBox>
}

/**
 * Lays a poster out without drawing it, so a page can make room for it first: its height (with
 * `height: 'auto'`, the bottom of its lowest top-level element) and the absolute box of every
 * element that has an id. `measure` is planPoster's: the width of a text in a CSS font.
 *
 * @example
 * const { height, boxes } = measurePoster(spec, { measure: (s, font) => { ctx.font = font; return ctx.measureText(s).width } })
 */
export function measurePoster(spec: FlowPosterSpec, options: { measure: FontMeasure }): PosterMeasurement {
  const { bottom, boxes } = layoutBoxes(spec.elements, options.measure)
  const height = spec.height === 'auto' ? bottom : spec.height
  return { width: spec.width, height, boxes }
}
