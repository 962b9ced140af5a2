import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MiniCodeHandler } from './handler'
import { toWebRequest, writeResponse } from './node-adapter'

type Next = (error?: unknown) => void

/**
 * Express (or Connect) middleware: answers /minicode and /healthz, passes anything else to next().
 * Mount it before any body parser, or at a path: `app.use(expressMiddleware(handler))`.
 */
export function expressMiddleware(handler: MiniCodeHandler) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next): void => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/minicode' && path !== '/healthz') return next()
    const request = toWebRequest(req)
    if (!request) return next()
    handler(request, { remoteAddress: req.socket.remoteAddress })
      .then((response) => writeResponse(response, res))
      .catch(next)
  }
}
