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

// The light Headers' methods live on one shared prototype (defining them on each object cost more
// than the rest of a warm answer): get/has read Node's headers, the rest go to the real Request's.
const OWNER = Symbol('minicode.headersOwner')
const LightHeaders = Object.create(Headers.prototype) as Record<PropertyKey, unknown>
Object.defineProperties(LightHeaders, {
  // Node lowercases names and joins repeated values with ', ', as Headers#get does.
  get: {
    value(this: { [OWNER]: Light }, name: string) {
      const value = this[OWNER][INCOMING].headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  },
  has: {
    value(this: { [OWNER]: Light }, name: string) {
      return this[OWNER][INCOMING].headers[name.toLowerCase()] !== undefined
    },
  },
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
  Object.defineProperty(LightHeaders, key, {
    value(this: { [OWNER]: Light }, ...args: unknown[]) {
      const h = real(this[OWNER]).headers as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>
      return h[key]!.apply(h, args)
    },
  })
}

function lightHeaders(self: Light): Headers {
  const headers = Object.create(LightHeaders) as { [OWNER]: Light }
  headers[OWNER] = self
  return headers as unknown as Headers
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

/** The Node request behind a light Request whose body nothing has touched yet, else null. */
export function incomingOf(request: Request): IncomingMessage | null {
  const light = request as unknown as Partial<Light>
  return light[INCOMING] && !light[REAL] ? light[INCOMING] : null
}
