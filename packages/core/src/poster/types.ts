import type { Align, Edges, Justify } from '../layout'
import type { CodeRequest } from '../types'

/** A CSS colour the canvas understands: '#fff', '#ffcc00', 'rgba(0,0,0,.5)', 'red'. */
export type Color = string

/**
 * A linear gradient across an element's box. `from`/`to` are points relative to the box in
 * fractions (0–1): `{ from: [0, 0], to: [0, 1] }` runs top to bottom (the default).
 */
export interface LinearGradient {
  type: 'linear'
  from?: [number, number]
  to?: [number, number]
  /** At least two stops, offsets 0–1. */
  stops: Array<{ offset: number; color: Color }>
}

export type Paint = Color | LinearGradient

/** Corner radius in design px: one for all, or [topLeft, topRight, bottomRight, bottomLeft]. */
export type Radius = number | [number, number, number, number]

/** A dashed stroke: `on` design px of ink, then `off` px of gap, repeated. */
export type Dash = [on: number, off: number]

/** A border drawn inside the element's box (the box keeps its size), following its radius. */
export interface Stroke {
  color: Color
  /** Design px, at most 1000. */
  width: number
  /** Dashed instead of solid; solid on a canvas without setLineDash. */
  dash?: Dash
}

/**
 * A drop shadow, in design px (scaled with the poster). Rects, boxes and images cast the shadow of
 * their (rounded) box, once, outside it, as CSS box-shadow; text casts its glyphs'. x and y run along
 * the poster's axes even on a rotated element (the light does not turn with it), as on a canvas.
 *
 * @example shadow: { y: 8, blur: 24, color: 'rgba(0, 0, 0, 0.15)' }
 */
export interface Shadow {
  /** Offset to the right. Default 0. */
  x?: number
  /** Offset downwards. Default 0. */
  y?: number
  /** Blur (canvas shadowBlur) in design px, ≥ 0. Default 0: a sharp shadow. */
  blur?: number
  color: Color
}

interface Box {
  /** Optional name, used in error messages ('image_load_failed' names it). */
  id?: string
  /** Left edge in design px. */
  x: number
  /** Top edge in design px. */
  y: number
  /** 0–1, default 1. */
  opacity?: number
  /**
   * Degrees clockwise about the centre of the element's box; the layout does not change (as a CSS
   * transform). Default 0.
   */
  rotate?: number
}

export interface RectElement extends Box {
  type: 'rect'
  width: number
  height: number
  fill?: Paint
  stroke?: Stroke
  radius?: Radius
  shadow?: Shadow
}

export type ImageFit = 'cover' | 'contain' | 'fill'

export interface ImageElement extends Box {
  type: 'image'
  /** https URL, data URL, raw base64, local path (wxfile://, http://tmp/…, USER_DATA_PATH) or cloud:// fileID. */
  src: string
  /** Tried when `src` fails to load or times out. */
  fallbackSrc?: string
  width: number
  height: number
  /** Default 'cover' (fills the box, crops the overflow, centred). */
  fit?: ImageFit
  /** Per-corner radius, or 'circle' for avatars (an ellipse for a non-square box). */
  radius?: Radius | 'circle'
  /** A border inside the box, following the radius. */
  stroke?: Stroke
  shadow?: Shadow
}

/** A line drawn through or under text, in its colour. */
export type TextDecoration = 'line-through' | 'underline'

/**
 * A run of a text element in its own style: any field left out is the element's. Spans share lines
 * and wrap as one text; they sit on one alphabetic baseline.
 *
 * @example
 * { type: 'text', x: 24, y: 500, color: '#e4393c', spans: [
 *   { text: '¥', size: 16 }, { text: 7999, size: 32, weight: 'bold' },
 *   { text: ' ¥9999', size: 14, color: '#999', decoration: 'line-through' },
 * ] }
 */
export interface TextSpan {
  text: string | number
  /** Font size in design px. */
  size?: number
  weight?: 'normal' | 'bold' | number
  family?: string
  color?: Color
  decoration?: TextDecoration
  /** Design px after every grapheme (the last one on a line too); more than −size / 2. */
  letterSpacing?: number
}

export interface TextElement extends Box {
  type: 'text'
  /** The text; or give `spans` instead (exactly one of the two). */
  text?: string | number
  /** Runs of text in their own styles, instead of `text`: a non-empty array. */
  spans?: TextSpan[]
  /** Font size in design px. Default 16. */
  size?: number
  /** 'normal' | 'bold' | 100–900. Default 'normal'. */
  weight?: 'normal' | 'bold' | number
  /** CSS font family list; names with spaces are quoted for the canvas. Default 'sans-serif'. */
  family?: string
  /** Default '#000'. */
  color?: Color
  /** A line through or under the text (every span's, unless the span says otherwise). */
  decoration?: TextDecoration
  /**
   * Design px added after every grapheme, the last one on a line included (as CSS does); may be
   * negative, down to just above −size / 2. Default 0.
   */
  letterSpacing?: number
  /** Outlined text: `width` design px of outline around the glyphs, drawn under the fill; `dash` too. */
  stroke?: Stroke
  /**
   * With maxWidth: aligns each line inside [x, x + maxWidth]. Without: x is the anchor, as on a
   * canvas ('center' centres the text on x). Default 'left'.
   */
  align?: 'left' | 'center' | 'right'
  /** Line height in design px. Default 1.4 × size (with spans, each span's size; a line is as tall as its tallest span's). */
  lineHeight?: number
  /** Wrap width in design px. Default: no wrapping but at '\n'. */
  maxWidth?: number
  /** Lines kept; the last one ends with the ellipsis when text is cut. */
  maxLines?: number
  /** Default '…'. */
  ellipsis?: string
  shadow?: Shadow
}

export interface CodeElement extends Box {
  type: 'code'
  /** Fetched through the backend given to render. */
  request?: CodeRequest
  /** A ready image of the code (data URL, URL, path…), instead of `request`. */
  dataUrl?: string
  /** Side of the square in design px. */
  size: number
  radius?: Radius | 'circle'
}

export interface QrElement extends Box {
  type: 'qr'
  /** Encoded as UTF-8. */
  text: string
  size: number
  ecc?: 'L' | 'M' | 'Q' | 'H'
  /** Default '#000'. */
  color?: Color
  /** Default '#fff'; 'transparent' leaves the background. */
  background?: Color
  /** Quiet zone in modules. Default 2 (the poster around it is usually light). */
  margin?: number
  /**
   * A logo in the middle (issue #16): ecc becomes 'H' and the centre is cleared for it. `size` is the
   * logo's side as a share of the symbol's (0–0.5, default 0.2 or the largest that scans); a logo too
   * large to scan is 'invalid_request' at `elements[i].logo.size`, naming the largest that does.
   */
  logo?: { src: string; size?: number }
}

/** A straight line: a rule, an underline, a dashed cut line. */
export interface LineElement {
  type: 'line'
  id?: string
  /** From (x1, y1) to (x2, y2), in design px. */
  x1: number
  y1: number
  x2: number
  y2: number
  /** Default '#000'. */
  color?: Color
  /** Thickness in design px. Default 1. */
  width?: number
  dash?: Dash
  /** Canvas lineCap. Default 'butt' (the line ends at its end points). */
  cap?: 'butt' | 'round' | 'square'
  /** 0–1, default 1. */
  opacity?: number
  /** Degrees clockwise about the line's middle. Default 0. */
  rotate?: number
}

export type PosterElement = RectElement | ImageElement | TextElement | CodeElement | QrElement | LineElement

/** Fields any element inside a box may have: its share of the box's flex line. */
export interface FlexItemFields {
  /** flex-grow. Default 0. */
  grow?: number
  /** flex-shrink. Default 0. */
  shrink?: number
  /**
   * Design px, one for all sides or [top, right, bottom, left]; allowed on top-level elements too.
   * Not on qr elements, whose `margin` is their quiet zone.
   */
  margin?: Edges
  alignSelf?: Align
  /** 'absolute': at x/y from the box's padding edge, out of the flow (a badge on a corner). */
  position?: 'absolute'
}

/** An element inside a box: its x/y are ignored (unless absolute); an image may give aspectRatio. */
export type BoxChild = (
  InBox<Exclude<PosterElement, { type: 'image' | 'line' }>> | ImageInBox | LineInBox | BoxElement
) &
  FlexItemFields

// Omit over each member of a union (plain Omit would merge them into one).
type InBox<T> = T extends unknown ? Omit<T, 'x' | 'y'> & { x?: number; y?: number } : never

type ImageInBox = Omit<Extract<PosterElement, { type: 'image' }>, 'x' | 'y' | 'height'> & {
  x?: number
  y?: number
  height?: number
  /** width / height, instead of height: kept when a row grows or shrinks the image. */
  aspectRatio?: number
}

/**
 * A divider in a box: it runs across the box's main axis through the middle of its place (in a
 * column, a horizontal rule between the rows; in a row, a vertical bar between the items). Its
 * thickness is its size along the main axis; its `length`, along the cross axis, defaults to the
 * box's cross size by the box's 'stretch' alignment (CSS flexbox's, as for a div of no width).
 */
export type LineInBox = Omit<LineElement, 'x1' | 'y1' | 'x2' | 'y2'> & {
  /** Design px across the main axis. Default: stretched across the box (0 when not stretched). */
  length?: number
  /** Only with position 'absolute': from the box's padding edge. */
  x?: number
  y?: number
}

/** A flex container (CSS flexbox subset, see layout/): width and height default to its content's. */
export interface BoxElement extends FlexItemFields {
  type: 'box'
  id?: string
  x?: number
  y?: number
  width?: number
  height?: number
  /** Default 'column'. */
  direction?: 'column' | 'row'
  gap?: number
  padding?: Edges
  /** Cross axis. Default 'stretch'. */
  align?: Align
  justify?: Justify
  fill?: Paint
  stroke?: Stroke
  radius?: Radius
  /** The shadow of the box's own shape, outside it (as CSS box-shadow), whatever it holds. */
  shadow?: Shadow
  /** 0–1, default 1; multiplies its children's. */
  opacity?: number
  /** Degrees clockwise about the box's centre, turning its children with it. Default 0. */
  rotate?: number
  children: BoxChild[]
}

/**
 * A font face the poster loads before anything is measured: `loadFontFace` (native scope) on
 * mini-programs, `FontFace` on H5, the canvas library's register call in Node. Elements use it by
 * `family` (names with spaces are quoted for the canvas).
 */
export interface PosterFont {
  /** The name elements give in `family`, e.g. 'Brand Sans'. */
  family: string
  /** The font file: an https URL (on the downloadFile allow-list), a data URL or a local path. */
  src: string
  /** The weight this file is ('normal', 'bold', 100–900). Default 'normal'. */
  weight?: 'normal' | 'bold' | number
  /** true: when the font fails to load, text draws with the family list's next font. Default false: 'font_load_failed'. */
  fallback?: boolean
}

/**
 * An element of spec.elements: at its x/y, with a `margin` counted by height 'auto' (its bottom
 * margin); a qr element's `margin` is its quiet zone instead.
 */
export type TopLevelElement = WithMargin<Exclude<PosterElement, QrElement>> | QrElement | BoxElement

// The margin field over each member of a union.
type WithMargin<T> = T extends unknown ? T & { margin?: Edges } : never

/** A poster in design px. Elements are drawn in order, later ones on top. */
export interface PosterSpec {
  width: number
  /**
   * Design px, or 'auto': the bottom of the lowest top-level element, its bottom margin included (or
   * of what overflows a box of fixed height further down: nothing drawn is cut off).
   */
  height: number | 'auto'
  /** Fonts loaded before the poster is measured. */
  fonts?: PosterFont[]
  /** Default '#fff'; 'transparent' for none. */
  background?: Paint
  /** Canvas px per design px. Default: the device's, lowered to keep canvas sides ≤ 4096 px. */
  pixelRatio?: number
  /** Top-level elements: each at its x/y; a box places what it holds (issue #13). */
  elements: Array<TopLevelElement>
}
