/**
 * What 保存到相册 does in the built H5 demo, in real headless Chromium, by browser: in WeChat's in-app
 * browser (its user agent, a touch screen) no download starts and the image shows full-screen with the
 * long-press hint; in a desktop browser it downloads, and the page says 已下载, not 已保存到相册.
 */
import type { Download } from 'playwright-core'
import { sniffImage } from '@minicode/core'
import { readFile } from 'node:fs/promises'
import { productCodeRequest } from '../../src/lib/product'
import { useDemoPage } from './support/demo-page'
import { readQr } from './support/qr'

jest.setTimeout(90_000)

// WeChat 8 on Android, as its WebView sends it.
const WECHAT_ANDROID =
  'Mozilla/5.0 (Linux; Android 12; M2102J2SC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/1234 MicroMessenger/8.0.33.2320(0x28002151) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

async function pressSave(page: import('playwright-core').Page): Promise<void> {
  // The button is enabled once the code is ready.
  await page
    .locator('.product-code.minicode--ready taro-image-core, .product-code.minicode--ready img')
    .first()
    .waitFor({ state: 'attached', timeout: 30_000 })
  await page.getByText('保存到相册').first().click()
}

describe('WeChat in-app browser', () => {
  const demo = useDemoPage({
    acceptDownloads: true,
    userAgent: WECHAT_ANDROID,
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
  })

  test('no download starts; the image shows with 长按图片保存到相册', async () => {
    const downloads: Download[] = []
    demo.page.on('download', (d) => downloads.push(d))
    await demo.page.goto(demo.url)
    await pressSave(demo.page)

    const preview = demo.page.locator('[data-testid="save-preview"]')
    await preview.waitFor({ state: 'visible', timeout: 30_000 })
    await expect(preview.getByText('长按图片保存到相册').isVisible()).resolves.toBe(true)
    // The image is a real <img> of the code's bytes (a blob: URL), big on the screen.
    const img = preview.locator('img').first()
    await img.waitFor({ state: 'attached' })
    const src = await img.getAttribute('src')
    expect(src).toMatch(/^blob:/)
    const bytes = await demo.page.evaluate(async (url) => {
      const buffer = await (await fetch(url)).arrayBuffer()
      return Array.from(new Uint8Array(buffer))
    }, src!)
    expect(sniffImage(new Uint8Array(bytes))).toBe('image/png')
    const box = await img.boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    // Shown whole, not cropped by the Image box's default 240px height: what is visible of the <img>
    // (its frame clipped to the frame around it) is the whole square code, and it still decodes.
    const frame = await preview.locator('taro-image-core, .taro-img').first().boundingBox()
    expect(Math.min(frame!.height, box!.height)).toBeCloseTo(box!.width, 0)
    const shot = await img.screenshot()
    expect(readQr(shot)).toBe(
      `${productCodeRequest.page}?scene=${encodeURIComponent(productCodeRequest.scene)}`,
    )

    // Give a stray download time to show up: there must be none, and no "saved" claim.
    await demo.page.waitForTimeout(1000)
    expect(downloads).toHaveLength(0)
    await expect(demo.page.getByText('已保存到相册').count()).resolves.toBe(0)
    await expect(demo.page.locator('[data-status="preview"]').count()).resolves.toBe(1)
  })
})

describe('desktop browser', () => {
  const demo = useDemoPage({
    acceptDownloads: true,
    userAgent: DESKTOP_CHROME,
    viewport: { width: 1280, height: 800 },
  })

  test('it downloads, and the page says 已下载, not 已保存到相册', async () => {
    await demo.page.goto(demo.url)
    const [download] = await Promise.all([
      demo.page.waitForEvent('download', { timeout: 30_000 }),
      pressSave(demo.page),
    ])
    expect(sniffImage(new Uint8Array(await readFile((await download.path())!)))).toBe('image/png')
    await expect(demo.page.locator('[data-status="downloaded"]').first().textContent()).resolves.toBe(
      '已下载',
    )
    await expect(demo.page.getByText('已保存到相册').count()).resolves.toBe(0)
    await expect(demo.page.locator('[data-testid="save-preview"]').count()).resolves.toBe(0)
  })
})
