/** Where a box puts its children along the cross axis (CSS align-items / align-self). */
export type Align = 'start' | 'center' | 'end' | 'stretch'

/** How a box spreads the main-axis space its children leave free (CSS justify-content). */
export type Justify = 'start' | 'center' | 'end' | 'space-between' | 'space-around' | 'space-evenly'

/** One length for all four sides, or [top, right, bottom, left] as in CSS. */
export type Edges = number | readonly [number, number, number, number]

/** A leaf's size for a width it may take (`Infinity`: as wide as it likes): text wraps at maxWidth. */
export type MeasureContent = (maxWidth: number) => { width: number; height: number }

/**
 * One node of a layout tree: a flex container when it has children, a leaf otherwise. The
 * semantics are CSS flexbox's (box-sizing: border-box, flex-wrap: nowrap, min-width: 0) for this
 * subset, checked against Yoga. All lengths are in one unit (design px); no percentages.
 */
export interface LayoutNode {
  /** Main axis of the children. Default 'column'. */
  direction?: 'row' | 'column'
  /** Border-box width; default: the content's (or the parent's cross size when it stretches). */
  width?: number
  /** Border-box height; default as for width. */
  height?: number
  /** Default 0. */
  padding?: Edges
  /** Default 0. */
  margin?: Edges
  /** Space between neighbouring children along the main axis. Default 0. */
  gap?: number
  /** Cross-axis placement of the children. Default 'stretch'. */
  align?: Align
  /** This node's cross-axis placement, instead of its parent's `align`. */
  alignSelf?: Align
  /** Default 'start'. */
  justify?: Justify
  /** Share of the parent's free main-axis space this node takes (flex-grow). Default 0. */
  grow?: number
  /** Share of the parent's overflow this node gives back, weighted by its size (flex-shrink). Default 0. */
  shrink?: number
  /** 'absolute': out of the flow, at x/y from the parent's padding edge (margins added). */
  position?: 'absolute'
  /**
   * Left offset of an absolute node (or of the root, default 0). Left out on an absolute node: its
   * static position, inside the padding by the parent's justify or align (as in Yoga and CSS).
   */
  x?: number
  /** Top offset of an absolute node (or of the root), as x. */
  y?: number
  children?: readonly LayoutNode[]
  /** A leaf's content size (text, an image): used where width or height is not given. */
  measure?: MeasureContent
  /**
   * Width / height, for a node with a width and no height: its height is width / aspectRatio, and
   * follows the width a row grows or shrinks it to (as CSS aspect-ratio and Yoga keep it). In a
   * column, growing or shrinking changes the height alone (as CSS; Yoga would change the width too).
   */
  aspectRatio?: number
}

/** Where a node landed: x and y from its parent's top-left corner (border box), and its size. */
export interface LayoutBox {
  x: number
  y: number
  width: number
  height: number
  /** One box per child, in the order of `children`. */
  children: LayoutBox[]
}
