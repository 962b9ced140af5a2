// The Unicode properties of a code point that the text layer reads, from the one generated table of
// unicode-tables.ts: its grapheme class (UAX #29), its line break class (UAX #14) and two flags.
import { decodeNumbers, decodeRuns, runValue } from './packed'
import {
  CHARACTER_CLASSES,
  CHARACTER_RUNS,
  FLAG_EAST_ASIAN,
  FLAG_UNASSIGNED_PICTOGRAPHIC,
} from './unicode-tables'

const CHARACTER_TABLE = /* @__PURE__ */ decodeRuns(CHARACTER_RUNS)
// [grapheme class, line break class, flags] of each character class.
const PROPERTIES = /* @__PURE__ */ decodeNumbers(CHARACTER_CLASSES)

/** The grapheme class (grapheme-class.ts) of a code point. */
export function graphemeClassOf(cp: number): number {
  return PROPERTIES[3 * runValue(CHARACTER_TABLE, cp)]
}

/** The line break class (line-break-class.ts, after LB1) of a code point. */
export function lineBreakClassOf(cp: number): number {
  return PROPERTIES[3 * runValue(CHARACTER_TABLE, cp) + 1]
}

/** East_Asian_Width F, W or H: the "East Asian" of UAX #14 rules LB19a, LB21a and LB30. */
export function isEastAsian(cp: number): boolean {
  return (PROPERTIES[3 * runValue(CHARACTER_TABLE, cp) + 2] & FLAG_EAST_ASIAN) !== 0
}

/** An unassigned Extended_Pictographic code point (UAX #14 rule LB30b). */
export function isUnassignedPictographic(cp: number): boolean {
  return (PROPERTIES[3 * runValue(CHARACTER_TABLE, cp) + 2] & FLAG_UNASSIGNED_PICTOGRAPHIC) !== 0
}
