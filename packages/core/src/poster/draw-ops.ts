import type { CodeRequest } from '../types'
import type { Color, Dash, ImageFit, TextDecoration } from './types'

/** Corner radii [topLeft, topRight, bottomRight, bottomLeft] in design px, already clamped to the box. */
export type Radii = [number, number, number, number]

/** A gradient in absolute design px. */
export interface ResolvedGradient {
  type: 'linear'
  x0: number
  y0: number
  x1: number
  y1: number
  stops: Array<{ offset: number; color: Color }>
}

export type ResolvedPaint = Color | ResolvedGradient

/** Where an image op's pixels come from; render-poster loads it, the executor only draws. */
export type ImageSource =
  { kind: 'src'; src: string; fallbackSrc?: string } | { kind: 'code'; request: CodeRequest }

/**
 * A 2D affine matrix [a, b, c, d, e, f] in canvas order (ctx.transform's arguments), design px to
 * design px: x' = a·x + c·y + e, y' = b·x + d·y + f.
 */
export type Matrix = [number, number, number, number, number, number]

/** A stroke of an op: its dash is there only when the spec gave one. */
export interface ResolvedStroke {
  color: Color
  width: number
  dash?: Dash
}

/** A shadow with its defaults filled in, in design px (the executor scales it by the pixel ratio). */
export interface ResolvedShadow {
  x: number
  y: number
  blur: number
  color: Color
}

/** Issue #13's effects on an op; each field is present only when its element asked for it. */
export interface Effects {
  /** The element's rotation (composed with its boxes'), applied after the pixel ratio. */
  transform?: Matrix
  /** Rect and image ops cast their box's shadow; text ops their glyphs'. */
  shadow?: ResolvedShadow
}

/** Clears the canvas (first op of every plan). */
export interface ClearOp {
  kind: 'clear'
  width: number
  height: number
}

export interface RectOp extends Effects {
  kind: 'rect'
  x: number
  y: number
  width: number
  height: number
  radii: Radii | null
  fill: ResolvedPaint | null
  stroke: ResolvedStroke | null
  opacity: number
}

export interface ImageOp extends Effects {
  kind: 'image'
  /** Index of the top-level element in spec.elements that draws it (the element itself, or the box holding it). */
  element: number
  /** The element's path when it sits in a box ('elements[0].children[2]'), for errors; else left out. */
  path?: string
  id?: string
  source: ImageSource
  x: number
  y: number
  width: number
  height: number
  fit: ImageFit
  radii: Radii | null
  /** A border inside the box, following the radii; only when the element has one. */
  stroke?: ResolvedStroke
  opacity: number
}

/**
 * One line of text, drawn with textBaseline 'middle' at y (the middle of its line box); or, with
 * `baseline: 'alphabetic'`, one run of a line of spans, y its baseline (see plan-text.ts).
 */
export interface TextOp extends Effects {
  kind: 'text'
  text: string
  x: number
  y: number
  font: string
  color: Color
  align: 'left' | 'center' | 'right'
  opacity: number
  /** Set for runs of spans: y is the alphabetic baseline. */
  baseline?: 'alphabetic'
  /** Design px after every grapheme: drawn grapheme by grapheme from x (align is then 'left'). */
  letterSpacing?: number
  /**
   * A line through or under the text: a rect filled in `color` (the stroke's, with one), in design
   * px. As in CSS, an underline (`line: 'underline'`) is drawn below the glyphs; any other above them.
   */
  decoration?: { x: number; y: number; width: number; height: number; line?: TextDecoration }
  /** Outline stroked under the fill, `width` design px outside the glyphs. */
  stroke?: ResolvedStroke
}

/** A QR symbol drawn as vector modules: sharp at any pixel ratio and nothing to load. */
export interface QrOp extends Effects {
  kind: 'qr'
  x: number
  y: number
  size: number
  modules: boolean[][]
  margin: number
  color: Color
  background: Color
  opacity: number
}

/** A straight line from (x1, y1) to (x2, y2). */
export interface LineOp extends Effects {
  kind: 'line'
  x1: number
  y1: number
  x2: number
  y2: number
  color: Color
  width: number
  dash?: Dash
  cap: 'butt' | 'round' | 'square'
  opacity: number
}

/** One drawing step of a poster, in design px. Produced by planPoster, run by executeDrawOps. */
export type DrawOp = ClearOp | RectOp | ImageOp | TextOp | QrOp | LineOp
