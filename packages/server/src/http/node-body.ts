import type { IncomingMessage } from 'node:http'
import { incomingOf } from './light-request'

/**
 * The body of a request served by the node adapter, read straight from Node's stream: building the
 * web stream costs more than a small JSON body itself (a warm link ask was a third of bare node:http's
 * rate). Resolves to null when the request is not one of the adapter's (read it as a web Request),
 * or 'too_large' past `maxBytes` (reading stops there).
 */
export function readNodeBody(request: Request, maxBytes: number): Promise<Uint8Array | 'too_large'> | null {
  const req = incomingOf(request)
  if (!req || req.readableEnded || req.readableDidRead) return null
  return readIncoming(req, maxBytes)
}

function readIncoming(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | 'too_large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (value: Uint8Array | 'too_large') => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      resolve(value)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        // Stop buffering; the adapter drains the rest so the connection stays usable.
        req.pause()
        done('too_large')
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    // An aborted upload reads as what arrived: the JSON parse then says it is broken.
    const onError = () => done(Buffer.concat(chunks))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}
