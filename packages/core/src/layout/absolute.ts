import type { LayoutItem } from './layout-item'
import { sizeItem } from './layout-item-size'
import { EXACT, FIT, MAX, type Sizing } from './sizing'

/**
 * Sizes and places an absolute child of a laid-out container: out of the flow, at its x/y (plus
 * its margins) from the container's padding edge — the container's border box, as minicode boxes
 * have no border (CSS §9.3 abspos, Yoga's default). A given width/height is kept; otherwise the
 * content's. As in Yoga, text in it wraps at the container's width in a column container that
 * is not itself sized to max-content, and does not wrap in a row.
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
  child.x = child.left + child.marLeft
  child.y = child.top + child.marTop
}
