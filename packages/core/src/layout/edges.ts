import type { Edges } from './types'

/** The four sides of a padding or margin, as [top, right, bottom, left]; 0 when not given. */
export function resolveEdges(edges: Edges | undefined): readonly [number, number, number, number] {
  if (edges === undefined) return NO_EDGES
  if (typeof edges === 'number') return [edges, edges, edges, edges]
  return edges
}

const NO_EDGES = [0, 0, 0, 0] as const
