// The text layer's public face: what poster/ and the package barrel use. Internals (tables, break
// classes) stay behind it.
export { layoutText } from './layout-text'
export type { LayoutTextOptions, TextLayout } from './layout-text'
export { layoutRuns } from './layout-runs'
export type { TextRun, LayoutRunsOptions, PlacedRun, RunLine, RunsLayout } from './layout-runs'
export { splitGraphemes } from './graphemes'
export { createFontMeasures, cachedGraphemeMeasure, forgetMeasuredWidths } from './measure-cache'
export type { Measure, FontMeasure } from './measure-cache'
