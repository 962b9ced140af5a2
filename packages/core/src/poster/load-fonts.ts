import { MiniCodeError } from '../errors'
import { forgetMeasuredWidths } from '../text'
import { describeError, withTimeout } from './load-images'
import type { PosterCanvasPort } from './render-poster'
import type { PosterFont } from './types'

/**
 * Loads a spec's fonts through the port, all at once, before anything is measured: text measured in a
 * font that is not there yet is measured in the fallback and then drawn in the real one, overflowing
 * its box. Each load has the image timeout. A font that fails is 'font_load_failed' naming its family
 * and source (field 'fonts[i]'), unless it says `fallback: true`: then text draws with the family
 * list's next font. A port that cannot load fonts is 'unsupported' for a font without fallback.
 * Every font loaded drops the widths cached so far (see forgetMeasuredWidths), so a measure that
 * outlives this render measures again in the font now there.
 */
export async function loadFonts(
  fonts: readonly PosterFont[] | undefined,
  port: PosterCanvasPort,
  timeout: number,
): Promise<void> {
  if (!fonts?.length) return
  const settled = await Promise.allSettled(
    fonts.map((font, index) => loadFont(font, `fonts[${index}]`, port, timeout)),
  )
  // The first failure in spec order, whichever failed first.
  for (const result of settled) if (result.status === 'rejected') throw result.reason
}

async function loadFont(font: PosterFont, field: string, port: PosterCanvasPort, timeout: number) {
  const name = __DEV__ ? `"${font.family}" (${font.src.slice(0, 60)})` : ''
  if (!port.loadFont) {
    if (font.fallback) return
    throw new MiniCodeError(
      'unsupported',
      __DEV__ ? `This canvas port cannot load fonts: ${name}. Give it loadFont, or fallback: true.` : '',
      { field },
    )
  }
  try {
    await withTimeout(
      (signal) => port.loadFont!(font, { signal }),
      timeout,
      __DEV__ ? `Loading the font ${name}` : '',
    )
    // Text measured before (by measurePoster, say) was measured in the fallback font.
    forgetMeasuredWidths()
  } catch (e) {
    if (font.fallback) return
    throw new MiniCodeError(
      'font_load_failed',
      __DEV__
        ? `The font ${name} did not load: ${describeError(e)}. Check the URL is on the downloadFile allow-list (mini-programs), served with CORS (H5), or set fallback: true.`
        : '',
      { field, cause: e },
    )
  }
}
