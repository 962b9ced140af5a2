import Taro from '@tarojs/taro'
import type { PosterFont } from '@minicode/core'

// A spec's fonts, loaded once per page session: the same face asked by every render of every poster
// loads once; a failure is forgotten, so the next render tries again.
const loaded = new Map<string, Promise<void>>()

function once(font: PosterFont, load: () => Promise<void>): Promise<void> {
  const key = `${font.family}|${font.weight || 'normal'}|${font.src}`
  let loading = loaded.get(key)
  if (!loading) {
    loading = load()
    loaded.set(key, loading)
    loading.catch(() => loaded.delete(key))
  }
  return loading
}

interface LoadFontFaceOption {
  global: boolean
  family: string
  source: string
  desc: { weight: string }
  /** 'native' makes the face usable by Canvas 2D (WeChat base library 2.10.0+; others ignore it). */
  scopes: string[]
  success(): void
  fail(e: unknown): void
}

/**
 * A font for the mini-program canvas: `loadFontFace` with the native scope, global, from an https URL
 * or a data URL (the two sources WeChat documents; the URL must be on the downloadFile allow-list and
 * answer with a font content-type).
 */
export function loadMiniFont(font: PosterFont): Promise<void> {
  return once(
    font,
    () =>
      new Promise((success, fail) => {
        const api = Taro as unknown as { loadFontFace?: (option: LoadFontFaceOption) => void }
        if (typeof api.loadFontFace !== 'function') throw new Error('this host has no loadFontFace')
        api.loadFontFace({
          global: true,
          family: font.family,
          source: `url("${font.src}")`,
          desc: { weight: String(font.weight || 'normal') },
          scopes: ['webview', 'native'],
          success: () => success(),
          fail,
        })
      }),
  )
}

/** A font for the H5 canvas: a FontFace added to document.fonts once loaded (CORS applies to URLs). */
export function loadH5Font(font: PosterFont): Promise<void> {
  return once(font, async () => {
    if (typeof FontFace !== 'function') throw new Error('this browser has no FontFace')
    const face = new FontFace(font.family, `url("${font.src}")`, { weight: String(font.weight || 'normal') })
    document.fonts.add(await face.load())
  })
}
