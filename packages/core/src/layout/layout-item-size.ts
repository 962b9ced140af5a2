import { layoutAbsolute } from './absolute'
import {
  marginCross,
  marginCrossStart,
  marginMain,
  marginMainStart,
  measuredCross,
  measuredMain,
  paddingCross,
  paddingMain,
  setCrossPosition,
  setMainPosition,
  styleCross,
  styleMain,
} from './axes'
import type { LayoutItem } from './layout-item'
import { EXACT, FIT, MAX, type Sizing } from './sizing'
import type { Justify } from './types'

// The flex algorithm, one container at a time, in the steps of CSS Flexbox §9 for a single line
// (and in the order Yoga takes them, which is the reference the tests compare with):
// flex basis of each child, free space, grow/shrink, justify along the main axis, the container's
// cross size, align (and stretch) along the cross axis, then the absolute children.

// Measurements kept per item: a parent asks the same child the same question several times.
const CACHE_ENTRIES = 4
const ENTRY = 6

/**
 * Sizes `item` (border box, margins excluded) for the width and height it is given, each with how
 * it is meant (EXACT, FIT with the room there is, MAX with Infinity). With `layout`, also sizes
 * and places all its descendants; without, only its own size is wanted (and may come from cache).
 */
export function sizeItem(
  item: LayoutItem,
  width: number,
  widthSizing: Sizing,
  height: number,
  heightSizing: Sizing,
  layout: boolean,
): void {
  if (!layout && readCache(item, width, widthSizing, height, heightSizing)) return
  if (item.measure) {
    sizeLeaf(item, width, widthSizing, height, heightSizing)
  } else if (item.children.length === 0 || (!layout && widthSizing === EXACT && heightSizing === EXACT)) {
    // Nothing inside to size it, or nothing it could change: padding or the size given.
    item.measuredWidth = widthSizing === EXACT ? Math.max(width, item.padRow) : item.padRow
    item.measuredHeight = heightSizing === EXACT ? Math.max(height, item.padColumn) : item.padColumn
  } else if (!layout && (noRoom(width, widthSizing) || noRoom(height, heightSizing))) {
    // Measured into no room at all, a container takes none (Yoga's measureNodeWithFixedSize; CSS
    // would overflow with its content). Only reachable by shrinking, or margins wider than the room.
    item.measuredWidth = Math.max(sizeWithoutRoom(width, widthSizing), item.padRow)
    item.measuredHeight = Math.max(sizeWithoutRoom(height, heightSizing), item.padColumn)
  } else {
    sizeContainer(item, width, widthSizing, height, heightSizing, layout)
  }
  if (!layout) writeCache(item, width, widthSizing, height, heightSizing)
}

const noRoom = (size: number, sizing: Sizing): boolean => sizing === FIT && size <= 0

// What is left of a size when one axis has no room: an exact or positive fit-content size, else 0.
const sizeWithoutRoom = (size: number, sizing: Sizing): number => (sizing === MAX || size < 0 ? 0 : size)

/**
 * A leaf with a measure function: its content decides what is not given exactly. As in Yoga, an
 * earlier answer that still fits the question is kept rather than measured again (see
 * {@link stillFits}). For text that overflows its room (a word wider than the box) this matters: a
 * text measured at 0 px as 54 px wide and three lines keeps its three lines when it is then given
 * exactly 54 px, where a new measure would wrap it in two. Yoga, and satori on it, size such a box so.
 */
function sizeLeaf(
  item: LayoutItem,
  width: number,
  widthSizing: Sizing,
  height: number,
  heightSizing: Sizing,
): void {
  if (widthSizing === EXACT && heightSizing === EXACT) {
    item.measuredWidth = Math.max(width, item.padRow)
    item.measuredHeight = Math.max(height, item.padColumn)
    return
  }
  const earlier = item.measurements
  for (let i = 0; i < earlier.length; i += ENTRY) {
    if (
      stillFits(width, widthSizing, earlier[i], earlier[i + 1], earlier[i + 4], item.marRow) &&
      stillFits(height, heightSizing, earlier[i + 2], earlier[i + 3], earlier[i + 5], item.marColumn)
    ) {
      item.measuredWidth = earlier[i + 4]
      item.measuredHeight = earlier[i + 5]
      return
    }
  }
  const content = item.measure!(widthSizing === MAX ? Infinity : Math.max(0, width - item.padRow))
  item.measuredWidth = widthSizing === EXACT ? Math.max(width, item.padRow) : content.width + item.padRow
  item.measuredHeight =
    heightSizing === EXACT ? Math.max(height, item.padColumn) : content.height + item.padColumn
  earlier.push(width, widthSizing, height, heightSizing, item.measuredWidth, item.measuredHeight)
}

/**
 * Whether a leaf's earlier answer along one axis (`measured`, asked as `lastSize` with `lastSizing`)
 * answers `size` with `sizing` too: Yoga's rules for reusing a measurement (canUseCachedMeasurement):
 * the same question; exactly the size found before; room for what was found with no limit; or less
 * room than before that still holds what was found. Yoga counts the earlier room with the leaf's
 * `margin` on this axis and the new one without, so "less room" is by that much more lenient.
 */
function stillFits(
  size: number,
  sizing: Sizing,
  lastSize: number,
  lastSizing: number,
  measured: number,
  margin: number,
): boolean {
  if (sizing === lastSizing && nearly(size, lastSize)) return true
  if (sizing === EXACT) return nearly(size, measured)
  if (sizing !== FIT) return false
  if (lastSizing === MAX) return size >= measured || nearly(size, measured)
  return lastSizing === FIT && lastSize + margin > size && (measured <= size || nearly(size, measured))
}

// Yoga's tolerance for sizes that are the same (inexactEquals).
const nearly = (a: number, b: number): boolean => a === b || Math.abs(a - b) < 0.0001

function sizeContainer(
  item: LayoutItem,
  width: number,
  widthSizing: Sizing,
  height: number,
  heightSizing: Sizing,
  layout: boolean,
): void {
  const row = item.row
  const mainSizing = row ? widthSizing : heightSizing
  const crossSizing = row ? heightSizing : widthSizing
  // Room inside the padding (Infinity when unbounded), never below 0.
  const innerWidth = Math.max(0, width - item.padRow)
  const innerHeight = Math.max(0, height - item.padColumn)
  const innerMain = row ? innerWidth : innerHeight
  const innerCross = row ? innerHeight : innerWidth
  const flow = item.flow
  const count = flow.length

  // Flex basis of each child, and what the line holds.
  const lone = mainSizing === EXACT ? loneFlexibleChild(flow) : undefined
  let consumed = 0
  let totalGrow = 0
  let totalShrink = 0 // Σ shrink × basis: shrinking is weighted by size
  for (let i = 0; i < count; i++) {
    const child = flow[i]
    // A lone child that both grows and shrinks ends up filling the line whatever its content:
    // skip measuring it.
    child.basis =
      child === lone ? 0 : flexBasis(item, child, innerWidth, widthSizing, innerHeight, heightSizing)
    consumed += child.basis + marginMain(child, row) + (i > 0 ? item.gap : 0)
    if (child.grow !== 0 || child.shrink !== 0) {
      totalGrow += child.grow
      totalShrink += child.shrink * child.basis
    }
  }
  // Grow factors summing below 1 hand out only that fraction of the space (CSS §9.7 step 4b).
  if (totalGrow > 0 && totalGrow < 1) totalGrow = 1

  // Only a main size given exactly leaves space free (or short) to flex; a content-sized
  // container is as long as its children.
  let free = 0
  if (mainSizing === EXACT) free = innerMain - consumed
  else if (consumed < 0) free = -consumed

  // Measuring with the cross size known needs no child's final size: the line is its bases.
  const skipFlex = !layout && crossSizing === EXACT
  if (!skipFlex)
    free = resolveFlexibleLengths(item, free, totalGrow, totalShrink, innerCross, crossSizing, layout)
  if (mainSizing === FIT && free > 0) free = 0

  // Justify along the main axis, and find the line's cross size.
  const justify = free >= 0 ? item.justify : overflowJustify(item.justify)
  let leading = 0
  let between = item.gap
  if (count > 0) {
    switch (justify) {
      case 'center':
        leading = free / 2
        break
      case 'end':
        leading = free
        break
      case 'space-between':
        if (count > 1) between += free / (count - 1)
        break
      case 'space-evenly':
        leading = free / (count + 1)
        between += leading
        break
      case 'space-around':
        leading = free / count / 2
        between += 2 * leading
        break
      case 'start':
        break
    }
  }
  let main = (row ? item.padLeft : item.padTop) + leading
  let lineCross = 0
  for (let i = 0; i < count; i++) {
    const child = flow[i]
    if (layout) setMainPosition(child, row, main + marginMainStart(child, row))
    if (i < count - 1) main += between
    if (skipFlex) {
      main += child.basis + marginMain(child, row)
    } else {
      main += measuredMain(child, row) + marginMain(child, row)
      lineCross = Math.max(lineCross, measuredCross(child, row) + marginCross(child, row))
    }
  }
  main += row ? item.padRight : item.padBottom
  if (crossSizing === EXACT) lineCross = innerCross
  // A content-sized container aligns its children within the line it makes.
  const containerCross = crossSizing === EXACT ? innerCross : lineCross

  if (layout) alignCross(item, lineCross, containerCross)

  // The container's own size: given exactly, or its content's.
  const givenMain = row ? width : height
  const givenCross = row ? height : width
  const mainSize = mainSizing === EXACT ? givenMain : main
  const crossSize = crossSizing === EXACT ? givenCross : lineCross + paddingCross(item, row)
  if (row) {
    item.measuredWidth = Math.max(mainSize, item.padRow)
    item.measuredHeight = Math.max(crossSize, item.padColumn)
  } else {
    item.measuredWidth = Math.max(crossSize, item.padRow)
    item.measuredHeight = Math.max(mainSize, item.padColumn)
  }

  if (layout) {
    for (const child of item.children) if (child.absolute) layoutAbsolute(item, child, widthSizing)
  }
}

/** The only flexible child, when it both grows and shrinks (Yoga measures it as basis 0). */
function loneFlexibleChild(flow: LayoutItem[]): LayoutItem | undefined {
  let lone: LayoutItem | undefined
  for (const child of flow) {
    if (child.grow === 0 && child.shrink === 0) continue
    if (lone || child.grow === 0 || child.shrink === 0) return undefined
    lone = child
  }
  return lone
}

/**
 * A child's hypothetical main size: its given size, else its content's, measured with the room
 * the container has (fit-content) or, for a stretched child, exactly the container's cross size.
 */
function flexBasis(
  container: LayoutItem,
  child: LayoutItem,
  innerWidth: number,
  widthSizing: Sizing,
  innerHeight: number,
  heightSizing: Sizing,
): number {
  const row = container.row
  const given = styleMain(child, row)
  if (!Number.isNaN(given)) return Math.max(given, paddingMain(child, row))

  let width = child.width
  let widthMode: Sizing = EXACT
  if (Number.isNaN(width)) {
    width = innerWidth - child.marRow
    widthMode = widthSizing === MAX ? MAX : FIT
    if (!row && widthSizing === EXACT && child.align === 'stretch') widthMode = EXACT
  }
  let height = child.height
  let heightMode: Sizing = EXACT
  if (Number.isNaN(height)) {
    height = innerHeight - child.marColumn
    heightMode = heightSizing === MAX ? MAX : FIT
    if (row && heightSizing === EXACT && child.align === 'stretch') heightMode = EXACT
  }
  sizeItem(child, width, widthMode, height, heightMode, false)
  return Math.max(measuredMain(child, row), paddingMain(child, row))
}

/**
 * Grows or shrinks the children by their factors to take up `free` (CSS §9.7, in Yoga's two
 * passes: the first takes out the children that would shrink below their padding, the second
 * sizes every child), and sizes each child for its final main size. Returns the space still free.
 */
function resolveFlexibleLengths(
  item: LayoutItem,
  free: number,
  totalGrow: number,
  totalShrink: number,
  innerCross: number,
  crossSizing: Sizing,
  layout: boolean,
): number {
  const row = item.row
  const flow = item.flow
  const original = free

  let frozen = 0
  for (const child of flow) {
    if (free < 0 && child.shrink !== 0 && child.basis !== 0) {
      const size = child.basis + flexShare(free, child.shrink * child.basis, totalShrink)
      const bounded = Math.max(size, paddingMain(child, row))
      if (bounded !== size) {
        frozen += bounded - child.basis
        totalShrink -= child.shrink * child.basis
        // With every shrinking child taken out, float dust (±1e-15) may be left: divided by, it would
        // send the next sizes to ±1e16 px. Nothing left to shrink is 0.
        if (Math.abs(totalShrink) < 1e-9) totalShrink = 0
      }
    } else if (free > 0 && child.grow !== 0) {
      // Only a lone flexible child, measured as basis 0, can grow to less than its padding.
      const size = child.basis + flexShare(free, child.grow, totalGrow)
      const bounded = Math.max(size, paddingMain(child, row))
      if (bounded !== size) {
        frozen += bounded - child.basis
        totalGrow -= child.grow
      }
    }
  }
  free -= frozen

  let distributed = 0
  for (const child of flow) {
    let size = child.basis
    if (free < 0 && child.shrink !== 0 && child.basis !== 0) {
      const scaled = child.shrink * child.basis
      size = totalShrink === 0 ? child.basis - scaled : child.basis + flexShare(free, scaled, totalShrink)
      size = Math.max(size, paddingMain(child, row))
    } else if (free > 0 && child.grow !== 0) {
      size = Math.max(child.basis + flexShare(free, child.grow, totalGrow), paddingMain(child, row))
    }
    distributed += size - child.basis

    // Its cross size: given (in a row, a height that keeps an aspect ratio follows the width it got),
    // stretched to an exact container, or its content's.
    let cross = row && !Number.isNaN(child.aspectRatio) ? size / child.aspectRatio : styleCross(child, row)
    let crossMode: Sizing = EXACT
    const stretches = Number.isNaN(cross) && child.align === 'stretch'
    if (Number.isNaN(cross)) {
      cross = innerCross - marginCross(child, row)
      if (crossSizing === MAX) crossMode = MAX
      else if (!(stretches && crossSizing === EXACT)) crossMode = FIT
    }
    // A stretching child is laid out once its line's cross size is known (alignCross).
    if (row) sizeItem(child, size, EXACT, cross, crossMode, layout && !stretches)
    else sizeItem(child, cross, crossMode, size, EXACT, layout && !stretches)
  }
  return original - distributed
}

/**
 * A child's part of `free` for its `factor` out of `total`. Multiplied before dividing: a lone
 * flexible child then gets exactly all of it (free / total × factor can land 1e-14 px short, and a
 * text given 69.99999999999999 px for 70 px of words wraps one line more than it is drawn with).
 */
const flexShare = (free: number, factor: number, total: number): number => (free * factor) / total

/** Places the children across the line, stretching those that stretch (CSS §9.4 step 11). */
function alignCross(item: LayoutItem, lineCross: number, containerCross: number): void {
  const row = item.row
  const start = row ? item.padTop : item.padLeft
  for (const child of item.flow) {
    let offset = 0
    if (child.align === 'stretch') {
      if (Number.isNaN(styleCross(child, row))) {
        const main = measuredMain(child, row)
        const cross = lineCross - marginCross(child, row)
        if (row) sizeItem(child, main, EXACT, cross, EXACT, true)
        else sizeItem(child, cross, EXACT, main, EXACT, true)
      }
    } else {
      const room = containerCross - measuredCross(child, row) - marginCross(child, row)
      if (child.align === 'center') offset = room / 2
      else if (child.align === 'end') offset = room
    }
    setCrossPosition(child, row, start + offset + marginCrossStart(child, row))
  }
}

/** With negative free space, distributing justifications fall back to 'start' (as Yoga does). */
function overflowJustify(justify: Justify): Justify {
  if (justify === 'space-between' || justify === 'space-around' || justify === 'space-evenly') return 'start'
  return justify
}

function readCache(
  item: LayoutItem,
  width: number,
  widthSizing: Sizing,
  height: number,
  heightSizing: Sizing,
): boolean {
  const cache = item.cache
  for (let i = 0; i < cache.length; i += ENTRY) {
    if (
      cache[i] === width &&
      cache[i + 1] === widthSizing &&
      cache[i + 2] === height &&
      cache[i + 3] === heightSizing
    ) {
      item.measuredWidth = cache[i + 4]
      item.measuredHeight = cache[i + 5]
      return true
    }
  }
  return false
}

function writeCache(
  item: LayoutItem,
  width: number,
  widthSizing: Sizing,
  height: number,
  heightSizing: Sizing,
): void {
  const cache = item.cache
  // Oldest entry out first.
  if (cache.length >= CACHE_ENTRIES * ENTRY) cache.splice(0, ENTRY)
  cache.push(width, widthSizing, height, heightSizing, item.measuredWidth, item.measuredHeight)
}
