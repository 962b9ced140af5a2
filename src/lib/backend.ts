import { httpBackend, localBackend } from '@minicode/taro'

/**
 * Where the demo's codes come from.
 * - H5 (`npm start`): our own @minicode/server on the same origin, which asks the WeChat simulator.
 *   A browser has no wx.login, so the H5 demo uses no session: its server (scripts/demo-server.cjs)
 *   leaves MINICODE_REQUIRE_SESSION off and limits what anyone may ask for instead (unlimited codes
 *   only, the demo's page, scenes `id=<digits>`).
 * - Mini-programs: the HTTPS endpoint given at build time (MINICODE_ENDPOINT=https://…), with a WeChat
 *   login session (Taro.login, then the server's POST /session), so that server can require sessions;
 *   else a local QR of a URL so the demo still shows a scannable code with no server at all.
 */
const endpoint = MINICODE_ENDPOINT

function chooseBackend() {
  if (process.env.TARO_ENV === 'h5') return httpBackend({ url: endpoint, timeoutMs: 10000 })
  if (/^https?:\/\//.test(endpoint))
    return httpBackend({ url: endpoint, timeoutMs: 10000, session: 'wechat' })
  return localBackend({ urlPrefix: 'https://minicode.example.com/open' })
}

export const codeBackend = chooseBackend()
