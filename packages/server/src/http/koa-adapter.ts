import type { IncomingMessage } from 'node:http'
import type { MiniCodeHandler } from './handler'
import { rawOf } from './fast-response'
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
    const raw = rawOf(response)
    const headers: Record<string, string> = raw ? raw.headers : {}
    if (!raw) response.headers.forEach((value, name) => (headers[name] = value))
    const body = raw ? raw.body : new Uint8Array(await response.arrayBuffer())
    ctx.status = response.status
    if (response.status === 304 || response.status === 204 || body === null) ctx.body = null
    else ctx.body = typeof body === 'string' ? body : Buffer.from(body)
    // Set after the body: Koa derives content-type and length from a body and would overwrite ours.
    for (const [name, value] of Object.entries(headers)) ctx.set(name, value)
  }
}
