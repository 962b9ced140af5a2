import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readCsvRecords } from './read-csv'
import {
  MiniCodeError,
  createImageCache,
  decodeCodeResponse,
  isMiniCodeError,
  toDataUrl,
  type CodeRequest,
  type PosterSpec,
} from '@minicode/core'
import type { CodeService } from '../code-service'
import { renderPosterImage, type RenderPosterImageOptions } from '../poster/render-poster-image'
import {
  batchSummary,
  csvCell,
  removeStaleTemps,
  writeAtomic,
  writeBatchResult,
  type BatchSummary,
} from './batch-files'
import { createProgress } from './progress'
import type { RenderPool } from './render-pool'

/** Options of {@link posterBatch} (`minicode poster --spec … --data … --out DIR`). */
export interface PosterBatchOptions {
  /** The spec, with `{{column}}` fields in texts, qr texts, qr logo and code requests. */
  spec: PosterSpec
  /** CSV text with a header row; an optional `file` column names each output. */
  data: string
  out: string
  /** Posters rendered at once (image fetches and code calls overlap). Default 4. */
  concurrency?: number
  render?: Omit<RenderPosterImageOptions, 'codes' | 'imageCache'>
  codes?: Pick<CodeService, 'get'>
  /** Render threads (createRenderPool): posters are then drawn on every core. Default: this thread. */
  pool?: RenderPool
  stderr?: { write(s: string): unknown; isTTY?: boolean }
  /** Set to stop early (SIGINT): posters under way finish, the rest are left for a rerun. */
  signal?: AbortSignal
}

export interface PosterItem {
  line: number
  file?: string
  status: 'ok' | 'skipped' | 'failed'
  bytes?: number
  error?: { code: string; message: string; field?: string }
}

export type PosterSummary = BatchSummary<PosterItem>

/**
 * One poster per CSV row into `out`: resumable (valid images already there are skipped), with
 * manifest.json and failures.csv, as `minicode gen`. File names are the row's `file` cell, or a
 * hash of the filled-in spec (a rerun finds the same name even if rows moved).
 */
/**
 * Rows under way per render thread. 2 left the threads waiting on the main thread now and then (1.48×
 * the posters/s of one thread, on 2 quiet cores); 4 gave 1.55–1.68× (issue #16's budget is 1.6×).
 */
export const ROWS_PER_THREAD = 4

export async function posterBatch(options: PosterBatchOptions): Promise<PosterSummary> {
  const concurrency = Math.max(1, Math.min(64, Math.floor(options.concurrency ?? 4)))
  const records = readCsvRecords(options.data, 'data')
  const format = options.render?.format ?? 'png'
  const ext = format === 'jpeg' ? '.jpg' : '.png'
  await mkdir(options.out, { recursive: true })
  await removeStaleTemps(options.out)
  const present = new Set(await readdir(options.out))
  // Rows rendered here (no pool) share decoded images, as each pool thread's rows do.
  const imageCache = createImageCache()
  const items: PosterItem[] = new Array(records.length)
  const counts = { done: 0, ok: 0, skipped: 0, failed: 0 }
  const progress = createProgress(records.length, options.stderr ?? process.stderr)
  const finish = (index: number, item: PosterItem) => {
    items[index] = item
    counts.done++
    counts[item.status]++
    progress.update(counts)
  }

  const one = async (index: number) => {
    const cells = records[index]
    const line = index + 2
    let file = cells.file || undefined
    try {
      const spec = fillSpec(options.spec, cells)
      file ??= `poster-${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16)}${ext}`
      if (!/^[^/\\\0-\x1f]{1,200}$/.test(file) || file.startsWith('.') || file === 'manifest.json') {
        throw new MiniCodeError('invalid_request', `file '${file.slice(0, 60)}' must be a plain file name.`, {
          field: 'file',
        })
      }
      const existing = present.has(file) ? await validImage(join(options.out, file)) : 0
      if (existing) return finish(index, { line, file, status: 'skipped', bytes: existing })
      const image = options.pool
        ? await options.pool.render(await withCodes(spec, options.codes))
        : await renderPosterImage(spec, { ...options.render, codes: options.codes, imageCache })
      await writeAtomic(join(options.out, file), image.bytes)
      finish(index, { line, file, status: 'ok', bytes: image.bytes.length })
    } catch (error) {
      const err = isMiniCodeError(error) ? error : new MiniCodeError('write_failed', String(error))
      const failed: PosterItem = { line, status: 'failed', error: { code: err.code, message: err.message } }
      if (file) failed.file = file
      if (err.field) failed.error!.field = err.field
      finish(index, failed)
    }
  }

  let next = 0
  const worker = async () => {
    while (next < records.length && !options.signal?.aborted) await one(next++)
  }
  // With render threads, several rows under way per thread: while a thread draws one poster, the next
  // specs are filled in (codes fetched) and queued and the last ones written, so no thread waits on
  // this one.
  const lanes = options.pool ? concurrency * ROWS_PER_THREAD : concurrency
  await Promise.all(Array.from({ length: Math.min(lanes, records.length) }, worker))
  progress.finish()
  const summary = batchSummary(records.length, counts, items)
  await writeBatchResult(options.out, summary, () => failuresCsv(records, items))
  return summary
}

/**
 * The spec with `{{column}}` replaced by the row's cells in text and qr `text`, a qr `logo.src` and
 * every string of a code `request` (boxes' children included). An unknown column is an error: a
 * poster saying "{{nmae}}" should not be printed a thousand times.
 */
export function fillSpec(spec: PosterSpec, cells: Record<string, string>): PosterSpec {
  const fill = (s: string, field: string) =>
    s.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(cells, name)) {
        throw new MiniCodeError(
          'invalid_request',
          `${field} uses {{${name}}}, which is not a column of the data.`,
          {
            field,
          },
        )
      }
      return cells[name]
    })
  const element = (el: Record<string, unknown>, at: string): Record<string, unknown> => {
    const out = { ...el }
    if ((el.type === 'text' || el.type === 'qr') && typeof el.text === 'string')
      out.text = fill(el.text, `${at}.text`)
    if (el.type === 'qr' && el.logo && typeof (el.logo as { src?: unknown }).src === 'string') {
      const logo = el.logo as { src: string }
      out.logo = { ...logo, src: fill(logo.src, `${at}.logo.src`) }
    }
    if (el.type === 'code' && el.request && typeof el.request === 'object') {
      const request: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(el.request)) {
        request[k] = typeof v === 'string' ? fill(v, `${at}.request.${k}`) : v
      }
      out.request = request
    }
    if (Array.isArray(el.children)) {
      out.children = el.children.map((c, i) => element(c as Record<string, unknown>, `${at}.children[${i}]`))
    }
    return out
  }
  const elements = Array.isArray(spec.elements)
    ? spec.elements.map((el, i) => element(el as unknown as Record<string, unknown>, `elements[${i}]`))
    : spec.elements
  return { ...spec, elements } as unknown as PosterSpec
}

/**
 * The spec with every code element's request (boxes' children included) fetched here and given as a
 * ready dataUrl: the render threads have no code service.
 */
async function withCodes(spec: PosterSpec, codes: Pick<CodeService, 'get'> | undefined): Promise<PosterSpec> {
  if (!codes || !Array.isArray(spec.elements)) return spec
  // Loosely typed, as fillSpec: a box child and a top-level element differ only in how they are placed.
  type Element = { type: string; children?: Element[]; request?: CodeRequest; dataUrl?: string }
  const resolve = async (el: Element): Promise<Element> => {
    if (el.type === 'box' && Array.isArray(el.children))
      return { ...el, children: await Promise.all(el.children.map(resolve)) }
    if (el.type !== 'code' || !el.request || el.dataUrl) return el
    const code = await codes.get(el.request)
    return { ...el, request: undefined, dataUrl: toDataUrl(code.bytes, code.mime) }
  }
  const elements = await Promise.all((spec.elements as Element[]).map(resolve))
  return { ...spec, elements } as PosterSpec
}

/** Size of a complete PNG/JPEG at `path`, or 0 (missing, truncated, not an image: render again). */
async function validImage(path: string): Promise<number> {
  try {
    const bytes = new Uint8Array(await readFile(path))
    decodeCodeResponse(bytes)
    return bytes.length
  } catch {
    return 0
  }
}

function failuresCsv(records: Array<Record<string, string>>, items: PosterItem[]): string {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))]
  const lines = [[...columns, 'line', 'error_code', 'error_field', 'error_message'].join(',')]
  records.forEach((cells, i) => {
    const item = items[i]
    if (item?.status !== 'failed') return
    lines.push(
      [
        ...columns.map((c) => csvCell(cells[c] ?? '')),
        String(item.line),
        item.error?.code ?? '',
        item.error?.field ?? '',
        csvCell(item.error?.message ?? ''),
      ].join(','),
    )
  })
  return lines.join('\n') + '\n'
}
