import type { DrawOp, Matrix } from './draw-ops'
import type { Shadow } from './types'

// Issue #13's effects at planning time: rotations as matrices (composed down a box's subtree by
// layoutBoxes), and an element's rotation and shadow copied onto the ops it was planned into.

/** The effects of one element, as planning found them. */
export interface ElementEffects {
  /** Its rotation and its boxes', composed (layoutBoxes' transforms): the matrix its ops are drawn with. */
  transform?: Matrix
  shadow?: Shadow
}

/** A rotation by `degrees` clockwise (canvas y runs down) about (cx, cy). */
export function rotationAbout(degrees: number, cx: number, cy: number): Matrix {
  const [cos, sin] = cosSin(degrees)
  // translate(cx, cy) · rotate · translate(-cx, -cy)
  return [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy]
}

/** m · n: the matrix that applies n first, then m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ]
}

/** Exact at quarter turns, so a 90° rotation keeps pixel edges sharp (Math.cos(π / 2) is 6e-17). */
function cosSin(degrees: number): [number, number] {
  const turn = ((degrees % 360) + 360) % 360
  if (turn === 0) return [1, 0]
  if (turn === 90) return [0, 1]
  if (turn === 180) return [-1, 0]
  if (turn === 270) return [0, -1]
  const rad = (degrees * Math.PI) / 180
  return [Math.cos(rad), Math.sin(rad)]
}

/**
 * Gives the ops planned from one element (ops[first…]) its effects: its transform to all of them,
 * its shadow to those that cast one (rects, images, text lines; not lines or QR codes).
 */
export function addEffects(ops: DrawOp[], first: number, effects: ElementEffects): void {
  const { transform, shadow } = effects
  for (let i = first; i < ops.length; i++) {
    const op = ops[i]
    if (op.kind === 'clear') continue
    if (transform) op.transform = transform
    if (shadow && (op.kind === 'rect' || op.kind === 'image' || op.kind === 'text')) {
      const { x = 0, y = 0, blur = 0, color } = shadow
      op.shadow = { x, y, blur, color }
    }
  }
}
