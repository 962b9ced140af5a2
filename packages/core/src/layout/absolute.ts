import type { LayoutItem } from './layout-item'
import { sizeItem } from './layout-item-size'
import { EXACT, FIT, MAX, type Sizing } from './sizing'
import type { Align, Justify } from './types'

/**
 * Sizes and places an absolute child of a laid-out container: out of the flow, at its x/y (plus
 * its margins) from the container's padding edge — the container's border box, as minicode boxes
 * have no border (CSS §9.3 abspos, Yoga's default). A given width/height is kept; otherwise the
 * content's. As in Yoga, text in it wraps at the container's width in a column container that
 * is not itself sized to max-content, and does not wrap in a row.
 *
 * Without x (or y) it takes its static position on that axis, as in Yoga: placed inside the
 * container's padding by the container's justify along the main axis and by its own alignment
 * across (a badge in a centred box is centred).
 */
export function layoutAbsolute(container: LayoutItem, child: LayoutItem, containerWidthSizing: Sizing): void {
  let width = child.width
  let height = child.height
  if (Number.isNaN(width) || Number.isNaN(height)) {
    let widthMode: Sizing = EXACT
    let heightMode: Sizing = EXACT
    if (Number.isNaN(width)) {
      width = Infinity
      widthMode = MAX
      if (!container.row && containerWidthSizing !== MAX && container.measuredWidth > 0) {
        width = container.measuredWidth - child.marRow
        widthMode = FIT
      }
    }
    if (Number.isNaN(height)) {
      height = Infinity
      heightMode = MAX
    }
    sizeItem(child, width, widthMode, height, heightMode, false)
    width = child.measuredWidth
    height = child.measuredHeight
  }
  sizeItem(child, width, EXACT, height, EXACT, true)
  const row = container.row
  child.x = child.left + child.marLeft
  if (Number.isNaN(child.left)) {
    const place = row ? justifyPlace(container.justify) : alignPlace(child.align)
    child.x = staticPosition(
      place,
      container.measuredWidth,
      container.padLeft,
      container.padRight,
      child.measuredWidth,
      child.marLeft,
      child.marRight,
    )
  }
  child.y = child.top + child.marTop
  if (Number.isNaN(child.top)) {
    const place = row ? alignPlace(child.align) : justifyPlace(container.justify)
    child.y = staticPosition(
      place,
      container.measuredHeight,
      container.padTop,
      container.padBottom,
      child.measuredHeight,
      child.marTop,
      child.marBottom,
    )
  }
}

type Place = 'start' | 'center' | 'end'

/** Where an absolute child without x/y goes along its container's main axis (Yoga's justifyAbsoluteChild). */
function justifyPlace(justify: Justify): Place {
  if (justify === 'center' || justify === 'space-around' || justify === 'space-evenly') return 'center'
  return justify === 'end' ? 'end' : 'start'
}

/** ...and across it: 'stretch' does not stretch an absolute child, it puts it at the start. */
function alignPlace(align: Align): Place {
  return align === 'center' || align === 'end' ? align : 'start'
}

/** The offset of a child of `size` (margins `before`/`after`) at `place` in a container of `outer` with padding `padStart`/`padEnd`. */
function staticPosition(
  place: Place,
  outer: number,
  padStart: number,
  padEnd: number,
  size: number,
  before: number,
  after: number,
): number {
  if (place === 'start') return padStart + before
  if (place === 'end') return outer - padEnd - after - size
  return padStart + before + (outer - padStart - padEnd - size - before - after) / 2
}
