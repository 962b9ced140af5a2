/**
 * How a save ended: 'saved' (in the phone album), 'downloaded' (a desktop browser's download: a file
 * in Downloads, not an album), 'preview' (nothing on this page can write to the album: the image is
 * shown for the user to long-press and save).
 */
export type SaveOutcome = 'saved' | 'downloaded' | 'preview'

/** What saving does in a browser: 'auto' (by the browser: see {@link browserSaveOutcome}), or always one. */
export type BrowserSaveMode = 'auto' | 'download' | 'preview'

/** The in-app browsers whose pages cannot start a download at all; null for any other browser. */
export type InAppBrowser = 'wechat' | 'qq' | 'alipay' | 'douyin' | 'weibo'

// Each app's own token in its WebView's user agent. WeChat's is also in WeCom's ("wxwork … MicroMessenger").
// QQ's is "QQ/<version>" (not "MQQBrowser", the phone browser built on the same engine).
const IN_APP: ReadonlyArray<readonly [InAppBrowser, RegExp]> = [
  ['wechat', /\bMicroMessenger\//i],
  ['qq', /\sQQ\/\d/],
  ['alipay', /\bAlipayClient\//i],
  ['douyin', /\baweme(_\d+)?\b|\bAppName\/aweme\b|\bBytedanceWebview\//i],
  ['weibo', /\b__weibo__|\bWeibo\b/i],
]

/** The in-app browser a user agent names, or null. */
export function inAppBrowserOf(userAgent: string): InAppBrowser | null {
  for (const [app, token] of IN_APP) {
    if (token.test(userAgent)) return app
  }
  return null
}

/**
 * True for a phone or tablet browser. iPadOS Safari asks for the desktop site with a Mac user agent:
 * a "Macintosh" that reports touch points is an iPad.
 */
export function isMobileBrowser(userAgent: string, maxTouchPoints = 0): boolean {
  if (/\b(Android|iPhone|iPad|iPod|Mobile|HarmonyOS|OpenHarmony)\b/i.test(userAgent)) return true
  return /\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1
}

/**
 * What an image "saved" in this browser really becomes. An in-app browser (WeChat, QQ, Alipay, Douyin,
 * Weibo) ignores `<a download>`, and a phone browser's download lands in Files, not the photo album:
 * both are 'preview' (show the image, the user long-presses it). Only a desktop browser's download is
 * what the user expects: 'downloaded'.
 *
 * @example browserSaveOutcome(navigator.userAgent, navigator.maxTouchPoints)
 */
export function browserSaveOutcome(userAgent: string, maxTouchPoints = 0): 'downloaded' | 'preview' {
  if (inAppBrowserOf(userAgent) || isMobileBrowser(userAgent, maxTouchPoints)) return 'preview'
  return 'downloaded'
}
