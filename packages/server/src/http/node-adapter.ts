import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { rawOf } from './fast-response'
import { lightRequest } from './light-request'
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
  const host = req.headers.host
  const safeHost = host && /^[\w.:[\]-]{1,255}$/.test(host) ? host : 'localhost'
  const path = req.url ?? '/'
  // The handler parses the URL (a malformed one is its 400); only origin-form targets are served.
  if (!path.startsWith('/')) return null
  return lightRequest(req, `http://${safeHost}${path}`)
}

async function handle(handler: MiniCodeHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.on('error', () => undefined)
  res.on('error', () => undefined)
  try {
    const request = toWebRequest(req)
    if (!request) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
      res.end(
        JSON.stringify({ error: { code: 'invalid_request', message: 'The request URL is malformed.' } }),
      )
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
  const raw = rawOf(response)
  if (raw) {
    res.writeHead(raw.status, raw.headers)
    res.end(raw.body ?? undefined)
    return
  }
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  res.writeHead(response.status, headers)
  res.end(body)
}
