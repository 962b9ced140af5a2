import { MiniCodeError, type CodeRequest } from '@minicode/core'

const STRINGS = ['kind', 'scene', 'page', 'path', 'envVersion'] as const
const BOOLEANS = ['checkPath', 'autoColor', 'isHyaline'] as const
// WeChat's snake_case spellings are accepted too, so a copied API example works.
const ALIASES: Record<string, string> = {
  env_version: 'envVersion',
  check_path: 'checkPath',
  auto_color: 'autoColor',
  is_hyaline: 'isHyaline',
  line_color: 'lineColor',
}

const invalid = (field: string, message: string) => new MiniCodeError('invalid_request', message, { field })

/**
 * A CodeRequest from a query string (`GET /minicode?scene=…&page=…&width=430&isHyaline=true`).
 * Typed fields are converted strictly: integers for width, 'true'/'false' for booleans,
 * `lineColor=r,g,b` or `#rrggbb`. Unknown or repeated parameters are rejected, so a typo can't
 * silently make (and cache) a different code. core's validateCodeRequest checks the rest.
 */
export function requestFromQuery(params: URLSearchParams): CodeRequest {
  const out: Record<string, unknown> = {}
  for (const [rawName, value] of params) {
    const name = ALIASES[rawName] ?? rawName
    if (name in out) throw invalid(name, `Query parameter '${name}' is given twice: give it once.`)
    if ((STRINGS as readonly string[]).includes(name)) out[name] = value
    else if ((BOOLEANS as readonly string[]).includes(name)) {
      if (value !== 'true' && value !== 'false')
        throw invalid(name, `Query parameter '${name}' must be 'true' or 'false'.`)
      out[name] = value === 'true'
    } else if (name === 'width') {
      if (!/^\d{1,5}$/.test(value))
        throw invalid(
          'width',
          `width must be a whole number of pixels (280–1280), not '${value.slice(0, 20)}'.`,
        )
      out.width = Number(value)
    } else if (name === 'lineColor') out.lineColor = parseColor(value)
    else
      throw invalid(
        String(rawName).slice(0, 40),
        `Unknown query parameter '${String(rawName).slice(0, 40)}'. Known: scene, page, path, kind, width, checkPath, envVersion, autoColor, lineColor, isHyaline.`,
      )
  }
  return out as CodeRequest
}

function parseColor(value: string): { r: number; g: number; b: number } {
  const hex = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value)
  if (hex) return { r: parseInt(hex[1]!, 16), g: parseInt(hex[2]!, 16), b: parseInt(hex[3]!, 16) }
  const parts = value.split(',')
  if (parts.length === 3 && parts.every((p) => /^\s*\d{1,3}\s*$/.test(p))) {
    const [r, g, b] = parts.map(Number) as [number, number, number]
    return { r, g, b }
  }
  throw invalid('lineColor', `lineColor must be 'r,g,b' (0–255 each) or '#rrggbb'.`)
}
