import { invalidRequest } from '../errors'
import type { FontMeasure } from '../text'
import { layoutBoxes, type PlacedBox } from './layout-boxes'
import { autoHeight } from './plan-poster'
import type { BoxChild, PosterSpec } from './types'
import { validatePosterSpec } from './validate-spec'

/** A poster spec with boxes and a height that may be 'auto': every PosterSpec now (kept as a name). */
export type FlowPosterSpec = PosterSpec

/** Size of a poster and the design-px box of each element with an id. */
export interface PosterMeasurement {
  width: number
  height: number
  boxes: Record<string, PlacedBox>
}

/**
 * Lays a poster out without drawing it, so a page can make room for it first: its height (with
 * `height: 'auto'`, the bottom of its lowest element, see PosterSpec.height) and the absolute box of every
 * element that has an id. `measure` is planPoster's: the width of a text in a CSS font.
 * Throws MiniCodeError 'invalid_request' with `field` for a bad spec, as planPoster does, and for
 * an id used twice (field: the second one's, e.g. 'elements[2].children[0].id'), which would lose
 * a box here; planPoster and renderPoster still take such specs (ids only name elements in errors).
 *
 * @example
 * const { height, boxes } = measurePoster(spec, { measure: (s, font) => { ctx.font = font; return ctx.measureText(s).width } })
 */
export function measurePoster(spec: FlowPosterSpec, options: { measure: FontMeasure }): PosterMeasurement {
  validatePosterSpec(spec)
  checkUniqueIds(spec.elements as readonly BoxChild[], new Map(), 'elements')
  if (typeof options?.measure !== 'function') {
    throw invalidRequest('measure', __DEV__ ? 'measurePoster needs { measure: (text, font) => width }.' : '')
  }
  const laidOut = layoutBoxes(spec.elements, options.measure)
  const height = spec.height === 'auto' ? autoHeight([laidOut]) : spec.height
  const { boxes } = laidOut
  return { width: spec.width, height, boxes }
}

/** Each id names one box in the result: a second element with a taken id is refused, naming both. */
function checkUniqueIds(elements: readonly BoxChild[], seen: Map<string, string>, at: string): void {
  // forEach, like validation's: it passes over the holes of a sparse array.
  elements.forEach((el, i) => {
    const path = `${at}[${i}]`
    if (el.id !== undefined) {
      const first = seen.get(el.id)
      if (first !== undefined) {
        throw invalidRequest(
          `${path}.id`,
          __DEV__
            ? `Poster spec: ${path}.id "${el.id}" is already the id of ${first}: measurePoster reports one box per id, give each element its own.`
            : '',
        )
      }
      seen.set(el.id, path)
    }
    if (el.type === 'box') checkUniqueIds(el.children, seen, `${path}.children`)
  })
}
