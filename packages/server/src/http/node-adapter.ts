import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { MiniCodeHandler } from './handler'

/**
 * Serves a web-standard handler on node:http (like @hono/node-server's getRequestListener).
 * Request bodies stream through (the handler counts bytes), responses are written in one go.
 *
 * @example http.createServer(toNodeListener(handler)).listen(8787)
 */
export function toNodeListener(handler: MiniCodeHandler): RequestListener {
  return (req, res) => {
    void handle(handler, req, res)
  }
}

/** The Request the handler sees for a Node request; null when the URL can't be parsed. */
export function toWebRequest(req: IncomingMessage): Request | null {
  const host = /^[\w.:[\]-]{1,255}$/.test(req.headers.host ?? '') ? req.headers.host : 'localhost'
  let url: URL
  try {
    url = new URL(req.url ?? '/', `http://${host}`)
  } catch {
    return null
  }
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    } catch {
      // A header value fetch refuses (e.g. control characters) is dropped, not fatal.
    }
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(url, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // Required by undici for streamed bodies.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit)
}

async function handle(handler: MiniCodeHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.on('error', () => undefined)
  res.on('error', () => undefined)
  try {
    const request = toWebRequest(req)
    if (!request) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ error: { code: 'invalid_request', message: 'The request URL is malformed.' } }))
      return
    }
    const response = await handler(request, { remoteAddress: req.socket.remoteAddress })
    await writeResponse(response, res)
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ error: { code: 'internal', message: 'The server failed unexpectedly.' } }))
    } else res.destroy(error as Error)
  } finally {
    // Whatever the handler left unread is drained so keep-alive connections stay usable.
    if (!req.complete) req.resume()
  }
}

/** Writes a web Response to a Node ServerResponse. */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  res.writeHead(response.status, headers)
  res.end(body)
}
