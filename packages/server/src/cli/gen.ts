import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  MiniCodeError,
  codeRequestKey,
  decodeCodeResponse,
  isMiniCodeError,
  validateCodeRequest,
  type CodeRequest,
} from '@minicode/core'
import { createCodeService } from '../code-service'
import { requestFromQuery } from '../http/query'
import { parseRateLimit } from '../http/rate-limit'
import { sleep } from '../retry'
import type { WeChatClient } from '../wechat-client'
import {
  batchSummary,
  csvCell,
  errorJson,
  removeStaleTemps,
  writeAtomic,
  writeBatchResult,
  type BatchItemError,
  type BatchSummary,
} from './batch-files'
import { createPacer } from './pacer'
import { createProgress } from './progress'
import { readCsvRecords } from './read-csv'

export interface GenOptions {
  /** CSV with a header row: scene, page, path, kind, width, checkPath, envVersion, autoColor, lineColor, isHyaline, file. */
  input: string
  out: string
  client: Pick<WeChatClient, 'getCode'>
  /** Parallel upstream calls. Default 8. */
  concurrency?: number
  /** Upstream pace, e.g. '5000/min' (WeChat's getUnlimited limit, the default). */
  rate?: string
  stderr?: { write(s: string): unknown; isTTY?: boolean }
  /** Set to stop early (SIGINT): in-flight codes finish, the rest are left for a rerun. */
  signal?: AbortSignal
}

export interface GenItem {
  line: number
  file?: string
  status: 'ok' | 'skipped' | 'failed'
  mime?: string
  bytes?: number
  error?: BatchItemError
}

export type GenSummary = BatchSummary<GenItem>

const COLUMNS = new Set([
  'scene',
  'page',
  'path',
  'kind',
  'width',
  'checkPath',
  'envVersion',
  'autoColor',
  'lineColor',
  'isHyaline',
  'file',
  'check_path',
  'env_version',
  'auto_color',
  'line_color',
  'is_hyaline',
])
// The extra columns of failures.csv, so it can be fed back as input.
const IGNORED = new Set(['line', 'error_code', 'errcode', 'error_message'])
const EXT: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
}

interface Row {
  line: number
  cells: Record<string, string>
  request?: CodeRequest
  base?: string
  /** Explicit file name from the CSV (kept as given). */
  file?: string
  error?: MiniCodeError
}

/**
 * `minicode gen`: one code per CSV row into `out`, paced within the upstream rate, resumable
 * (valid images already there are skipped), with manifest.json and failures.csv.
 */
export async function generate(options: GenOptions): Promise<GenSummary> {
  const concurrency = Math.max(1, Math.min(256, Math.floor(options.concurrency ?? 8)))
  const rate = parseRateLimit(options.rate ?? '5000/min')
  const pacer = rate ? createPacer(rate.limit, rate.windowMs) : null
  const stderr = options.stderr ?? process.stderr
  const rows = parseRows(await readFile(options.input, 'utf8'))
  await mkdir(options.out, { recursive: true })
  await removeStaleTemps(options.out)
  const present = new Set(await readdir(options.out))
  // No memory cache: a batch is written once. The service still coalesces duplicate rows.
  const service = createCodeService({ client: options.client, memoryLimit: 0 })
  const items: GenItem[] = new Array(rows.length)
  const counts = { done: 0, ok: 0, skipped: 0, failed: 0 }
  const progress = createProgress(rows.length, stderr)
  const finish = (index: number, item: GenItem) => {
    items[index] = item
    counts.done++
    counts[item.status]++
    progress.update(counts)
  }

  let next = 0
  const worker = async () => {
    while (next < rows.length && !options.signal?.aborted) {
      const index = next++
      const row = rows[index]!
      if (row.error || !row.request) {
        finish(index, { line: row.line, status: 'failed', error: errorJson(row.error!) })
        continue
      }
      const existing = await validExisting(options.out, row, present)
      if (existing) {
        finish(index, {
          line: row.line,
          file: existing.file,
          status: 'skipped',
          mime: existing.mime,
          bytes: existing.bytes,
        })
        continue
      }
      try {
        const code = await fetchPaced(row.request)
        const file = row.file ?? `${row.base}${EXT[code.mime] ?? '.img'}`
        await writeAtomic(join(options.out, file), code.bytes)
        finish(index, { line: row.line, file, status: 'ok', mime: code.mime, bytes: code.bytes.length })
      } catch (error) {
        const err = isMiniCodeError(error)
          ? error
          : new MiniCodeError('write_failed', String((error as Error)?.message ?? error))
        finish(index, { line: row.line, file: row.file, status: 'failed', error: errorJson(err) })
      }
    }
  }

  const fetchPaced = async (request: CodeRequest) => {
    for (let attempt = 0; ; attempt++) {
      const done = await pacer?.take()
      try {
        return await service.get(request)
      } catch (error) {
        // WeChat's per-minute limit (45009): wait a little and retry rather than fail the row.
        if (isMiniCodeError(error) && error.errcode === 45009 && attempt < 5) {
          await sleep(1000 * (attempt + 1))
          continue
        }
        throw error
      } finally {
        done?.()
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker))
  progress.finish()
  const summary = batchSummary(rows.length, counts, items)
  await writeBatchResult(options.out, summary, () => failuresCsv(rows, items))
  return summary
}

function parseRows(text: string): Row[] {
  const records = readCsvRecords(text, 'input')
  const header = records[0] ? Object.keys(records[0]) : []
  const unknown = header.filter((c) => !COLUMNS.has(c) && !IGNORED.has(c))
  if (unknown.length) {
    throw new MiniCodeError(
      'invalid_request',
      `Unknown CSV column(s): ${unknown.join(', ')}. Use CodeRequest field names (${[...COLUMNS].slice(0, 11).join(', ')}).`,
      {
        field: 'input',
      },
    )
  }
  const files = new Set<string>()
  return records.map((cells, i) => {
    const row: Row = { line: i + 2, cells }
    try {
      const params = new URLSearchParams()
      for (const [name, value] of Object.entries(cells))
        if (name !== 'file' && !IGNORED.has(name) && value !== undefined && value !== '')
          params.append(name, value)
      row.request = validateCodeRequest(requestFromQuery(params))
      row.base = `code-${createHash('sha256').update(codeRequestKey(row.request)).digest('hex').slice(0, 16)}`
      if (cells.file) {
        const file = cells.file
        if (
          !/^[^/\\\0-\x1f]{1,200}$/.test(file) ||
          file === '.' ||
          file === '..' ||
          file.startsWith('.') ||
          file === 'manifest.json' ||
          file === 'failures.csv'
        ) {
          throw new MiniCodeError(
            'invalid_request',
            `file '${file.slice(0, 60)}' must be a plain file name (no folders, not hidden).`,
            { field: 'file' },
          )
        }
        if (files.has(file))
          throw new MiniCodeError('invalid_request', `file '${file}' is used by an earlier row.`, {
            field: 'file',
          })
        files.add(file)
        row.file = file
      }
    } catch (error) {
      row.request = undefined
      row.error = isMiniCodeError(error) ? error : new MiniCodeError('invalid_request', String(error))
    }
    return row
  })
}

async function validExisting(
  dir: string,
  row: Row,
  present: Set<string>,
): Promise<{ file: string; mime: string; bytes: number } | null> {
  const candidates = row.file ? [row.file] : Object.values(EXT).map((ext) => `${row.base}${ext}`)
  for (const file of candidates) {
    if (!present.has(file)) continue
    try {
      const bytes = new Uint8Array(await readFile(join(dir, file)))
      // decodeCodeResponse rejects JSON error bodies and truncated images.
      const image = decodeCodeResponse(bytes)
      return { file, mime: image.mime, bytes: bytes.length }
    } catch {
      // Not a valid image: fetch it again.
    }
  }
  return null
}

function failuresCsv(rows: Row[], items: GenItem[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))]
  const lines = [[...columns, 'line', 'error_code', 'errcode', 'error_message'].join(',')]
  rows.forEach((row, i) => {
    const item = items[i]
    if (item?.status !== 'failed') return
    const cells = columns.map((c) => csvCell(row.cells[c] ?? ''))
    lines.push(
      [
        ...cells,
        String(row.line),
        item.error?.code ?? '',
        String(item.error?.errcode ?? ''),
        csvCell(item.error?.message ?? ''),
      ].join(','),
    )
  })
  return lines.join('\n') + '\n'
}
