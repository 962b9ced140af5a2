import { WIDTH_DEFAULT, validateCodeRequest } from './validate-request'

/**
 * A cache key for a code request: the same for requests WeChat answers with the same image, whatever
 * their key order, with defaults applied (`{ scene: 'a' }` ≡ `{ scene: 'a', width: 430, kind: 'unlimited' }`).
 * Pure string, no hashing. Throws like {@link validateCodeRequest} for an invalid request.
 */
export function codeRequestKey(req: unknown): string {
  const r = validateCodeRequest(req)
  const width = r.width ?? WIDTH_DEFAULT
  if (r.kind === 'qrcode') return JSON.stringify(['qrcode', r.path, width])
  // WeChat ignores line_color when auto_color is on.
  const line = r.autoColor ? null : [r.lineColor?.r ?? 0, r.lineColor?.g ?? 0, r.lineColor?.b ?? 0]
  const look = [r.envVersion ?? 'release', width, r.autoColor ?? false, line, r.isHyaline ?? false]
  if (r.kind === 'limited') return JSON.stringify(['limited', r.path, ...look])
  // Long-scene data in any key order is the same code (the server gives it the same id scene).
  const scene = r.data ? ['data', stableJson(r.data)] : r.scene
  return JSON.stringify(['unlimited', scene, r.page ?? '', r.checkPath ?? true, ...look])
}

/** JSON with object keys sorted, so key order never matters. Falls back to String() for a cycle. */
export function stableJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v
      const entries = Object.entries(v as Record<string, unknown>)
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
    })
  } catch {
    return String(value)
  }
}
