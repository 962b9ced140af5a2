// The demo as `npm start` runs it and the browser tests drive it: the built H5 app and, on the same
// origin, /minicode (and /session) proxied to a real @minicode/server that asks the embedded WeChat
// simulator.
//
// Who may call it: anyone who can reach the page, as for any H5 app (a browser has no wx.login, so
// the H5 demo sends no session). The server's safe defaults hold (unlimited codes only, which spend
// no lifetime quota) and the demo narrows them to what its page asks for: the demo's page and scenes
// `id=<digits>`. A mini-program build would use sessions instead (src/lib/backend.ts).
const http = require('node:http')
const path = require('node:path')
const sirv = require('sirv')

const root = path.resolve(__dirname, '..')
const API_PATHS = /^\/(minicode|session|healthz)(\/|\?|$)/

/** The demo's policy, unless the environment sets its own. */
const DEMO_POLICY = {
  MINICODE_ALLOW_PAGES: 'pages/index/index',
  MINICODE_ALLOW_SCENES: 'id=<digits>',
}

/**
 * @param {{ port?: number, host?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ url: string, apiUrl: string, simUrl?: string, close(): Promise<void> }>}
 */
async function startDemo(options = {}) {
  const { serve } = require('@minicode/server')
  const api = await serve({
    sim: true,
    port: 0,
    host: '127.0.0.1',
    env: { ...DEMO_POLICY, ...(options.env ?? process.env) },
  })
  const apiUrl = new URL(api.url)
  const assets = sirv(path.join(root, 'dist/h5'), { single: true, dev: true, etag: true })

  const server = http.createServer((req, res) => {
    if (!API_PATHS.test(req.url ?? '')) return assets(req, res)
    const upstream = http.request(
      { host: apiUrl.hostname, port: apiUrl.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { code: 'network', message: 'the minicode server did not answer' } }))
    })
    req.pipe(upstream)
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const { address, port } = server.address()
  return {
    url: `http://${address}:${port}/`,
    apiUrl: api.url,
    simUrl: api.simUrl,
    async close() {
      await new Promise((resolve) => {
        server.close(resolve)
        server.closeAllConnections?.()
      })
      await api.close()
    },
  }
}

module.exports = { startDemo }
