import { MiniCodeError } from '../errors'

/** The 'invalid_request' error of a bad argument or spec field ('' for none: the field is left out). */
export function invalidRequest(field: string, message: string, cause?: unknown): MiniCodeError {
  return new MiniCodeError('invalid_request', message, { field: field || undefined, cause })
}
