import { invalidRequest } from '../errors'
import type { FontMeasure } from '../text'
import { layoutBoxes, type PlacedBox } from './layout-boxes'
import type { BoxElement, PosterElement } from './types'
import { validatePosterSpec } from './validate-spec'

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
 * Throws MiniCodeError 'invalid_request' with `field` for a bad spec, as planPoster does.
 *
 * @example
 * const { height, boxes } = measurePoster(spec, { measure: (s, font) => { ctx.font = font; return ctx.measureText(s).width } })
 */
export function measurePoster(spec: FlowPosterSpec, options: { measure: FontMeasure }): PosterMeasurement {
  // validatePosterSpec knows only numeric heights so far (renderPoster sizes its canvas from it):
  // 'auto' stands in as any valid height while the rest of the spec is checked.
  validatePosterSpec(spec?.height === 'auto' ? { ...spec, height: 1 } : spec)
  if (typeof options?.measure !== 'function') {
    throw invalidRequest('measure', __DEV__ ? 'measurePoster needs { measure: (text, font) => width }.' : '')
  }
  const { bottom, boxes } = layoutBoxes(spec.elements, options.measure)
  const height = spec.height === 'auto' ? bottom : spec.height
  return { width: spec.width, height, boxes }
}
