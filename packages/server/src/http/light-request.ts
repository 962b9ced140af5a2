import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'

// Building an undici Request (URL, Headers, body stream) for every call costs tens of µs. Like
// @hono/node-server's request.ts, this is a Request (instanceof Request) whose method, url and header
// reads come straight from Node; anything else builds the real Request on first touch.

const INCOMING = Symbol('minicode.incoming')
const URL_KEY = Symbol('minicode.url')
const REAL = Symbol('minicode.realRequest')
const HEADERS = Symbol('minicode.headers')

interface Light {
  [INCOMING]: IncomingMessage
  [URL_KEY]: string
  [REAL]?: Request
  [HEADERS]?: Headers
}

/** The full undici Request for a Node request (streams the body for methods that have one). */
export function fullRequest(req: IncomingMessage, url: string): Request {
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

function real(self: Light): Request {
  return (self[REAL] ??= fullRequest(self[INCOMING], self[URL_KEY]))
}

function lightHeaders(self: Light): Headers {
  const node = self[INCOMING].headers
  const headers = Object.create(Headers.prototype) as Headers
  const full = () => real(self).headers
  Object.defineProperties(headers, {
    // Node lowercases names and joins repeated values with ', ', as Headers#get does.
    get: {
      value: (name: string) => {
        const value = node[name.toLowerCase()]
        if (value === undefined) return null
        return Array.isArray(value) ? value.join(', ') : value
      },
    },
    has: { value: (name: string) => node[name.toLowerCase()] !== undefined },
  })
  for (const key of [
    'append',
    'delete',
    'entries',
    'forEach',
    'getSetCookie',
    'keys',
    'set',
    'values',
    Symbol.iterator,
  ] as const) {
    Object.defineProperty(headers, key, {
      value: (...args: unknown[]) => {
        const h = full() as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>
        return h[key]!.apply(h, args)
      },
    })
  }
  return headers
}

function LightRequest(this: Light, req: IncomingMessage, url: string) {
  this[INCOMING] = req
  this[URL_KEY] = url
}
LightRequest.prototype = Object.create(Request.prototype)
Object.defineProperties(LightRequest.prototype, {
  method: {
    get: function (this: Light) {
      return this[INCOMING].method ?? 'GET'
    },
  },
  url: {
    get: function (this: Light) {
      return this[URL_KEY]
    },
  },
  headers: {
    get: function (this: Light) {
      return this[REAL]?.headers ?? (this[HEADERS] ??= lightHeaders(this))
    },
  },
})
for (const key of [
  'body',
  'bodyUsed',
  'cache',
  'credentials',
  'destination',
  'integrity',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
  'duplex',
]) {
  Object.defineProperty(LightRequest.prototype, key, {
    get(this: Light) {
      return (real(this) as unknown as Record<string, unknown>)[key]
    },
  })
}
for (const key of ['arrayBuffer', 'blob', 'clone', 'formData', 'json', 'text', 'bytes']) {
  Object.defineProperty(LightRequest.prototype, key, {
    value(this: Light, ...args: unknown[]) {
      const request = real(this) as unknown as Record<string, (...a: unknown[]) => unknown>
      return request[key]!.apply(request, args)
    },
  })
}

/** A Request for a Node request whose URL was already checked. */
export function lightRequest(req: IncomingMessage, url: string): Request {
  return new (LightRequest as unknown as new (req: IncomingMessage, url: string) => Request)(req, url)
}

/**
 * The Node request under a light Request whose body nobody has read yet, else null: a route may read
 * the body straight from Node instead of through a web stream.
 */
export function unreadIncoming(request: Request): IncomingMessage | null {
  const self = request as unknown as Partial<Light>
  return self[INCOMING] && !self[REAL] ? self[INCOMING] : null
}
