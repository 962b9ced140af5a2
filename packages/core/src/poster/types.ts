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

interface Box {
  /** Optional name, used in error messages ('image_load_failed' names it). */
  id?: string
  /** Left edge in design px. */
  x: number
  /** Top edge in design px. */
  y: number
  /** 0–1, default 1. */
  opacity?: number
}

export interface RectElement extends Box {
  type: 'rect'
  width: number
  height: number
  fill?: Paint
  stroke?: { color: Color; width: number }
  radius?: Radius
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
}

export interface TextElement extends Box {
  type: 'text'
  text: string | number
  /** Font size in design px. Default 16. */
  size?: number
  /** 'normal' | 'bold' | 100–900. Default 'normal'. */
  weight?: 'normal' | 'bold' | number
  /** CSS font family list. Default 'sans-serif'. */
  family?: string
  /** Default '#000'. */
  color?: Color
  /**
   * With maxWidth: aligns each line inside [x, x + maxWidth]. Without: x is the anchor, as on a
   * canvas ('center' centres the text on x). Default 'left'.
   */
  align?: 'left' | 'center' | 'right'
  /** Line height in design px. Default 1.4 × size. */
  lineHeight?: number
  /** Wrap width in design px. Default: no wrapping but at '\n'. */
  maxWidth?: number
  /** Lines kept; the last one ends with the ellipsis when text is cut. */
  maxLines?: number
  /** Default '…'. */
  ellipsis?: string
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

export type PosterElement = RectElement | ImageElement | TextElement | CodeElement | QrElement

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
export type BoxChild = (InBox<Exclude<PosterElement, { type: 'image' }>> | ImageInBox | BoxElement) &
  FlexItemFields

// Omit over each member of a union (plain Omit would merge them into one).
type InBox<T> = T extends unknown ? Omit<T, 'x' | 'y'> & { x?: number; y?: number } : never

type ImageInBox = Omit<Extract<PosterElement, { type: 'image' }>, 'x' | 'y' | 'height'> & {
  x?: number
  y?: number
  height?: number
  /** width / height, instead of height. */
  aspectRatio?: number
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
  stroke?: { color: Color; width: number }
  radius?: Radius
  /** 0–1, default 1; multiplies its children's. */
  opacity?: number
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

/** A poster in design px. Elements are drawn in order, later ones on top. */
export interface PosterSpec {
  width: number
  /** Design px, or 'auto': the bottom of the lowest top-level element, its bottom margin included. */
  height: number | 'auto'
  /** Fonts loaded before the poster is measured. */
  fonts?: PosterFont[]
  /** Default '#fff'; 'transparent' for none. */
  background?: Paint
  /** Canvas px per design px. Default: the device's, lowered to keep canvas sides ≤ 4096 px. */
  pixelRatio?: number
  /** Top-level elements: each at its x/y; a box places what it holds (issue #13). */
  elements: Array<PosterElement | BoxElement>
}
