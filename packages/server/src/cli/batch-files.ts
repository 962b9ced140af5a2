// What the batch commands (`minicode gen`, `gen --link`, `poster --data`) write into their --out
// folder, in one place: files written whole or not at all, CSV cells, a row's error as JSON, and the
// manifest and failures file every batch leaves behind.
import { randomBytes } from 'node:crypto'
import { readdir, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MiniCodeError } from '@minicode/core'

/** A failed row's error in a manifest: the code, the message, and WeChat's errcode and the field when known. */
export interface BatchItemError {
  code: string
  message: string
  errcode?: number
  field?: string
}

/**
 * Writes a file whole or not at all: into a temp file beside it, then renamed over it. An
 * interrupted batch leaves a `.mctmp` file at worst, which the next run removes (removeStaleTemps).
 */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.mctmp`
  try {
    await writeFile(temp, data)
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}

/** Removes the temp files an interrupted run left in `dir`. */
export async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir))
    if (name.endsWith('.mctmp')) await unlink(join(dir, name)).catch(() => undefined)
}

/** A CSV cell, quoted when it holds a quote, a comma or a line break (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function errorJson(error: MiniCodeError): BatchItemError {
  const out: BatchItemError = { code: error.code, message: error.message }
  if (error.errcode !== undefined) out.errcode = error.errcode
  if (error.field !== undefined) out.field = error.field
  return out
}

/** What a batch returns and its manifest holds: how many rows, how they ended, and the rows done. */
export interface BatchSummary<Item> {
  total: number
  ok: number
  skipped: number
  failed: number
  items: Item[]
}

/** The summary of a batch of `total` rows; `items` has a hole for each row not done (interrupted). */
export function batchSummary<Item>(
  total: number,
  counts: { ok: number; skipped: number; failed: number },
  items: ReadonlyArray<Item | undefined>,
): BatchSummary<Item> {
  const done = items.filter((item): item is Item => item !== undefined)
  return { total, ok: counts.ok, skipped: counts.skipped, failed: counts.failed, items: done }
}

/** A manifest's JSON: the summary, and whether the run stopped before every row was done. */
export function manifestJson(summary: BatchSummary<unknown>): string {
  return JSON.stringify({ ...summary, interrupted: summary.items.length < summary.total }, null, 2)
}

/**
 * `manifest.json` (see manifestJson) and `failures.csv` (the failed rows, to run again; removed when
 * none failed).
 */
export async function writeBatchResult(
  out: string,
  summary: BatchSummary<unknown>,
  failuresCsv: () => string,
): Promise<void> {
  await writeAtomic(join(out, 'manifest.json'), manifestJson(summary))
  if (summary.failed) await writeAtomic(join(out, 'failures.csv'), failuresCsv())
  else await unlink(join(out, 'failures.csv')).catch(() => undefined)
}
