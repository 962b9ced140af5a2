// How every headless run here starts Chromium: Debian's build, and no traffic beyond loopback (this
// machine has no internet; without the background-networking flags Chromium keeps dialling out).
// Shared by the e2e tests (test/e2e/support/browser.ts) and scripts/bench-poster.mjs.
const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
}

module.exports = { chromiumLaunchOptions }
