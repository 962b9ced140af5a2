import { MiniCodeError } from '@minicode/core'
import { incomingOf } from './light-request'

/**
 * A JSON request's raw body, at most `maxBytes`: read straight from Node under the node:http adapter
 * (a web stream per request costs about a millisecond), through the Request's stream otherwise.
 * Throws 'invalid_request' (415) for another Content-Type, 'payload_too_large' past the cap.
 */
export async function readJsonBody(request: Request, maxBytes: number, what: string): Promise<Buffer> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new MiniCodeError(
      'invalid_request',
      `Send the ${what} as JSON with Content-Type: application/json.`,
      {
        field: 'content-type',
        status: 415,
      },
    )
  }
  if (Number(request.headers.get('content-length') ?? NaN) > maxBytes) throw tooLarge(maxBytes, what)
  const chunks: Buffer[] = []
  let size = 0
  const add = (chunk: Uint8Array): boolean => {
    size += chunk.length
    if (size > maxBytes) return false
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    return true
  }
  const incoming = incomingOf(request)
  if (incoming) {
    for await (const chunk of incoming) {
      if (!add(chunk as Buffer)) {
        incoming.resume() // drain the rest unread, so the connection stays usable
        throw tooLarge(maxBytes, what)
      }
    }
  } else if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!add(value)) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge(maxBytes, what)
      }
    }
  }
  return Buffer.concat(chunks)
}

function tooLarge(maxBytes: number, what: string): MiniCodeError {
  return new MiniCodeError('payload_too_large', `The ${what} is larger than ${maxBytes} bytes.`)
}
