import type { PosterFont } from '@minicode/core'

// A spec's fonts, loaded once per page session: the same face asked by every render of every poster
// loads once; a failure is forgotten, so the next render tries again. (No Taro import here: the H5
// port uses this file, and Taro's runtime does not run outside a Taro build.)
const loaded = new Map<string, Promise<void>>()

/** Runs `load` for a face the first time it is asked for, and shares that load after. */
export function loadFontOnce(font: PosterFont, load: () => Promise<void>): Promise<void> {
  const key = `${font.family}|${font.weight || 'normal'}|${font.src}`
  let loading = loaded.get(key)
  if (!loading) {
    loading = load()
    loaded.set(key, loading)
    loading.catch(() => loaded.delete(key))
  }
  return loading
}

/** A font for the H5 canvas: a FontFace added to document.fonts once loaded (CORS applies to URLs). */
export function loadH5Font(font: PosterFont): Promise<void> {
  return loadFontOnce(font, async () => {
    if (typeof FontFace !== 'function') throw new Error('this browser has no FontFace')
    const face = new FontFace(font.family, `url("${font.src}")`, { weight: String(font.weight || 'normal') })
    document.fonts.add(await face.load())
  })
}
