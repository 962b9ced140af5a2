import { resolveEdges } from './edges'
import type { Align, Justify, LayoutNode, MeasureContent } from './types'

/**
 * A LayoutNode with its style resolved to numbers once (sides of padding and margin, NaN for an
 * auto size, its alignment in its parent), plus the algorithm's working state and results.
 * Internal to layout/: the public result is a LayoutBox tree.
 */
export class LayoutItem {
  readonly row: boolean
  /** Style width/height; NaN when auto. */
  readonly width: number
  readonly height: number
  readonly padTop: number
  readonly padRight: number
  readonly padBottom: number
  readonly padLeft: number
  readonly marTop: number
  readonly marRight: number
  readonly marBottom: number
  readonly marLeft: number
  readonly gap: number
  readonly grow: number
  readonly shrink: number
  /** This item's own cross-axis alignment: its alignSelf, else its parent's align. */
  readonly align: Align
  /** Alignment it gives its children (align-items). */
  readonly alignItems: Align
  readonly justify: Justify
  readonly absolute: boolean
  /** Style x/y; NaN when not given (an absolute item then takes its static position). */
  readonly left: number
  readonly top: number
  readonly measure: MeasureContent | undefined
  /** Width / height when the height comes from the width (see LayoutNode.aspectRatio); else NaN. */
  readonly aspectRatio: number
  /** Every child, in order; `flow` leaves out the absolute ones. */
  readonly children: LayoutItem[]
  readonly flow: LayoutItem[]

  // Results: size (border box) and position in the parent.
  measuredWidth = 0
  measuredHeight = 0
  x = 0
  y = 0
  /** Flex basis in the parent's main axis, while the parent lays out. */
  basis = 0
  /** Recent measurements: [width, widthSizing, height, heightSizing, measuredWidth, measuredHeight] each. */
  readonly cache: number[] = []
  /** A measured leaf's earlier answers, same layout as `cache`, all kept: see sizeLeaf. */
  readonly measurements: number[] = []

  constructor(node: LayoutNode, parentAlign: Align) {
    this.row = node.direction === 'row'
    this.width = node.width ?? NaN
    this.height = node.height ?? NaN
    this.aspectRatio = NaN
    if (node.aspectRatio && node.width !== undefined && node.height === undefined) {
      this.aspectRatio = node.aspectRatio
      this.height = node.width / node.aspectRatio
    }
    ;[this.padTop, this.padRight, this.padBottom, this.padLeft] = resolveEdges(node.padding)
    ;[this.marTop, this.marRight, this.marBottom, this.marLeft] = resolveEdges(node.margin)
    this.gap = node.gap ?? 0
    this.grow = node.grow ?? 0
    this.shrink = node.shrink ?? 0
    this.align = node.alignSelf ?? parentAlign
    this.alignItems = node.align ?? 'stretch'
    this.justify = node.justify ?? 'start'
    this.absolute = node.position === 'absolute'
    this.left = node.x ?? NaN
    this.top = node.y ?? NaN
    this.measure = node.measure
    this.children = []
    this.flow = []
    for (const child of node.children ?? []) {
      const item = new LayoutItem(child, this.alignItems)
      this.children.push(item)
      if (!item.absolute) this.flow.push(item)
    }
  }

  /** Padding across the width (left + right) and the height (top + bottom). */
  get padRow(): number {
    return this.padLeft + this.padRight
  }
  get padColumn(): number {
    return this.padTop + this.padBottom
  }
  get marRow(): number {
    return this.marLeft + this.marRight
  }
  get marColumn(): number {
    return this.marTop + this.marBottom
  }
}
