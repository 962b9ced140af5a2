// Text width without a measureText call per character.
//
// Widths are measured once per grapheme (per font) and summed. Summing ignores kerning and
// ligatures between neighbours. That is safe for layout: CJK fonts have no kerning between
// ideographs, and Latin kerning/ligatures almost always pull glyphs closer, so the sum is an upper
// bound of the drawn width — a line may wrap a hair early, it never overflows its box.
//
// CJK fonts draw every unified ideograph and kana on the same square em box, so one measurement
// stands for all of them: long Chinese text costs a handful of measureText calls, not one per
// distinct character.

import { memo } from '../memo'
import { decodeRanges, inRanges } from './packed'

/** Width in px of a string in one fixed font. */
export type Measure = (text: string) => number

/** Width in px of a string in a given CSS font (e.g. ctx.font = font; ctx.measureText(text).width). */
export type FontMeasure = (text: string, font: string) => number

// One em box for all: hiragana (U+3041–3096), katakana (30A1–30FA), CJK extension A (3400–4DBF) and
// unified ideographs (4E00–9FFF), packed as packed.ts decodes.
const EM_BOX = /* @__PURE__ */ decodeRanges('i_)_=3_Au.cjG_)qlG')
const sharesEmBox = (g: string): boolean => g.length === 1 && inRanges(EM_BOX, g.charCodeAt(0))

const IDEOGRAPH_KEY = '\u0000ideograph'
// Replaced (not cleared: a WeakMap cannot be) when a font loads; see forgetMeasuredWidths.
let caches = new WeakMap<Measure, Map<string, number>>()
const fontMeasures = new WeakMap<FontMeasure, (font: string) => Measure>()

/**
 * A grapheme measure that remembers widths. Calls on the same `measure` function share one cache
 * (held weakly, and dropped when a font loads: see {@link forgetMeasuredWidths}), so measure once
 * per font and pass the same function again.
 * Throws TypeError-free: a non-finite or negative width from `measure` counts as 0.
 */
export function cachedGraphemeMeasure(measure: Measure): Measure {
  const widths = memo(caches, measure, () => new Map<string, number>())
  return (g: string): number =>
    memo(widths, sharesEmBox(g) ? IDEOGRAPH_KEY : g, () => {
      const raw = measure(g)
      return typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 0
    })
}

/**
 * Drops every width cached so far. Called when a font finishes loading (loadFonts does, for a spec's
 * fonts): widths measured before it may be the fallback font's, and a measure function that lives on
 * (createTaroMeasure's, an app's own) would keep laying text out with them.
 */
export function forgetMeasuredWidths(): void {
  caches = new WeakMap()
}

/**
 * One cached {@link Measure} per font from a font-aware measure: `forFont(font)` returns the same
 * function for the same font, so its widths are reused across texts and layouts. The same `measure`
 * function gets the same `forFont` (held weakly), so its widths survive across layouts and plans.
 *
 * @example
 * const forFont = createFontMeasures((s, font) => { ctx.font = font; return ctx.measureText(s).width })
 * layoutText('限时特惠', { maxWidth: 200, measure: forFont('bold 28px sans-serif') })
 */
export function createFontMeasures(measure: FontMeasure): (font: string) => Measure {
  return memo(fontMeasures, measure, () => {
    const byFont = new Map<string, Measure>()
    return (font: string) => memo(byFont, font, () => (text: string) => measure(text, font))
  })
}
