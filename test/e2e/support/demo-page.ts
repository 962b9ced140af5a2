import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDemo } = require('../../../scripts/demo-server.cjs')

/**
 * The hooks every demo e2e file needs: the built H5 demo (with its server and simulator) on a free
 * port and one Chromium for the file, a fresh page with `pageOptions` for each test.
 * Read `url` and `page` inside the tests.
 */
export function useDemoPage(pageOptions: BrowserContextOptions): {
  readonly url: string
  readonly page: Page
} {
  let server: { url: string; close(): Promise<void> }
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startDemo({ port: 0 })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  beforeEach(async () => {
    page = await browser.newPage(pageOptions)
  })
  afterEach(async () => {
    await page.close()
  })

  return {
    get url() {
      return server.url
    },
    get page() {
      return page
    },
  }
}
