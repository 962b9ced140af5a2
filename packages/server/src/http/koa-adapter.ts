import type { IncomingMessage } from 'node:http'
import type { MiniCodeHandler } from './handler'
import { toWebRequest } from './node-adapter'

interface KoaLikeContext {
  req: IncomingMessage
  path: string
  status: number
  body: unknown
  set(field: string, value: string): void
}

/**
 * Koa middleware: answers /minicode and /healthz, awaits next() for anything else.
 * Mount it before any body parser: `app.use(koaMiddleware(handler))`.
 */
export function koaMiddleware(handler: MiniCodeHandler) {
  return async (ctx: KoaLikeContext, next: () => Promise<unknown>): Promise<void> => {
    if (ctx.path !== '/minicode' && ctx.path !== '/healthz') {
      await next()
      return
    }
    const request = toWebRequest(ctx.req)
    if (!request) {
      await next()
      return
    }
    const response = await handler(request, { remoteAddress: ctx.req.socket.remoteAddress })
    ctx.status = response.status
    response.headers.forEach((value, name) => ctx.set(name, value))
    const body = Buffer.from(await response.arrayBuffer())
    ctx.body = response.status === 304 || response.status === 204 ? null : body
    // Koa would overwrite content-type for a Buffer body; keep the handler's.
    const type = response.headers.get('content-type')
    if (type) ctx.set('content-type', type)
  }
}
