/** RGB colour of a code's lines, each channel 0–255. */
export interface LineColor {
  r: number
  g: number
  b: number
}

/**
 * Which WeChat API makes the code:
 * - 'unlimited' — wxacode.getUnlimited: unlimited count, keyed by `scene` (default)
 * - 'limited'   — wxacode.get: keyed by `path`, shares a 100,000 quota with 'qrcode'
 * - 'qrcode'    — wxacode.createQRCode: a square QR code, keyed by `path`, same quota
 */
export type CodeKind = 'unlimited' | 'limited' | 'qrcode'

export type EnvVersion = 'release' | 'trial' | 'develop'

/** A request for one mini-program code. See DESIGN.md's code table for the rules. */
export interface CodeRequest {
  kind?: CodeKind
  /** unlimited only: 1–32 chars of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ */
  scene?: string
  /**
   * unlimited only, instead of `scene`: a JSON object (≤ 2 KB) a minicode server keeps for you, putting
   * a short id in the scene; the page reads it back with `resolveScene` / `useScene({ backend })`.
   * Needs a minicode server with long scenes (httpBackend, or the cloud function's handler).
   */
  data?: Record<string, unknown>
  /** unlimited only: page path without leading '/' and without query; default the home page. */
  page?: string
  /** limited / qrcode: page path, may carry a query. */
  path?: string
  /** Side in px, 280–1280; WeChat's default 430. */
  width?: number
  /** unlimited only: check that `page` exists in the released version (default true). */
  checkPath?: boolean
  envVersion?: EnvVersion
  autoColor?: boolean
  lineColor?: LineColor
  /** Transparent background. The bytes are PNG even though WeChat labels them image/jpeg. */
  isHyaline?: boolean
}

/** The image MIME types minicode recognises by signature. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

/** Code image bytes as decoded from a backend. */
export interface CodeImage {
  mime: ImageMime
  bytes: Uint8Array
}
