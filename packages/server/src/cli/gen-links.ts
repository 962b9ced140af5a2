import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  LINK_KINDS,
  MiniCodeError,
  isMiniCodeError,
  linkRequestKey,
  validateLinkRequest,
  type EntryLink,
  type LinkKind,
  type LinkRequest,
} from '@minicode/core'
import { parseRateLimit } from '../http/rate-limit'
import type { WeChatClient } from '../wechat-client'
import {
  batchSummary,
  csvCell,
  errorJson,
  manifestJson,
  writeAtomic,
  type BatchItemError,
  type BatchSummary,
} from './batch-files'
import { createPacer } from './pacer'
import { createProgress } from './progress'
import { readCsvRecords } from './read-csv'

export interface GenLinksOptions {
  /**
   * CSV with a header row of link request fields: kind, path, query, envVersion, expireType,
   * expireTime, expireInterval (URL Link, Scheme), pageUrl, pageTitle, isPermanent (Short Link),
   * cloudEnv, cloudDomain, cloudPath, cloudQuery, cloudResourceAppid (a URL Link's cloudBase).
   */
  input: string
  /** Folder for links.json and links.csv. */
  out: string
  /** The kind of rows without a `kind` cell. */
  kind: LinkKind
  client: Pick<WeChatClient, 'generateLink'>
  /** Parallel upstream calls. Default 8. */
  concurrency?: number
  /** Upstream pace. Default '50/s' (WeChat answers 44990 past 100 a second). */
  rate?: string
  stderr?: { write(s: string): unknown; isTTY?: boolean }
  signal?: AbortSignal
  /** The clock in ms (tests). Default Date.now. */
  now?: () => number
}

export interface GenLinkItem {
  line: number
  status: 'ok' | 'skipped' | 'failed'
  kind?: LinkKind
  link?: string
  /** ISO time the link stops working; null for a permanent short link. */
  expiresAt?: string | null
  /** The normalised request, so a rerun recognises it. */
  request?: LinkRequest
  error?: BatchItemError
}

export type GenLinksSummary = BatchSummary<GenLinkItem>

const TEXT = ['kind', 'path', 'query', 'envVersion', 'pageUrl', 'pageTitle']
const NUMBERS = ['expireType', 'expireTime', 'expireInterval']
const CLOUD: Record<string, string> = {
  cloudEnv: 'env',
  cloudDomain: 'domain',
  cloudPath: 'path',
  cloudQuery: 'query',
  cloudResourceAppid: 'resourceAppid',
}
const COLUMNS = new Set([...TEXT, ...NUMBERS, 'isPermanent', ...Object.keys(CLOUD)])
// The extra columns of links.csv, so it can be fed back as input.
const OUTPUT = ['line', 'status', 'link', 'expires_at', 'error_code', 'errcode', 'error_message']
// A link kept from an earlier run must still have this long to live (as the link service's margin).
const REUSE_MARGIN_MS = 3_600_000

interface Row {
  line: number
  cells: Record<string, string>
  request?: LinkRequest
  error?: MiniCodeError
}

/**
 * `minicode gen --link KIND`: one link per CSV row, paced, with links.json (the manifest) and
 * links.csv (the input's columns plus line, status, link, expires_at and any error) in `out`. A rerun
 * keeps every link of the last links.json that still has more than an hour to live (a permanent short
 * link for ever), so it spends no quota on them, and makes only what is missing.
 */
export async function generateLinks(options: GenLinksOptions): Promise<GenLinksSummary> {
  const now = options.now ?? Date.now
  const concurrency = Math.max(1, Math.min(256, Math.floor(options.concurrency ?? 8)))
  const rate = parseRateLimit(options.rate ?? '50/s')
  const pacer = rate ? createPacer(rate.limit, rate.windowMs) : null
  const rows = parseRows(await readFile(options.input, 'utf8'), options.kind, now)
  await mkdir(options.out, { recursive: true })
  const earlier = await earlierLinks(options.out, now)
  const items: GenLinkItem[] = new Array(rows.length)
  const counts = { done: 0, ok: 0, skipped: 0, failed: 0 }
  const progress = createProgress(rows.length, options.stderr ?? process.stderr)
  // Rows asking for the same link share one call.
  const inflight = new Map<string, Promise<EntryLink>>()
  const finish = (index: number, item: GenLinkItem) => {
    items[index] = item
    counts.done++
    counts[item.status]++
    progress.update(counts)
  }

  const make = (request: LinkRequest): Promise<EntryLink> => {
    const key = linkRequestKey(request)
    let pending = inflight.get(key)
    if (!pending) {
      pending = (async () => {
        const done = await pacer?.take()
        try {
          return await options.client.generateLink(request)
        } finally {
          done?.()
        }
      })()
      inflight.set(key, pending)
    }
    return pending
  }

  let next = 0
  const worker = async () => {
    while (next < rows.length && !options.signal?.aborted) {
      const index = next++
      const row = rows[index]!
      if (!row.request) {
        finish(index, { line: row.line, status: 'failed', error: errorJson(row.error!) })
        continue
      }
      const kept = earlier.get(linkRequestKey(row.request))
      if (kept) {
        finish(index, { ...kept, line: row.line, status: 'skipped' })
        continue
      }
      try {
        const link = await make(row.request)
        finish(index, {
          line: row.line,
          status: 'ok',
          kind: link.kind,
          link: link.link,
          expiresAt: link.expiresAt === null ? null : new Date(link.expiresAt).toISOString(),
          request: row.request,
        })
      } catch (error) {
        const err = isMiniCodeError(error) ? error : new MiniCodeError('wechat_error', String(error))
        finish(index, { line: row.line, status: 'failed', request: row.request, error: errorJson(err) })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker))
  progress.finish()
  const summary = batchSummary(rows.length, counts, items)
  await writeAtomic(join(options.out, 'links.json'), manifestJson(summary))
  await writeAtomic(join(options.out, 'links.csv'), linksCsv(rows, items))
  return summary
}

function parseRows(text: string, kind: LinkKind, now: () => number): Row[] {
  const records = readCsvRecords(text, 'input')
  const header = records[0] ? Object.keys(records[0]) : []
  const unknown = header.filter((c) => !COLUMNS.has(c) && !OUTPUT.includes(c))
  if (unknown.length) {
    throw new MiniCodeError(
      'invalid_request',
      `Unknown CSV column(s): ${unknown.join(', ')}. Link columns are ${[...COLUMNS].join(', ')}.`,
      { field: 'input' },
    )
  }
  return records.map((cells, i) => {
    const row: Row = { line: i + 2, cells }
    try {
      row.request = validateLinkRequest(requestOf(cells, kind), { now })
    } catch (error) {
      row.error = isMiniCodeError(error) ? error : new MiniCodeError('invalid_request', String(error))
    }
    return row
  })
}

/** A row's cells as a link request: empty cells absent, numbers and booleans read strictly. */
function requestOf(cells: Record<string, string>, kind: LinkKind): Record<string, unknown> {
  const request: Record<string, unknown> = { kind }
  const cloud: Record<string, string> = {}
  for (const [name, value] of Object.entries(cells)) {
    if (value === undefined || value === '' || OUTPUT.includes(name)) continue
    if (name === 'kind' && !LINK_KINDS.includes(value as LinkKind)) {
      throw new MiniCodeError(
        'invalid_request',
        `kind '${value}' is not a link kind (${LINK_KINDS.join(', ')}).`,
        {
          field: 'kind',
        },
      )
    }
    if (NUMBERS.includes(name)) request[name] = /^-?\d+$/.test(value) ? Number(value) : value
    else if (name === 'isPermanent') request[name] = booleanCell(value)
    else if (CLOUD[name]) cloud[CLOUD[name]] = value
    else request[name] = value
  }
  if (Object.keys(cloud).length) request.cloudBase = cloud
  return request
}

/** 'true' and 'false' as booleans; anything else as given, for the validator to name. */
function booleanCell(value: string): boolean | string {
  if (value === 'true') return true
  if (value === 'false') return false
  return value
}

/** Links of the last run that are still good, by request key. */
async function earlierLinks(out: string, now: () => number): Promise<Map<string, GenLinkItem>> {
  const kept = new Map<string, GenLinkItem>()
  let manifest: { items?: GenLinkItem[] }
  try {
    manifest = JSON.parse(await readFile(join(out, 'links.json'), 'utf8')) as typeof manifest
  } catch {
    return kept
  }
  for (const item of manifest.items ?? []) {
    if ((item.status !== 'ok' && item.status !== 'skipped') || !item.link || !item.request) continue
    const lives = item.expiresAt === null || Date.parse(item.expiresAt ?? '') - now() > REUSE_MARGIN_MS
    if (!lives) continue
    try {
      kept.set(linkRequestKey(validateLinkRequest(item.request, { now })), item)
    } catch {
      // A request no longer valid (e.g. its expireTime is too close now) is made again.
    }
  }
  return kept
}

function linksCsv(rows: Row[], items: GenLinkItem[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))].filter((c) => !OUTPUT.includes(c))
  const lines = [[...columns, ...OUTPUT].join(',')]
  rows.forEach((row, i) => {
    const item = items[i]
    const cells = columns.map((c) => csvCell(row.cells[c] ?? ''))
    lines.push(
      [
        ...cells,
        String(row.line),
        item?.status ?? 'not_run',
        csvCell(item?.link ?? ''),
        item?.expiresAt ?? (item?.link ? 'never' : ''),
        item?.error?.code ?? '',
        String(item?.error?.errcode ?? ''),
        csvCell(item?.error?.message ?? ''),
      ].join(','),
    )
  })
  return lines.join('\n') + '\n'
}
