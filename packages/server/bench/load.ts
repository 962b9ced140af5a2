import { Agent, request } from 'node:http'

export interface LoadResult {
  requests: number
  errors: number
  seconds: number
  perSecond: number
  statuses: Record<number, number>
}

/**
 * A small keep-alive HTTP load generator: `connections` loops each sending GET `url` (POST `body`
 * when given) back to back for `seconds` (bounded: also stops at `maxRequests`).
 */
export async function runLoad(
  url: string,
  options: {
    connections: number
    seconds: number
    maxRequests?: number
    headers?: Record<string, string>
    /** A POST body sent with every request (GET without one): JSON text or bytes. */
    body?: string | Uint8Array
  },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const target = new URL(url)
  const statuses: Record<number, number> = {}
  let requests = 0
  let errors = 0
  const maxRequests = options.maxRequests ?? 10_000_000
  const bodyHeaders = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(options.body ?? '')),
  }
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const once = () =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: options.body === undefined ? 'GET' : 'POST',
          headers: options.body === undefined ? options.headers : { ...options.headers, ...bodyHeaders },
        },
        (res) => {
          statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1
          res.on('data', () => undefined)
          res.on('end', () => resolve())
          res.on('error', () => resolve())
        },
      )
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(options.body)
    })
  const loop = async () => {
    while (performance.now() < deadline && requests < maxRequests) {
      requests++
      await once()
    }
  }
  await Promise.all(Array.from({ length: options.connections }, loop))
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  return { requests, errors, seconds, perSecond: requests / seconds, statuses }
}
