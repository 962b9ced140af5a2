// Decoders for packed tables (unicode-tables.ts, written by scripts/gen-unicode-tables.cjs, which
// describes the format; measure-cache.ts's em-box ranges): lists of integers in base 32, one printable
// character per digit, about a fifth of the bytes of the same numbers written as an array literal.

/** The integers of a packed string: '(' … 'G' end a number (last digit), ']' … '|' are earlier digits. */
export function decodeNumbers(packed: string): number[] {
  const out: number[] = []
  let n = 0
  for (let i = 0; i < packed.length; i++) {
    const c = packed.charCodeAt(i)
    if (c >= 93) {
      n = n * 32 + (c - 93)
    } else {
      out.push(n * 32 + (c - 40))
      n = 0
    }
  }
  return out
}

/** Sorted [lo, hi, lo, hi, ...] code point ranges, from a packed [gap, size, ...] list. */
export function decodeRanges(packed: string): number[] {
  const numbers = decodeNumbers(packed)
  const out: number[] = []
  let hi = 0
  for (let i = 0; i < numbers.length; i += 2) {
    const lo = hi + numbers[i]
    hi = lo + numbers[i + 1]
    out.push(lo, hi)
  }
  return out
}

/** True when cp lies in one of the [lo, hi] ranges (binary search). */
export function inRanges(ranges: readonly number[], cp: number): boolean {
  let a = 0
  let b = ranges.length / 2 - 1
  while (a <= b) {
    const m = (a + b) >> 1
    if (cp < ranges[2 * m]) b = m - 1
    else if (cp > ranges[2 * m + 1]) a = m + 1
    else return true
  }
  return false
}

/** A property with one value per code point, stored as runs of equal values. */
export interface RunTable {
  /** First code point of each run, ascending, starting at 0. */
  starts: Uint32Array
  values: Uint16Array
  /** The values of U+0000–U+00FF, looked up without a search (most text on posters is there or CJK). */
  latin1: Uint16Array
}

/** A run table from a packed list of the run lengths followed by the runs' values. */
export function decodeRuns(packed: string): RunTable {
  const numbers = decodeNumbers(packed)
  const count = numbers.length / 2
  const starts = new Uint32Array(count)
  const values = new Uint16Array(count)
  let start = 0
  for (let i = 0; i < count; i++) {
    starts[i] = start
    values[i] = numbers[count + i]
    start += numbers[i]
  }
  const table: RunTable = { starts, values, latin1: new Uint16Array(256) }
  for (let cp = 0; cp < 256; cp++) table.latin1[cp] = searchRuns(table, cp)
  return table
}

/** The value of cp in a run table. */
export function runValue(table: RunTable, cp: number): number {
  if (cp < 256) return table.latin1[cp]
  return searchRuns(table, cp)
}

function searchRuns(table: RunTable, cp: number): number {
  // The last run starting at or before cp.
  const { starts } = table
  let a = 0
  let b = starts.length - 1
  while (a < b) {
    const m = (a + b + 1) >> 1
    if (starts[m] <= cp) a = m
    else b = m - 1
  }
  return table.values[a]
}
