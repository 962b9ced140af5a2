import { MiniCodeError } from '@minicode/core'
import type { MiniCodeErrorCode } from '@minicode/core'

// The codes the @minicode/server getMiniCode template answers its failures with (beside errcode).
const TEMPLATE_CODES: readonly MiniCodeErrorCode[] = [
  'invalid_request',
  'forbidden',
  'rate_limited',
  'quota_exhausted',
  'wechat_error',
  'payload_too_large',
  'store_unavailable',
  'not_found',
]

/** An errcode as a number (functions may send it as a string); NaN when there is none. */
export function readErrcode(raw: unknown): number {
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw)
  return NaN
}

/** The function's own answer inside callFunction's `{ result, errMsg }` (or the bare answer). */
export function resultOf(answer: unknown): unknown {
  const outer = (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>
  return 'result' in outer ? outer.result : answer
}

/**
 * The template's failure `{ errmsg, code, errcode?, field?, retryable? }` as a MiniCodeError with
 * its code and field, or null when `body` carries no code the template uses (a function of your
 * own: the caller explains its errcode).
 */
export function templateError(body: Record<string, unknown>, fn: string): MiniCodeError | null {
  const code = body.code as MiniCodeErrorCode
  if (!TEMPLATE_CODES.includes(code)) return null
  const errcode = readErrcode(body.errcode ?? body.errCode)
  const raw = body.errmsg ?? body.errMsg
  return new MiniCodeError(
    code,
    `${raw === undefined || raw === null ? code : String(raw)} (answered by cloud function "${fn}")`,
    {
      errcode: Number.isFinite(errcode) ? errcode : undefined,
      field: typeof body.field === 'string' ? body.field : undefined,
      // Else the code's own default (store_unavailable and rate_limited retry, the rest do not).
      retryable: typeof body.retryable === 'boolean' ? body.retryable : undefined,
      cause: body,
    },
  )
}
