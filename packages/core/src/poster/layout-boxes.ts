import { computeLayout, resolveEdges, type Edges, type LayoutBox, type LayoutNode } from '../layout'
import { createFontMeasures, type FontMeasure, type Measure } from '../text'
import type { Matrix } from './draw-ops'
import { multiply, rotationAbout } from './effects'
import { lineBox, lineInBoxSize, placeLine } from './line-element'
import type {
  BoxChild,
  BoxElement,
  FlexItemFields,
  LineElement,
  PosterElement,
  RectElement,
  TextElement,
} from './types'
import { layoutTextElement } from './plan-text'

// Issue #13's boxes, laid out into the plain elements planPoster draws: a `box` element becomes a
// rect (when it paints anything) followed by its children, each at the place its box gives it.

/** A design-px box of an element with an id. */
export interface PlacedBox {
  x: number
  y: number
  width: number
  height: number
}

/** The elements of a spec with every box laid out: what planPoster draws, and what measurePoster reports. */
export interface LaidOutElements {
  /** Plain elements (no boxes), in paint order, at absolute design-px positions. */
  elements: PosterElement[]
  /**
   * The bottom of the lowest top-level element, its bottom margin included, or of anything drawn
   * lower (what overflows a box of fixed height): the height of 'auto'.
   */
  bottom: number
  /** The box of every element with an id. */
  boxes: Record<string, PlacedBox>
  /**
   * By index in `elements`: the element's rotation composed with its boxes' (the outermost applied
   * last); no entry for an element that is not turned.
   */
  transforms: Array<Matrix | undefined>
  /**
   * Per element, where it sits inside its top-level element ('' for the element itself,
   * '.children[1].children[0]' for a child's child): images and codes are named by it in errors.
   */
  paths: string[]
}

/**
 * Lays out top-level elements, boxes included, with text widths from `measure`. A top-level box
 * sits at its x/y plus its margin and is drawn as what it holds, each child at the place the box
 * gives it; any other top-level element is drawn as it is (its x/y, as before boxes), and only
 * measured, for `bottom` and `boxes`.
 */
export function layoutBoxes(
  elements: ReadonlyArray<PosterElement | BoxElement>,
  measure: FontMeasure,
): LaidOutElements {
  const forFont = createFontMeasures(measure)
  const out: LaidOutElements = { elements: [], bottom: 0, boxes: {}, transforms: [], paths: [] }
  for (const element of elements as ReadonlyArray<BoxChild>) {
    const x = element.x ?? 0
    const y = element.y ?? 0
    // A top-level line sits at its end points, which make its box.
    const root =
      element.type === 'line'
        ? { ...lineBox(element as unknown as LineElement), children: [] }
        : computeLayout({ ...toNode(element, forFont), x, y, position: undefined })
    if (element.type === 'box') {
      place(element, root, 0, 0, 1, out, '')
      const margin = resolveEdges(flexMargin(element))[2]
      // What overflows the box is drawn too: an 'auto' height does not cut it off.
      out.bottom = Math.max(out.bottom, root.y + root.height + margin, lowestEdge(root, 0))
      continue
    }
    // Any other top-level element is drawn at its own x/y: its margin only pushes an 'auto' height.
    const drawn = topLevelBox(element, element.type === 'line' ? root : { ...root, x, y })
    out.elements.push(element as PosterElement)
    out.paths.push('')
    if (element.id !== undefined) out.boxes[element.id] = drawn
    // It turns about the box it is drawn in.
    if (element.rotate) out.transforms[out.elements.length - 1] = rotationOf(element.rotate, drawn)
    out.bottom = Math.max(out.bottom, drawn.y + drawn.height + resolveEdges(flexMargin(element))[2])
  }
  return out
}

/** The lowest bottom edge of `box` and of all it holds, `box` being placed from `top`. */
function lowestEdge(box: LayoutBox, top: number): number {
  const y = top + box.y
  let bottom = y + box.height
  for (const child of box.children) bottom = Math.max(bottom, lowestEdge(child, y))
  return bottom
}

/** Where a top-level element is drawn: a text without maxWidth hangs from x by its align, as on a canvas. */
function topLevelBox(el: BoxChild, box: LayoutBox): PlacedBox {
  const { x, y, width, height } = box
  if (el.type !== 'text') return { x, y, width, height }
  if (el.maxWidth) return { x, y, width: el.maxWidth, height }
  if (el.align === 'center') return { x: x - width / 2, y, width, height }
  if (el.align === 'right') return { x: x - width, y, width, height }
  return { x, y, width, height }
}

/**
 * The layout node of an element: a box's style and children, or a leaf's size. `direction` is its
 * parent box's (a line lies across it).
 */
function toNode(el: BoxChild, forFont: (font: string) => Measure, direction?: 'row' | 'column'): LayoutNode {
  const item: LayoutNode = {
    grow: el.grow,
    shrink: el.shrink,
    margin: flexMargin(el),
    alignSelf: el.alignSelf,
    position: el.position,
    x: el.x,
    y: el.y,
  }
  switch (el.type) {
    case 'box':
      return {
        ...item,
        width: el.width,
        height: el.height,
        direction: el.direction,
        gap: el.gap,
        padding: el.padding,
        align: el.align,
        justify: el.justify,
        children: el.children.map((child) => toNode(child, forFont, el.direction)),
      }
    case 'rect':
      return { ...item, width: el.width, height: el.height }
    case 'image':
      // Its height follows the width a row grows or shrinks it to.
      if (el.height === undefined && el.aspectRatio)
        return { ...item, width: el.width, aspectRatio: el.aspectRatio }
      return { ...item, width: el.width, height: el.height }
    case 'code':
    case 'qr':
      return { ...item, width: el.size, height: el.size }
    case 'text':
      return { ...item, measure: (maxWidth) => measureText(el as TextElement, maxWidth, forFont) }
    case 'line':
      return { ...item, ...lineInBoxSize(el, direction) }
  }
}

/**
 * As wide as the widest line (the sum of its graphemes' widths, as the wrap counted them, so the text
 * wraps the same at the width it is given) and as tall as its lines, wrapping at the room given
 * (capped by maxWidth). Spans are laid out as planning lays them out (plan-text.ts).
 */
function measureText(el: TextElement, room: number, forFont: (font: string) => Measure) {
  const maxWidth = Math.min(room, el.maxWidth || Infinity)
  const { layout, height } = layoutTextElement(el, maxWidth > 0 ? maxWidth : 1, forFont)
  let width = 0
  for (const line of layout.lines) width = Math.max(width, line.width)
  return { width, height }
}

/**
 * Emits the plain elements of `el` laid out at `box` (relative to the parent at left/top, whose
 * children run in `direction`); a rotation turns all of them about the centre of `box`.
 */
function place(
  el: BoxChild,
  box: LayoutBox,
  left: number,
  top: number,
  opacity: number,
  out: LaidOutElements,
  path: string,
  direction?: 'row' | 'column',
): void {
  const first = out.elements.length
  emit(el, box, left, top, opacity, out, path, direction)
  // What emit pushed for `el` itself (its children named theirs): a leaf, or a box's rect.
  for (let i = first; i < out.elements.length; i++) if (out.paths[i] === undefined) out.paths[i] = path
  if (!el.rotate) return
  // Applied after the rotations of what it holds: a turned child in a turned box turns with it.
  const rotation = rotationOf(el.rotate, { ...box, x: left + box.x, y: top + box.y })
  for (let i = first; i < out.elements.length; i++) {
    const inner = out.transforms[i]
    out.transforms[i] = inner ? multiply(rotation, inner) : rotation
  }
}

/** A rotation by `degrees` clockwise about the centre of `box`. */
function rotationOf(degrees: number, box: PlacedBox): Matrix {
  return rotationAbout(degrees, box.x + box.width / 2, box.y + box.height / 2)
}

/** The plain elements of `el` itself, unturned: {@link place}'s work. */
function emit(
  el: BoxChild,
  box: LayoutBox,
  left: number,
  top: number,
  opacity: number,
  out: LaidOutElements,
  path: string,
  direction?: 'row' | 'column',
): void {
  const x = left + box.x
  const y = top + box.y
  const { width, height } = box
  if (el.id !== undefined) out.boxes[el.id] = { x, y, width, height }
  const alpha = opacity * (el.opacity ?? 1)
  switch (el.type) {
    case 'box': {
      // A shadow alone is drawn too: a box without paint still casts one, as with CSS box-shadow.
      if (el.fill !== undefined || el.stroke !== undefined || el.shadow) {
        const rect: RectElement = {
          type: 'rect',
          x,
          y,
          width,
          height,
          fill: el.fill,
          stroke: el.stroke,
          radius: el.radius,
          opacity: alpha,
        }
        if (el.shadow) rect.shadow = el.shadow
        out.elements.push(rect)
      }
      el.children.forEach((child, i) =>
        place(child, box.children[i], x, y, alpha, out, `${path}.children[${i}]`, el.direction),
      )
      return
    }
    case 'line': {
      const { length: _length, x: _x, y: _y, ...line } = plain(el)
      out.elements.push({ ...placeLine(line, { x, y, width, height }, direction), opacity: alpha })
      return
    }
    case 'text': {
      const text: TextElement = { ...plain(el), x, y, opacity: alpha }
      // Wraps where it was measured: the width its box gave it (lines come out the same).
      text.maxWidth = Math.min(width, el.maxWidth || Infinity)
      out.elements.push(text)
      return
    }
    case 'image':
      out.elements.push({ ...plain(el), type: 'image', x, y, width, height, opacity: alpha })
      return
    case 'rect':
      out.elements.push({ ...plain(el), x, y, width, height, opacity: alpha })
      return
    case 'code':
      out.elements.push({ ...plain(el), x, y, size: Math.min(width, height), opacity: alpha })
      return
    case 'qr': {
      const { grow: _grow, shrink: _shrink, alignSelf: _alignSelf, position: _position, ...qr } = el
      out.elements.push({ ...qr, x, y, size: Math.min(width, height), opacity: alpha })
      return
    }
  }
}

/** An element without its flex fields (planPoster knows nothing of them). */
function plain<T extends FlexItemFields>(el: T): Omit<T, keyof FlexItemFields> {
  const {
    grow: _grow,
    shrink: _shrink,
    margin: _margin,
    alignSelf: _alignSelf,
    position: _position,
    ...rest
  } = el
  return rest
}

/** An element's margin in its box; a qr element's `margin` is its quiet zone, not this. */
function flexMargin(el: BoxChild): Edges | undefined {
  return el.type === 'qr' ? undefined : el.margin
}
