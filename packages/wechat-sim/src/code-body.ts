import type { SimEndpoint } from './types'

type CodeEndpoint = Extract<SimEndpoint, 'getwxacodeunlimit' | 'getwxacode' | 'createwxaqrcode'>

/** What to draw for a valid body: the QR text and look. */
export interface CodeLook {
  text: string
  width: number
  /** Colour of dark modules ('#rrggbb'). */
  dark: string
  transparent: boolean
}

export interface CodeRules {
  releasedPages?: string[]
  homePage: string
}

const SCENE_CHAR = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]$/
const ENV_VERSIONS = ['release', 'trial', 'develop']

/**
 * Reads a code API body the way WeChat does: an errcode for the first thing wrong, or what to draw.
 * Width is clamped to 280–1280 (WeChat clamps rather than refuses); `page` of getUnlimited must be
 * released unless check_path is false.
 */
export function readCodeBody(
  endpoint: CodeEndpoint,
  raw: Uint8Array,
  rules: CodeRules,
): CodeLook | { errcode: number } {
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch {
    return { errcode: 47001 }
  }
  const keyError = endpoint === 'getwxacodeunlimit' ? 40169 : 40159
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { errcode: keyError }
  const b = body as Record<string, unknown>
  if ('scancode_time' in b) return { errcode: 85096 }

  let text: string
  if (endpoint === 'getwxacodeunlimit') {
    const scene = b.scene
    if (typeof scene !== 'string' || scene === '') return { errcode: 40169 }
    const chars = Array.from(scene)
    if (!chars.every((c) => SCENE_CHAR.test(c))) return { errcode: 40129 }
    if (chars.length > 32) return { errcode: 40169 }
    let page = rules.homePage
    if (b.page !== undefined && b.page !== null && b.page !== '') {
      if (typeof b.page !== 'string' || b.page.startsWith('/') || /[?#\s]/.test(b.page))
        return { errcode: 41030 }
      page = b.page
    }
    if (b.check_path !== undefined && typeof b.check_path !== 'boolean') return { errcode: 40097 }
    if (b.check_path !== false && rules.releasedPages && !rules.releasedPages.includes(page))
      return { errcode: 41030 }
    text = `${page}?scene=${encodeURIComponent(scene)}`
  } else {
    const path = b.path
    if (typeof path !== 'string' || path.trim() === '') return { errcode: 40159 }
    const tooLong =
      endpoint === 'getwxacode' ? Array.from(path).length > 1024 : new TextEncoder().encode(path).length > 128
    if (tooLong) return { errcode: 40159 }
    text = path
  }

  let width = 430
  if (b.width !== undefined && b.width !== null) {
    if (typeof b.width !== 'number' || !Number.isFinite(b.width)) return { errcode: 40097 }
    width = Math.min(1280, Math.max(280, Math.round(b.width)))
  }
  if (endpoint === 'createwxaqrcode') return { text, width, dark: '#000000', transparent: false }

  if (b.env_version !== undefined && !ENV_VERSIONS.includes(b.env_version as string))
    return { errcode: 40097 }
  for (const flag of ['auto_color', 'is_hyaline'] as const) {
    if (b[flag] !== undefined && typeof b[flag] !== 'boolean') return { errcode: 40097 }
  }
  let dark = '#000000'
  if (b.line_color !== undefined && b.line_color !== null) {
    const c = b.line_color as Record<string, unknown>
    const parts =
      typeof c === 'object'
        ? [c.r, c.g, c.b].map((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v))
        : []
    if (
      parts.length !== 3 ||
      !parts.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255)
    ) {
      return { errcode: 40097 }
    }
    // WeChat ignores line_color under auto_color.
    if (b.auto_color !== true)
      dark = `#${(parts as number[]).map((v) => v.toString(16).padStart(2, '0')).join('')}`
  }
  return { text, width, dark, transparent: b.is_hyaline === true }
}
