import Taro from '@tarojs/taro'
import type { PosterFont } from '@minicode/core'
import { loadFontOnce } from './load-font'

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
  return loadFontOnce(
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
