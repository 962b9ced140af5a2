import { parse } from 'csv-parse/sync'
import { MiniCodeError } from '@minicode/core'

/**
 * The rows of a CLI input CSV (`minicode gen`, `gen --link`, `poster --data`) as records keyed by the
 * header: a BOM, blank lines, spaces around cells and short rows are tolerated. A CSV that cannot be
 * read is 'invalid_request' at `field` (the option that named the file), saying why.
 */
export function readCsvRecords(text: string, field: string): Array<Record<string, string>> {
  try {
    return parse(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    }) as Array<Record<string, string>>
  } catch (error) {
    throw new MiniCodeError(
      'invalid_request',
      `The ${field} CSV can't be read: ${(error as Error).message}`,
      {
        field,
      },
    )
  }
}
