import { MiniCodeError, describeLinkError } from '@minicode/core'
import type { EntryLink, LinkKind } from '@minicode/core'
import { readErrcode, resultOf, templateError } from './cloud-answer'

/**
 * The link in a cloud function's answer (inside callFunction's `{ result }`): the template's
 * `{ kind, link, expiresAt }`, or its `{ errcode, errmsg, code, field?, retryable }` as a
 * MiniCodeError. An answer with an errcode but no `code` (a function of your own) is explained by
 * core's describeLinkError.
 */
export function readCloudLink(answer: unknown, fn: string, kind: LinkKind): EntryLink {
  const value = resultOf(answer)
  const body = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  if (typeof body.link === 'string' && body.link) {
    const expiresAt = typeof body.expiresAt === 'number' ? body.expiresAt : null
    return {
      kind: typeof body.kind === 'string' ? (body.kind as LinkKind) : kind,
      link: body.link,
      expiresAt,
    }
  }
  const explained = templateError(body, fn)
  if (explained) throw explained
  const errcode = readErrcode(body.errcode ?? body.errCode)
  if (Number.isFinite(errcode) && errcode !== 0) {
    const raw = body.errmsg ?? body.errMsg
    const info = describeLinkError(errcode, raw === undefined || raw === null ? undefined : String(raw), kind)
    throw new MiniCodeError(info.code, `${info.message} (answered by cloud function "${fn}")`, {
      errcode,
      field: typeof body.field === 'string' ? body.field : undefined,
      retryable: info.retryable,
      cause: body,
    })
  }
  throw new MiniCodeError(
    'wechat_error',
    __DEV__
      ? `Cloud function "${fn}" answered no link. Deploy the getMiniCode template of @minicode/server (older ones make codes only), or return { kind, link, expiresAt }.`
      : '',
    { cause: value },
  )
}
