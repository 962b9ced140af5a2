import { chromium, type Browser, type LaunchOptions } from 'playwright-core'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromiumLaunchOptions } = require('../../../scripts/lib/chromium.cjs') as {
  chromiumLaunchOptions: LaunchOptions
}

/** Debian's Chromium, headless, with no traffic beyond loopback (this machine has no internet). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions)
}
