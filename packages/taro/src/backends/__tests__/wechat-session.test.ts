import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { decodeCodeResponse, type MiniCodeError } from '@minicode/core'
import { httpBackend } from '../http-backend'
import { wechatSession } from '../wechat-session'
import { startFixtureServer, type FixtureServer } from '../../__tests__/fixtures/fixture-server'

// Taro's real H5 request (whatwg-fetch over jsdom's XHR, with CORS) against a real @minicode/server
// requiring sessions, which exchanges the login codes at the WeChat simulator (fixtures/session-server.ts).
jest.setTimeout(60_000)

let server: FixtureServer
let base: string
let sim: { url: string; appId: string; appSecret: string }

beforeAll(async () => {
  server = await startFixtureServer(join(__dirname, 'fixtures/session-server.ts'), 'session')
  const [, url, simUrl, appId, appSecret] = /READY (\S+) (\S+) (\S+) (\S+)/.exec(server.readyLine)!
  base = url!
  sim = { url: simUrl!, appId: appId!, appSecret: appSecret! }
})
afterAll(() => server?.stop())

/** GET or POST to a loopback URL with node:http (jsdom's fetch would need CORS from the simulator). */
function nodeRequest(url: string, body?: unknown): Promise<string> {
  return new Promise((done, fail) => {
    const req = http.request(url, { method: body === undefined ? 'GET' : 'POST' }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c))
      res.on('end', () => done(text))
    })
    req.on('error', fail)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}
const simStats = async () => JSON.parse(await nodeRequest(`${base}/__stats`)) as { jscode2session: number }
const advanceServerClock = (ms: number) => nodeRequest(`${base}/__clock`, { ms })

/** A stand-in for Taro.login that counts its calls and hands out the simulator's test codes. */
function fakeLogin(user: string) {
  const login = Object.assign(async () => ({ code: `testcode:${user}:${++login.calls}` }), { calls: 0 })
  return login
}

test("session: 'wechat' logs in once, sends the token with every code, and the server accepts it", async () => {
  const login = fakeLogin('alice')
  const backend = httpBackend({
    url: `${base}/minicode`,
    session: wechatSession({ url: `${base}/session`, login }),
  })
  const [a, b] = await Promise.all([
    backend.fetchCode({ scene: 'a' }, {}),
    backend.fetchCode({ scene: 'b' }, {}),
  ])
  expect(decodeCodeResponse(a.bytes).mime).toBe('image/png')
  expect(b.mime).toBe('image/png')
  await backend.fetchCode({ scene: 'c' }, {})
  // One login for three codes, even two at once.
  expect(login.calls).toBe(1)
  expect((await simStats()).jscode2session).toBe(1)
})

test('an expired token is renewed once on a 401, then the code is served', async () => {
  const login = fakeLogin('bob')
  const backend = httpBackend({
    url: `${base}/minicode`,
    session: wechatSession({ url: `${base}/session`, login }),
  })
  await backend.fetchCode({ scene: 'd' }, {})
  // The server's clock passes the token's hour; the client's cached copy still looks fresh to it.
  await advanceServerClock(3_601_000)
  try {
    const image = await backend.fetchCode({ scene: 'e' }, {})
    expect(image.mime).toBe('image/png')
    expect(login.calls).toBe(2)
  } finally {
    await advanceServerClock(-3_601_000)
  }
})

test('without a session the server answers 401, and the error says how to log in', async () => {
  const backend = httpBackend({ url: `${base}/minicode` })
  const error = (await backend.fetchCode({ scene: 'f' }, {}).catch((e: unknown) => e)) as MiniCodeError
  expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
  expect(error.message).toContain('POST /session')
})

test("a used login code is 'unauthorized' with errcode 40163; the next call logs in afresh", async () => {
  const stale = { calls: 0 }
  const login = async () => ({
    code: ++stale.calls === 1 ? 'testcode:carol:same' : `testcode:carol:${stale.calls}`,
  })
  // Someone else already used the first code.
  const query = `appid=${sim.appId}&secret=${sim.appSecret}&js_code=testcode:carol:same&grant_type=authorization_code`
  expect(await nodeRequest(`${sim.url}/sns/jscode2session?${query}`)).toContain('openid')
  const backend = httpBackend({
    url: `${base}/minicode`,
    session: wechatSession({ url: `${base}/session`, login }),
  })
  const error = (await backend.fetchCode({ scene: 'g' }, {}).catch((e: unknown) => e)) as MiniCodeError
  expect(error).toMatchObject({ code: 'unauthorized', errcode: 40163, status: 401 })
  expect(error.message).toMatch(/already used/)
  expect((await backend.fetchCode({ scene: 'g' }, {})).mime).toBe('image/png')
})

test('a server that keeps refusing gets one renewal, not a loop', async () => {
  let asks = 0
  const refusing = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', '*')
    if (req.method === 'OPTIONS') return void res.end()
    if (req.url === '/session') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end(JSON.stringify({ token: `t${asks}`, expiresIn: 3600 }))
    }
    asks++
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'no' } }))
  })
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`
  try {
    const login = fakeLogin('dave')
    // session: 'wechat' finds /session beside /minicode.
    const backend = httpBackend({ url: `${url}/minicode`, session: 'wechat' })
    const own = httpBackend({
      url: `${url}/minicode`,
      session: wechatSession({ url: `${url}/session`, login }),
    })
    const error = (await own.fetchCode({ scene: 'h' }, {}).catch((e: unknown) => e)) as MiniCodeError
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(asks).toBe(2)
    expect(login.calls).toBe(2)
    // Taro.login is not available in H5: the default login fails clearly instead of hanging.
    const h5 = (await backend.fetchCode({ scene: 'i' }, {}).catch((e: unknown) => e)) as {
      errMsg?: string
      message?: string
    }
    expect(String(h5.errMsg ?? h5.message)).toMatch(/login/)
  } finally {
    refusing.closeAllConnections()
    await new Promise((resolve) => refusing.close(resolve))
  }
})
