import type { CodeRequest } from '../types'
import type { Color, ImageFit } from './types'

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

/** Clears the canvas (first op of every plan). */
export interface ClearOp {
  kind: 'clear'
  width: number
  height: number
}

export interface RectOp {
  kind: 'rect'
  x: number
  y: number
  width: number
  height: number
  radii: Radii | null
  fill: ResolvedPaint | null
  stroke: { color: Color; width: number } | null
  opacity: number
}

export interface ImageOp {
  kind: 'image'
  /** Index of the element in spec.elements: the key of its loaded image. */
  element: number
  id?: string
  source: ImageSource
  x: number
  y: number
  width: number
  height: number
  fit: ImageFit
  radii: Radii | null
  opacity: number
}

/**
 * One line of text, drawn with textBaseline 'middle' at y (the middle of its line box); or, with
 * `baseline: 'alphabetic'`, one run of a line of spans, y its baseline (see plan-text.ts).
 */
export interface TextOp {
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
  /** A line through or under the text: a rect filled in `color`, in design px. */
  decoration?: { x: number; y: number; width: number; height: number }
  /** Outline stroked under the fill, `width` design px outside the glyphs. */
  stroke?: { color: Color; width: number }
}

/** A QR symbol drawn as vector modules: sharp at any pixel ratio and nothing to load. */
export interface QrOp {
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

/** One drawing step of a poster, in design px. Produced by planPoster, run by executeDrawOps. */
export type DrawOp = ClearOp | RectOp | ImageOp | TextOp | QrOp
