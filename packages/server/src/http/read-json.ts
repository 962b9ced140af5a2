import { MiniCodeError } from '@minicode/core'
import { readNodeBody } from './node-body'

/**
 * The JSON object in a request body, read as a stream and cut off past `maxBodyBytes` (a huge body is
 * never buffered). Throws 'invalid_request' (415 for another Content-Type, 400 for an empty, broken or
 * non-object body) or 'payload_too_large'. `what` names the expected object in messages.
 */
export async function readJson(
  request: Request,
  maxBodyBytes: number,
  what = 'CodeRequest',
): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    await request.body?.cancel().catch(() => undefined)
    throw new MiniCodeError(
      'invalid_request',
      `Send the ${what} as JSON with Content-Type: application/json.`,
      { field: 'content-type', status: 415 },
    )
  }
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxBodyBytes) {
    await request.body?.cancel().catch(() => undefined)
    throw tooLarge(maxBodyBytes, what)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const fromNode = readNodeBody(request, maxBodyBytes)
  if (fromNode) {
    const body = await fromNode
    if (body === 'too_large') throw tooLarge(maxBodyBytes, what)
    chunks.push(body)
  } else if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBodyBytes) {
        // Stop reading at once: a huge body is never buffered.
        await reader.cancel().catch(() => undefined)
        throw tooLarge(maxBodyBytes, what)
      }
      chunks.push(value)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text.trim())
    throw new MiniCodeError('invalid_request', `The request body is empty: send a JSON ${what}.`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new MiniCodeError('invalid_request', 'The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MiniCodeError('invalid_request', `The request body must be a JSON object (a ${what}).`)
  }
  return parsed as Record<string, unknown>
}

function tooLarge(max: number, what: string): MiniCodeError {
  return new MiniCodeError(
    'payload_too_large',
    `The request body is larger than ${max} bytes. A ${what} is small: check what you send.`,
  )
}
