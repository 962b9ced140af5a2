// undici's Response costs ~90 µs to build around a Uint8Array and as much again to read back: more
// than node:http spends on a whole request. Like @hono/node-server's lightweight Response, the handler
// returns a Response subclass that keeps its status, headers and bytes at hand, so the node adapter
// writes them directly; any other use (a fetch runtime, a test) builds the real Response on first touch.

const RAW = Symbol.for('minicode.rawResponse')
const REAL = Symbol('minicode.realResponse')

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: Uint8Array | string | null
}

const GlobalResponse = globalThis.Response

interface Light {
  [RAW]: RawResponse
  [REAL]?: Response
}

function real(self: Light): Response {
  const raw = self[RAW]
  return (self[REAL] ??= new GlobalResponse(raw.body as BodyInit | null, {
    status: raw.status,
    headers: raw.headers,
  }))
}

function LightResponse(this: Light, raw: RawResponse) {
  this[RAW] = raw
}
LightResponse.prototype = Object.create(GlobalResponse.prototype)
for (const key of [
  'body',
  'bodyUsed',
  'headers',
  'ok',
  'redirected',
  'status',
  'statusText',
  'type',
  'url',
]) {
  Object.defineProperty(LightResponse.prototype, key, {
    get(this: Light) {
      if (key === 'status') return this[RAW].status
      return (real(this) as unknown as Record<string, unknown>)[key]
    },
  })
}
for (const key of ['arrayBuffer', 'blob', 'clone', 'formData', 'json', 'text', 'bytes']) {
  Object.defineProperty(LightResponse.prototype, key, {
    value(this: Light, ...args: unknown[]) {
      const response = real(this) as unknown as Record<string, (...a: unknown[]) => unknown>
      return response[key]!.apply(response, args)
    },
  })
}

/** A web Response (instanceof Response) that the node adapter can write without undici's overhead. */
export function fastResponse(
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string | null,
): Response {
  return new (LightResponse as unknown as new (raw: RawResponse) => Response)({ status, headers, body })
}

/** The raw parts of a fastResponse not yet materialised, else null. */
export function rawOf(response: Response): RawResponse | null {
  const light = response as unknown as Light
  return light[RAW] && !light[REAL] ? light[RAW] : null
}
