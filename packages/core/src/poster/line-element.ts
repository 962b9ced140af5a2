import type { LineOp } from './draw-ops'
import type { LineElement, LineInBox } from './types'

// The `line` element (issue #13): at its end points at the top level, or a divider in a box.

/** A design-px box (as layoutBoxes' PlacedBox). */
interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The box a top-level line covers, its thickness included (exact for 'butt' caps): what it adds to
 * an 'auto' height and reports in measurePoster, and the centre it rotates about (its middle).
 */
export function lineBox(el: LineElement): Rect {
  const { x1, y1, x2, y2, width = 1 } = el
  const length = Math.hypot(x2 - x1, y2 - y1) || 1
  // Half the thickness, along the line's normal, projected on each axis.
  const padX = (width / 2) * (Math.abs(y2 - y1) / length)
  const padY = (width / 2) * (Math.abs(x2 - x1) / length)
  const x = Math.min(x1, x2) - padX
  const y = Math.min(y1, y2) - padY
  return { x, y, width: Math.abs(x2 - x1) + 2 * padX, height: Math.abs(y2 - y1) + 2 * padY }
}

/**
 * The layout size of a line in a box: `width` (its thickness) along the main axis, `length` across
 * it, left out when not given so that the box's 'stretch' spans it across (flexbox's cross size).
 */
export function lineInBoxSize(
  el: LineInBox,
  direction: 'row' | 'column' = 'column',
): { width?: number; height?: number } {
  const thickness = el.width ?? 1
  if (direction === 'row') return { width: thickness, height: el.length }
  return { width: el.length, height: thickness }
}

/** A line in a box, placed at `box`: across its parent's main axis, through the middle of the box. */
export function placeLine(
  el: Omit<LineInBox, 'length' | 'x' | 'y'>,
  box: Rect,
  direction: 'row' | 'column' = 'column',
): LineElement {
  const { x, y, width, height } = box
  const ends =
    direction === 'row'
      ? { x1: x + width / 2, y1: y, x2: x + width / 2, y2: y + height }
      : { x1: x, y1: y + height / 2, x2: x + width, y2: y + height / 2 }
  return { ...el, ...ends }
}

/** The op of a line. */
export function planLine(el: LineElement): LineOp {
  const { x1, y1, x2, y2, color = '#000', width = 1, dash, cap = 'butt', opacity = 1 } = el
  const op: LineOp = { kind: 'line', x1, y1, x2, y2, color, width, cap, opacity }
  if (dash) op.dash = [dash[0], dash[1]]
  return op
}
