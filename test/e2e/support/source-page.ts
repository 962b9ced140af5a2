import path from 'node:path'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser'

const root = path.resolve(__dirname, '../../..')

/**
 * The hooks of an e2e file that tries core (and the H5 port) from source in real Chromium: `entry`
 * (TypeScript, resolved from the repo root; '@minicode/core' is core's source) bundled as an H5 build
 * would carry it, run in one blank page for the whole file. Read `page` inside the tests.
 *
 * @example
 * const source = useSourcePage(`import { renderPoster } from '@minicode/core'; window.minicode = { renderPoster }`)
 */
export function useSourcePage(entry: string): { readonly page: Page } {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const out = await build({
      stdin: { contents: entry, resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      alias: { '@minicode/core': path.join(root, 'packages/core/src/index.ts') },
      define: { __DEV__: 'true', 'process.env.NODE_ENV': '"test"' },
      logLevel: 'silent',
    })
    browser = await launchChromium()
    page = await browser.newPage()
    await page.setContent('<!doctype html><html><body></body></html>')
    await page.addScriptTag({ content: out.outputFiles[0].text })
  })
  afterAll(async () => {
    await browser?.close()
  })

  return {
    get page() {
      return page
    },
  }
}
