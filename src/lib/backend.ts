import { httpBackend, localBackend } from '@minicode/taro'

/**
 * Where the demo's codes come from.
 * - H5 (`npm start`): our own @minicode/server on the same origin, which asks the WeChat simulator.
 * - Mini-programs: the HTTPS endpoint given at build time (MINICODE_ENDPOINT=https://…), else a local
 *   QR of a URL so the demo still shows a scannable code with no server at all.
 */
const endpoint = MINICODE_ENDPOINT

export const codeBackend =
  process.env.TARO_ENV === 'h5' || /^https?:\/\//.test(endpoint)
    ? httpBackend({ url: endpoint, timeoutMs: 10000 })
    : localBackend({ urlPrefix: 'https://minicode.example.com/open' })
