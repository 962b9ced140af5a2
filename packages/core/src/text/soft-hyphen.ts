// U+00AD SOFT HYPHEN: a break opportunity inside a word (UAX #14 class BA) that is invisible unless
// the line breaks there; then the line ends with a hyphen, as CSS `hyphens: manual` (the default)
// draws it. Its own grapheme (Grapheme_Cluster_Break Control), so lines handle it whole.

export const SOFT_HYPHEN = '\u00AD'

/** What a line broken at a soft hyphen ends with: U+002D, as Chromium draws it. */
export const HYPHEN = '-'

/** True for the soft hyphen grapheme: zero wide, never drawn itself (canvases may disagree on both). */
export const isSoftHyphen = (g: string): boolean => g === SOFT_HYPHEN
