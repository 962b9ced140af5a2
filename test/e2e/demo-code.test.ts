/**
 * The built H5 demo in real headless Chromium: the product code comes from @minicode/server (which asks
 * the WeChat simulator), shows as an image whose pixels decode to the page + scene, and 保存到相册
 * downloads a real image.
 */
import { readFile } from 'node:fs/promises'
import { sniffImage, parseDataUrl } from '@minicode/core'
import { productCodeRequest } from '../../src/lib/product'
import { useDemoPage } from './support/demo-page'
import { readQr } from './support/qr'

jest.setTimeout(90_000)

const demo = useDemoPage({ acceptDownloads: true, viewport: { width: 390, height: 844 } })

async function codeImageSrc(): Promise<string> {
  const image = demo.page
    .locator('.product-code.minicode--ready taro-image-core, .product-code.minicode--ready img')
    .first()
  await image.waitFor({ state: 'attached', timeout: 30_000 })
  const src = await image.getAttribute('src')
  if (!src) throw new Error('the code image has no src')
  return src
}

test('the product card shows a code from the server whose pixels decode to the page and scene', async () => {
  await demo.page.goto(demo.url)
  const src = await codeImageSrc()
  expect(src.startsWith('data:image/png;base64,')).toBe(true)

  // The simulator draws a standard QR of `page?scene=<encoded scene>`, as scanning would open it.
  const { bytes } = parseDataUrl(src)
  expect(readQr(bytes)).toBe(
    `${productCodeRequest.page}?scene=${encodeURIComponent(productCodeRequest.scene)}`,
  )

  // And what the user sees on screen decodes too (rendered, scaled by the browser).
  const shot = await demo.page.locator('.product-code').first().screenshot()
  expect(readQr(shot)).toBe(
    `${productCodeRequest.page}?scene=${encodeURIComponent(productCodeRequest.scene)}`,
  )
})

test('保存到相册 downloads the code as a valid image file', async () => {
  await demo.page.goto(demo.url)
  await codeImageSrc()
  const [download] = await Promise.all([
    demo.page.waitForEvent('download', { timeout: 30_000 }),
    demo.page.getByText('保存到相册').click(),
  ])
  const path = await download.path()
  const bytes = new Uint8Array(await readFile(path!))
  expect(sniffImage(bytes)).toBe('image/png')
  expect(readQr(bytes)).toContain(encodeURIComponent(productCodeRequest.scene))
  expect(download.suggestedFilename()).toMatch(/\.png$/)
  // A browser download is no album: the page says 已下载, never 已保存到相册.
  await expect(demo.page.locator('[data-status="downloaded"]').first().textContent()).resolves.toBe('已下载')
})

test('opening the page from a scanned code reads the URI-encoded scene', async () => {
  // WeChat hands the page the scene URI-encoded once, as query.scene.
  await demo.page.goto(`${demo.url}#/pages/index/index?scene=${encodeURIComponent('id=42')}`)
  await expect(
    demo.page.getByText('扫码进入 · 商品 42').first().waitFor({ timeout: 30_000 }),
  ).resolves.toBeUndefined()
})
