// The CSS font string a canvas takes. Family names that are not one plain identifier — above all
// names with spaces, 'Times New Roman', 'PingFang SC' — must be quoted: unquoted, mini-program
// canvases drop the whole font string and silently draw in the default font.

// A family name that may stand unquoted: one CSS identifier (generic families are such names).
const IDENTIFIER = /^-?[A-Za-z_\u0080-\uffff][\w\u0080-\uffff-]*$/

/**
 * A family list with every name that needs it quoted: `Times New Roman, serif` becomes
 * `"Times New Roman", serif`. Quoted names, single-word names and generic families are left as they
 * are; a list that needs no quotes comes back unchanged.
 */
export function quoteFamilies(family: string): string {
  // Names: quoted strings, or what lies between commas.
  const names = (family.match(/"[^"]*"|'[^']*'|[^,"']+/g) || []).map((name) => name.trim()).filter(Boolean)
  const needsQuotes = (name: string): boolean => !/^["']/.test(name) && !IDENTIFIER.test(name)
  if (!names.some(needsQuotes)) return family
  return names.map((name) => (needsQuotes(name) ? `"${name}"` : name)).join(', ')
}

/** `bold 16px "Times New Roman", serif`: the font of a text or span, for the canvas and its measure. */
export function cssFont(weight: string | number, size: number, family: string): string {
  return `${weight} ${size}px ${quoteFamilies(family)}`
}
