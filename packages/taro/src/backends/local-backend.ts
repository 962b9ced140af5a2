import { MiniCodeError, createQrPng, validateCodeRequest } from '@minicode/core'
import type { CodeBackend, CodeRequest } from '@minicode/core'

export interface LocalBackendOptions {
  /**
   * The URL prefix registered in the mini-program admin console under "扫普通链接二维码打开小程序"
   * (Development > Development settings), e.g. 'https://example.com/mp'. Must be https for WeChat;
   * http is accepted for development.
   */
  urlPrefix: string
  /** Error-correction level of the QR code. Default 'M'. */
  ecc?: 'L' | 'M' | 'Q' | 'H'
  /** Your own mapping from request to URL (then `urlPrefix` is only the default's input). */
  toUrl?: (request: CodeRequest) => string
  /** Cache name; give one when you pass `toUrl`, so two mappings never share cached codes. */
  name?: string
}

/**
 * The URL a local code encodes (the default mapping of localBackend):
 * - kind 'unlimited' (default): `<urlPrefix>?scene=<encodeURIComponent(scene)>&page=<page>`
 *   (`&` when the prefix already has a query; `page` left out when not given). Read it on the page
 *   with `parseScene(decodeURIComponent(query.q))`-style code: WeChat passes the scanned URL as `q`.
 * - kind 'limited' / 'qrcode': `<urlPrefix>/<path>` with the path's own query kept
 *   (one `/` between them, however the two are spelled).
 */
export function localCodeUrl(urlPrefix: string, request: CodeRequest): string {
  const kind = request.kind ?? 'unlimited'
  if (kind === 'unlimited') {
    const params = [`scene=${encodeURIComponent(request.scene ?? '')}`]
    if (request.page) params.push(`page=${request.page.replace(/^\/+/, '')}`)
    return urlPrefix + queryJoiner(urlPrefix) + params.join('&')
  }
  return `${urlPrefix.replace(/\/+$/, '')}/${(request.path ?? '').replace(/^\/+/, '')}`
}

/** What goes between a URL and more query parameters: '?', '&', or nothing after a trailing ? or &. */
function queryJoiner(url: string): string {
  if (!url.includes('?')) return '?'
  if (/[?&]$/.test(url)) return ''
  return '&'
}

/**
 * Codes made on the device, no network: a standard QR code of a URL, which WeChat opens in the
 * mini-program once the URL prefix is registered ("scan an ordinary QR code to open the
 * mini-program"); on H5 and in development it is simply a scannable link. `width` sets the
 * image side in px (default 430, like WeChat's), rounded down to whole modules.
 *
 * @example
 * const backend = localBackend({ urlPrefix: 'https://example.com/mp' })
 */
export function localBackend(options: LocalBackendOptions): CodeBackend {
  const { urlPrefix, ecc = 'M', toUrl } = options
  if (!toUrl && (typeof urlPrefix !== 'string' || !/^https?:\/\/[^/?#\s]+/i.test(urlPrefix))) {
    throw new MiniCodeError(
      'invalid_request',
      `localBackend needs urlPrefix as an https URL (the prefix registered for "scan an ordinary QR code"), got ${JSON.stringify(urlPrefix)}.`,
      { field: 'urlPrefix' },
    )
  }
  return {
    name: options.name ?? `local ${ecc} ${urlPrefix}${toUrl ? ' custom' : ''}`,
    async fetchCode(given) {
      // No server checks this request: production clients leave validation to the backend.
      const request = validateCodeRequest(given)
      if (request.data) {
        throw new MiniCodeError(
          'invalid_request',
          __DEV__
            ? 'localBackend cannot keep long-scene data (no server stores it): give scene, or use httpBackend with a minicode server.'
            : '',
          { field: 'data' },
        )
      }
      const text = toUrl ? toUrl(request) : localCodeUrl(urlPrefix, request)
      return { mime: 'image/png', bytes: createQrPng(text, { ecc, size: request.width ?? 430 }) }
    },
  }
}
