import { LayoutItem } from './layout-item'
import { sizeItem } from './layout-item-size'
import { EXACT, MAX } from './sizing'
import type { LayoutBox, LayoutNode } from './types'

/**
 * Lays out a tree of boxes with the flexbox subset of {@link LayoutNode}. The root takes its given
 * width/height, else its content's, and sits at its x/y plus its margins; every other box is
 * placed from its parent's top-left corner. Pure: the tree is not changed.
 *
 * @example
 * computeLayout({ direction: 'row', width: 300, padding: 10, gap: 8, children: [
 *   { width: 40, height: 40 }, { grow: 1, height: 20 } ] })
 * // { x: 0, y: 0, width: 300, height: 60, children: [
 * //   { x: 10, y: 10, width: 40, height: 40, children: [] },
 * //   { x: 58, y: 10, width: 232, height: 20, children: [] } ] }
 */
export function computeLayout(root: LayoutNode): LayoutBox {
  const item = new LayoutItem(root, 'stretch')
  const width = Number.isNaN(item.width) ? Infinity : item.width
  const height = Number.isNaN(item.height) ? Infinity : item.height
  sizeItem(item, width, width === Infinity ? MAX : EXACT, height, height === Infinity ? MAX : EXACT, true)
  // The root's x/y default to 0.
  item.x = (Number.isNaN(item.left) ? 0 : item.left) + item.marLeft
  item.y = (Number.isNaN(item.top) ? 0 : item.top) + item.marTop
  return toBox(item)
}

function toBox(item: LayoutItem): LayoutBox {
  const children: LayoutBox[] = []
  for (const child of item.children) children.push(toBox(child))
  return { x: item.x, y: item.y, width: item.measuredWidth, height: item.measuredHeight, children }
}
