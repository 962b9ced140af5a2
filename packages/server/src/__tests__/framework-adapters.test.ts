/** The Express and Koa adapters, each in a real app on loopback, in front of the real simulator. */
import express from 'express'
import Koa from 'koa'
import {
  createCodeService,
  createHandler,
  createWeChatClient,
  expressMiddleware,
  koaMiddleware,
} from '@minicode/server'
import { decodeCodeResponse } from '@minicode/core'
import { listen } from './listen'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())

function handler() {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    timeoutMs: 2000,
  })
  return createHandler({ service: createCodeService({ client }), rateLimit: 'off', log: () => undefined })
}

const apps = {
  express: () => {
    const app = express()
    app.use(expressMiddleware(handler()))
    app.get('/other', (_req, res) => {
      res.send('the app answered')
    })
    return app
  },
  koa: () => {
    const app = new Koa()
    app.use(koaMiddleware(handler()))
    app.use(async (ctx) => {
      if (ctx.path === '/other') ctx.body = 'the app answered'
    })
    return app.callback()
  },
}

describe.each(Object.entries(apps))('%s adapter', (_name, makeApp) => {
  test('answers a code with the bytes’ type, ETag and 304, errors as JSON, and leaves other paths to the app', async () => {
    const server = await listen(makeApp() as Parameters<typeof listen>[0])
    try {
      const ok = await fetch(`${server.url}/minicode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene: 'id=7', page: 'pages/index/index', checkPath: false }),
      })
      expect(ok.status).toBe(200)
      const bytes = new Uint8Array(await ok.arrayBuffer())
      expect(ok.headers.get('content-type')).toBe(decodeCodeResponse(bytes).mime)
      const etag = ok.headers.get('etag')
      expect(etag).toBeTruthy()

      const again = await fetch(
        `${server.url}/minicode?scene=id%3D7&page=pages/index/index&checkPath=false`,
        {
          headers: { 'if-none-match': etag! },
        },
      )
      expect(again.status).toBe(304)

      const bad = await fetch(`${server.url}/minicode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene: '商品42' }),
      })
      expect(bad.status).toBe(400)
      expect((await bad.json()).error).toMatchObject({ code: 'invalid_request' })

      const other = await fetch(`${server.url}/other`)
      expect(other.status).toBe(200)
      expect(await other.text()).toBe('the app answered')
    } finally {
      await server.close()
    }
  })
})
