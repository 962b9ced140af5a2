/** Every failure minicode reports. See DESIGN.md "Error codes". */
export type MiniCodeErrorCode =
  | 'invalid_request'
  | 'invalid_source'
  | 'wechat_error'
  | 'not_an_image'
  | 'network'
  | 'timeout'
  | 'http_status'
  | 'auth_denied'
  | 'privacy_not_declared'
  | 'privacy_refused'
  | 'cancelled'
  | 'download_failed'
  | 'write_failed'
  | 'storage_full'
  | 'save_failed'
  | 'unsupported'
  | 'canvas_unavailable'
  | 'image_load_failed'
  | 'font_load_failed'
  | 'busy'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'quota_exhausted'
  | 'not_found'
  | 'store_unavailable'

export interface MiniCodeErrorOptions {
  /** WeChat's errcode, when WeChat answered with one. */
  errcode?: number
  /** The platform's errno (errNo on Douyin), when a platform API failed with one. */
  errno?: number
  /** The request or spec field at fault. */
  field?: string
  /** HTTP status, for 'http_status' and 'download_failed'. */
  status?: number
  /** Whether trying the same thing again may succeed. Defaults by code. */
  retryable?: boolean
  /** What went wrong underneath: a platform error object, an Error, a raw errMsg. */
  cause?: unknown
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<MiniCodeErrorCode> = new Set<MiniCodeErrorCode>([
  'network',
  'timeout',
  'store_unavailable',
  'busy',
  'rate_limited',
  'download_failed',
  'image_load_failed',
  'font_load_failed',
])

/**
 * The one error class of minicode. Branch on `code`, never on `message`:
 * messages are for people and say what to do next.
 *
 * @example
 * try { validateCodeRequest({ scene: '商品42' }) }
 * catch (e) { if (isMiniCodeError(e) && e.code === 'invalid_request') console.log(e.field) }
 */
export class MiniCodeError extends Error {
  override readonly name = 'MiniCodeError'
  readonly code: MiniCodeErrorCode
  readonly errcode?: number
  readonly errno?: number
  readonly field?: string
  readonly status?: number
  readonly retryable: boolean
  override readonly cause?: unknown

  /** `message` may be '' (production builds drop long messages): the code and field then say it. */
  constructor(code: MiniCodeErrorCode, message: string, options: MiniCodeErrorOptions = {}) {
    super(message || (options.field ? `${code}: ${options.field}` : code))
    // Keep instanceof working when compiled down to ES5 classes.
    Object.setPrototypeOf(this, new.target.prototype)
    this.code = code
    // Only the details given become properties, so a logged or matched error shows no empty keys.
    if (options.errcode !== undefined) this.errcode = options.errcode
    if (options.errno !== undefined) this.errno = options.errno
    if (options.field !== undefined) this.field = options.field
    if (options.status !== undefined) this.status = options.status
    if (options.cause !== undefined) this.cause = options.cause
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code)
  }

  /** A plain object safe to log or send as JSON (no cause, which may hold anything). */
  toJSON(): { code: MiniCodeErrorCode; message: string; errcode?: number; field?: string } {
    // JSON.stringify leaves out the keys that are undefined.
    const { code, message, errcode, field } = this
    return { code, message, errcode, field }
  }
}

/** True for a MiniCodeError, also one from another copy of this package (duck-typed on name). */
export function isMiniCodeError(value: unknown): value is MiniCodeError {
  return (
    value instanceof MiniCodeError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'MiniCodeError' &&
      typeof (value as { code?: unknown }).code === 'string')
  )
}

/** The 'invalid_request' error of a bad argument or spec field ('' for none: the field is left out). */
export function invalidRequest(field: string, message: string, cause?: unknown): MiniCodeError {
  return new MiniCodeError('invalid_request', message, { field: field || undefined, cause })
}

/** The 'cancelled' error: the caller stopped waiting (an AbortSignal fired, the user left). */
export function cancelledError(message: string): MiniCodeError {
  return new MiniCodeError('cancelled', message)
}

/**
 * A value as a development message shows it after "got": `the string "abc"` (40 characters at most),
 * `42`, `true`, `null`, `an array`, or its typeof (`undefined`, `object`, `function`…).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value
}
