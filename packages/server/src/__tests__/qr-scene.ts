import jsQR from 'jsqr'
import { PNG } from 'pngjs'

/**
 * The scene a simulator code carries: the PNG decoded by jsQR (its text is `page?scene=<URI-encoded>`,
 * what WeChat hands the page), the scene value still URI-encoded as the page receives it.
 */
export function sceneInCode(bytes: Uint8Array): { page: string; scene: string } {
  const png = PNG.sync.read(Buffer.from(bytes))
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!code) throw new Error('jsQR found no QR code in the image')
  const at = code.data.indexOf('?scene=')
  if (at < 0) throw new Error(`no scene in the code's text: ${code.data}`)
  return { page: code.data.slice(0, at), scene: code.data.slice(at + '?scene='.length) }
}
