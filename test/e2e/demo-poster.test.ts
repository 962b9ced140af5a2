/**
 * The built H5 demo's poster page in real headless Chromium: usePoster draws the product poster (its
 * code fetched from @minicode/server, which asks the WeChat simulator) on an off-DOM canvas, the
 * preview shows the exported PNG, the code region of that PNG still decodes, and 保存到相册 downloads
 * the same PNG. A screenshot is written for people to look at (POSTER_SCREENSHOT, default in tmp).
 */
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCanvas } from '@napi-rs/canvas'
import { measurePoster, parseDataUrl, sniffImage } from '@minicode/core'
import { PRODUCT_CODE_REQUEST, productPoster } from '../../src/posters/product-poster'
import { useDemoPage } from './support/demo-page'
import { decodePng, readQr } from './support/qr'

jest.setTimeout(90_000)

const EXPECTED = `${PRODUCT_CODE_REQUEST.page}?scene=${encodeURIComponent(PRODUCT_CODE_REQUEST.scene!)}`
const SPEC = productPoster()
// Where the poster's boxes are: laid out here with the system's fonts, which Chromium draws with too
// (the poster's height is 'auto' and its elements sit in boxes).
const LAYOUT = measurePoster(SPEC, { measure: canvasMeasure() })
const CODE = LAYOUT.boxes.code
const AVATAR = LAYOUT.boxes.avatar
const CARD = LAYOUT.boxes.card

function canvasMeasure(): (text: string, font: string) => number {
  const ctx = createCanvas(1, 1).getContext('2d')
  return (text, font) => {
    ctx.font = font
    return ctx.measureText(text).width
  }
}

// A phone's pixel ratio: the poster is drawn at 3 canvas px per design px.
const demo = useDemoPage({
  acceptDownloads: true,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
})

/** The src of the poster preview once it shows (a PNG data URL on H5). */
async function previewSrc(): Promise<string> {
  const image = demo.page.locator('.poster-preview img').first()
  await image.waitFor({ state: 'attached', timeout: 30_000 })
  const src = await image.getAttribute('src')
  if (!src) throw new Error('the preview has no src')
  return src
}

/** Pixel ratio and the checks every exported poster must pass. */
function checkPoster(bytes: Uint8Array): void {
  expect(sniffImage(bytes)).toBe('image/png')
  const image = decodePng(bytes)
  const ratio = image.width / SPEC.width
  expect(ratio).toBeCloseTo(3, 5)
  expect(image.height).toBe(Math.round(LAYOUT.height * ratio))
  const at = (x: number, y: number) => {
    const i = (Math.round(y * ratio) * image.width + Math.round(x * ratio)) * 4
    return [image.data[i], image.data[i + 1], image.data[i + 2]]
  }
  // The gradient frame, the white card, the avatar clipped to a circle (its box corner is card white,
  // its face skin-coloured), the red price.
  const [r, g, b] = at(5, 5)
  expect(r).toBeGreaterThan(240)
  expect(g).toBeGreaterThan(100)
  expect(b).toBeLessThan(100)
  expect(at(CARD.x + 10, CARD.y + CARD.height - 15)).toEqual([255, 255, 255])
  expect(at(AVATAR.x + 1, AVATAR.y + 1)).toEqual([255, 255, 255])
  const face = at(AVATAR.x + AVATAR.width / 2, AVATAR.y + (AVATAR.height * 38) / 96)
  expect(face[0]).toBeGreaterThan(240)
  expect(face[1]).toBeGreaterThan(200)
  // The code region alone decodes to the page and scene it was asked for.
  const margin = 6
  const region = {
    x: (CODE.x - margin) * ratio,
    y: (CODE.y - margin) * ratio,
    width: (CODE.width + 2 * margin) * ratio,
    height: (CODE.height + 2 * margin) * ratio,
  }
  expect(readQr(bytes, region)).toBe(EXPECTED)
}

test('the poster page draws the product poster: preview shown, screenshot taken, its code region decodes', async () => {
  await demo.page.goto(`${demo.url}#/pages/poster/index`)
  const src = await previewSrc()
  expect(src.startsWith('data:image/png;base64,')).toBe(true)
  checkPoster(parseDataUrl(src).bytes)

  // No canvas was left in the page: H5 draws off the DOM.
  expect(await demo.page.locator('canvas').count()).toBe(0)
  await demo.page.locator('.poster-preview img').evaluate((img: HTMLImageElement) => img.decode())
  const shot = join(process.env.POSTER_SCREENSHOT_DIR ?? tmpdir(), 'minicode-demo-poster.png')
  await demo.page.screenshot({ path: shot, fullPage: true })
  // What the user sees decodes too (the preview, scaled by the browser).
  const preview = await demo.page.locator('.poster-preview').first().screenshot()
  expect(readQr(preview)).toBe(EXPECTED)
})

test('保存到相册 downloads the poster as a valid PNG, the same image as the preview', async () => {
  await demo.page.goto(`${demo.url}#/pages/poster/index`)
  const src = await previewSrc()
  const save = demo.page.locator('.poster-page').getByText('保存到相册')
  const [download] = await Promise.all([
    demo.page.waitForEvent('download', { timeout: 30_000 }),
    save.click(),
  ])
  const bytes = new Uint8Array(await readFile((await download.path())!))
  checkPoster(bytes)
  expect(Buffer.from(bytes).equals(Buffer.from(parseDataUrl(src).bytes))).toBe(true)
  expect(download.suggestedFilename()).toMatch(/^minicode-poster-42.*\.png$/)
  // A browser download is no album: the page says 已下载, never 已保存到相册 (issue #14).
  await expect(
    demo.page.locator('.poster-page [data-status="downloaded"]').first().textContent(),
  ).resolves.toBe('已下载')
})

test('the product page opens the poster page', async () => {
  await demo.page.goto(demo.url)
  await demo.page.getByText('生成分享海报').first().click()
  const src = await previewSrc()
  expect(readQr(parseDataUrl(src).bytes, { x: 0, y: 0, width: 1e6, height: 1e6 })).toBe(EXPECTED)
})
