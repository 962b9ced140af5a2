// Test helpers: a PosterCanvasPort on @napi-rs/canvas, system CJK and emoji fonts, PNG goldens.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { GlobalFonts, Image, createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas'
import { PNG } from 'pngjs'
import type { ClassifiedSource } from '../../save/classify-source'
import type { PosterCanvasPort } from '../render-poster'
import type { CanvasContextLike } from '../execute-draw-ops'

/** Family that every golden spec uses: Noto Sans CJK (CI installs fonts-noto-cjk), then Noto Color Emoji. */
export const FONT = 'PosterSans, PosterEmoji'

let fontsReady = false
/** Registers the system's Noto Sans CJK (regular + bold) and Noto Color Emoji; throws when missing. */
export function registerFonts(): void {
  if (fontsReady) return
  const find = (pattern: string): string => {
    try {
      return execFileSync('fc-match', ['-f', '%{file}', pattern], { encoding: 'utf8' }).trim()
    } catch {
      return ''
    }
  }
  const regular = find('Noto Sans CJK SC:style=Regular')
  const bold = find('Noto Sans CJK SC:style=Bold')
  const emoji = find('Noto Color Emoji')
  if (!/NotoSansCJK/i.test(regular) || !/emoji/i.test(emoji)) {
    throw new Error(
      `Golden tests need fonts-noto-cjk and fonts-noto-color-emoji (found ${regular || 'no CJK'} / ${emoji || 'no emoji'}).`,
    )
  }
  GlobalFonts.registerFromPath(regular, 'PosterSans')
  if (/NotoSansCJK-Bold/i.test(bold)) GlobalFonts.registerFromPath(bold, 'PosterSans')
  GlobalFonts.registerFromPath(emoji, 'PosterEmoji')
  fontsReady = true
}

/** A port drawing on @napi-rs/canvas; records what it loaded. `fail` rejects the matching sources. */
export function nodeCanvasPort(
  options: { fail?: (key: string) => boolean; hang?: (key: string) => boolean } = {},
): PosterCanvasPort & {
  loaded: string[]
  last?: { canvas: Canvas }
} {
  const port: PosterCanvasPort & { loaded: string[]; last?: { canvas: Canvas } } = {
    loaded: [],
    userDataPath: '/usr-data',
    imagesOnAnyCanvas: true,
    // The canvas library's register call: a data URL's bytes, or a file path, under the spec's family.
    async loadFont(font) {
      port.loaded.push(`font:${font.family}`)
      const match = /^data:[^;,]*;base64,(.*)$/.exec(font.src)
      const face = match
        ? GlobalFonts.register(Buffer.from(match[1], 'base64'), font.family)
        : GlobalFonts.registerFromPath(font.src, font.family)
      if (!face) throw new Error(`not a font: ${font.src.slice(0, 40)}`)
    },
    createCanvas(width, height) {
      const canvas = createCanvas(width, height)
      port.last = { canvas }
      return { canvas, context: canvas.getContext('2d') as unknown as CanvasContextLike }
    },
    async loadImage(source) {
      const key = sourceKey(source)
      port.loaded.push(key)
      if (options.hang?.(key)) return new Promise(() => undefined)
      if (options.fail?.(key)) throw { errMsg: `loadImage:fail ${key}` }
      if (source.kind !== 'data') throw new Error(`test port loads data sources only, got ${source.kind}`)
      const img = new Image()
      // @napi-rs/canvas knows the size at once but decodes the pixels asynchronously: wait for onload.
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve()
        img.onerror = (error) => reject(error)
        img.src = Buffer.from(source.data, 'base64')
      })
      return img
    },
    async exportCanvas(c) {
      return { dataUrl: (c.canvas as Canvas).toDataURL('image/png') }
    },
  }
  return port
}

/** A context and measure for planning without rendering. */
export function nodeContext(
  width = 10,
  height = 10,
): { ctx: SKRSContext2D; measure: (s: string, font: string) => number } {
  registerFonts()
  const ctx = createCanvas(width, height).getContext('2d')
  return {
    ctx,
    measure: (s, font) => {
      ctx.font = font
      return ctx.measureText(s).width
    },
  }
}

export interface Pixels {
  width: number
  height: number
  data: Uint8Array
}

export function decodePng(bytes: Uint8Array): Pixels {
  const png = PNG.sync.read(Buffer.from(bytes))
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) }
}

export function dataUrlBytes(dataUrl: string): Uint8Array {
  return new Uint8Array(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
}

/**
 * Compares PNG bytes with goldens/<name>.png: sizes must match and at most `tolerance` of the pixels
 * may differ by more than 48 in some channel (font hinting and antialiasing noise). With
 * UPDATE_GOLDENS=1 the golden is (re)written instead.
 */
export function compareWithGolden(
  name: string,
  png: Uint8Array,
  tolerance = 0.004,
): { differing: number; total: number } {
  const file = join(__dirname, 'goldens', `${name}.png`)
  if (process.env.UPDATE_GOLDENS === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDENS !== '1' && process.env.CI)
      throw new Error(`Missing golden ${file}: run with UPDATE_GOLDENS=1`)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, png)
  }
  const want = decodePng(readFileSync(file))
  const got = decodePng(png)
  if (want.width !== got.width || want.height !== got.height) {
    throw new Error(`${name}: size ${got.width}×${got.height}, golden ${want.width}×${want.height}`)
  }
  let differing = 0
  for (let i = 0; i < want.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(want.data[i + c] - got.data[i + c]) > 48) {
        differing++
        break
      }
    }
  }
  const total = want.width * want.height
  if (differing > total * tolerance) {
    writeFileSync(file.replace(/\.png$/, '.actual.png'), png)
    throw new Error(
      `${name}: ${differing} of ${total} pixels differ from the golden (allowed ${Math.floor(total * tolerance)}); see ${name}.actual.png`,
    )
  }
  return { differing, total }
}

/** RGBA of one pixel. */
export function pixel(p: Pixels, x: number, y: number): [number, number, number, number] {
  const i = (y * p.width + x) * 4
  return [p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3]]
}

/** How the test port names a source in `loaded`, `fail` and `hang`: a data source by its type. */
function sourceKey(source: ClassifiedSource): string {
  switch (source.kind) {
    case 'data':
      return `data:${source.mime}`
    case 'url':
      return source.url
    case 'local':
      return source.filePath
    case 'cloud':
      return source.fileID
  }
}
