import { MiniCodeError, describeLinkError } from '@minicode/core'
import type { EntryLink, LinkKind, MiniCodeErrorCode } from '@minicode/core'

// The codes the @minicode/server template answers links with; anything else is explained by core.
const TEMPLATE_CODES: readonly MiniCodeErrorCode[] = [
  'invalid_request',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'wechat_error',
]

/** An errcode as a number (functions may send it as a string); NaN when there is none. */
function readErrcode(raw: unknown): number {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw)
  return NaN
}

/**
 * The link in a cloud function's answer (inside callFunction's `{ result }`): the template's
 * `{ kind, link, expiresAt }`, or its `{ errcode, errmsg, code?, field?, retryable? }` as a
 * MiniCodeError. An answer without `code` (a function of your own) is explained by core's
 * describeLinkError.
 */
export function readCloudLink(answer: unknown, fn: string, kind: LinkKind): EntryLink {
  const outer = (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>
  const value = 'result' in outer ? outer.result : answer
  const body = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  if (typeof body.link === 'string' && body.link) {
    const expiresAt = typeof body.expiresAt === 'number' ? body.expiresAt : null
    return {
      kind: typeof body.kind === 'string' ? (body.kind as LinkKind) : kind,
      link: body.link,
      expiresAt,
    }
  }
  const errcode = readErrcode(body.errcode ?? body.errCode)
  if (Number.isFinite(errcode) && errcode !== 0) throw linkError(body, errcode, fn, kind)
  throw new MiniCodeError(
    'wechat_error',
    __DEV__
      ? `Cloud function "${fn}" answered no link. Deploy the getMiniCode template of @minicode/server (older ones make codes only), or return { kind, link, expiresAt }.`
      : '',
    { cause: value },
  )
}

function linkError(
  body: Record<string, unknown>,
  errcode: number,
  fn: string,
  kind: LinkKind,
): MiniCodeError {
  const raw = body.errmsg ?? body.errMsg
  const errmsg = raw === undefined || raw === null ? '' : String(raw)
  const field = typeof body.field === 'string' ? body.field : undefined
  const code = body.code as MiniCodeErrorCode
  if (TEMPLATE_CODES.includes(code)) {
    // The template explained it already (core's words, copied).
    const retryable = body.retryable === true
    return new MiniCodeError(code, `${errmsg} (answered by cloud function "${fn}")`, {
      errcode,
      field,
      retryable,
      cause: body,
    })
  }
  const info = describeLinkError(errcode, errmsg || undefined, kind)
  return new MiniCodeError(info.code, `${info.message} (answered by cloud function "${fn}")`, {
    errcode,
    field,
    retryable: info.retryable,
    cause: body,
  })
}
