// The layout engine's public face: a flexbox subset for poster boxes. Internals (items, sizing
// modes, the algorithm's steps) stay behind it.
export { computeLayout } from './compute-layout'
export { resolveEdges } from './edges'
export type { Align, Justify, Edges, LayoutNode, LayoutBox, MeasureContent } from './types'
