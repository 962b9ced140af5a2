// How a width or height is asked of a node (Yoga's SizingMode, CSS's sizing constraints):
/** Exactly this size (a given width, a stretch, a flexed main size). */
export const EXACT = 0
/** Its content's size, told the room there is (CSS fit-content): text wraps at it. */
export const FIT = 1
/** Its content's size with no limit (CSS max-content); the size passed is Infinity. */
export const MAX = 2

export type Sizing = typeof EXACT | typeof FIT | typeof MAX
