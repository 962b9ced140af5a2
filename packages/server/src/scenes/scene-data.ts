import { MiniCodeError } from '@minicode/core'

/** Largest long-scene data, in bytes of its canonical JSON (UTF-8). */
export const SCENE_DATA_MAX_BYTES = 2048
// Deep enough for any sensible payload, shallow enough that checking it never recurses far.
const MAX_DEPTH = 16

/**
 * The canonical JSON of a long scene's `data`: a plain JSON object, keys sorted at every level (by
 * UTF-16 code units, as JavaScript sorts), no whitespace. Equal data gives equal text however its
 * keys were ordered, so it gets the same id everywhere.
 *
 * Throws 'invalid_request' with the field path (`data.items[2].price`) for what JSON cannot carry
 * faithfully (undefined, functions, NaN, Infinity, non-plain objects such as Date) or nesting deeper
 * than 16; 'payload_too_large' (field 'data') over `maxBytes`.
 */
export function canonicalSceneData(data: unknown, maxBytes = SCENE_DATA_MAX_BYTES): string {
  if (!isPlainObject(data)) {
    throw new MiniCodeError(
      'invalid_request',
      `data must be a JSON object such as { "sku": "A-1", "from": "poster" }, got ${describe(data)}.`,
      { field: 'data' },
    )
  }
  const text = canonical(data, 'data', 0)
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > maxBytes) {
    throw new MiniCodeError(
      'payload_too_large',
      `data is ${bytes} bytes as canonical JSON; a long scene holds at most ${maxBytes}. Keep the bulk in your own database and put its key in data.`,
      { field: 'data' },
    )
  }
  return text
}

function canonical(value: unknown, path: string, depth: number): string {
  if (depth > MAX_DEPTH) {
    throw new MiniCodeError('invalid_request', `${path} is nested deeper than ${MAX_DEPTH} levels.`, {
      field: path,
    })
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new MiniCodeError('invalid_request', `${path} is ${value}, which JSON cannot hold.`, {
        field: path,
      })
    }
    // -0 and 0 are the same JSON number.
    return JSON.stringify(value === 0 ? 0 : value)
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => canonical(item, `${path}[${i}]`, depth + 1)).join(',')}]`
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort()
    const members = keys.map(
      (key) => `${JSON.stringify(key)}:${canonical(value[key], childPath(path, key), depth + 1)}`,
    )
    return `{${members.join(',')}}`
  }
  throw new MiniCodeError(
    'invalid_request',
    `${path} is ${describe(value)}: data holds only JSON (objects, arrays, strings, finite numbers, booleans, null).`,
    { field: path },
  )
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `data.sku`, or `data["a b"]` for a key that is not an identifier. */
function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'non-plain'} object`
  return typeof value
}
