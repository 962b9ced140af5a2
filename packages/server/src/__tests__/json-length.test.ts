import { request } from 'node:http'
import { createCodeService, createHandler, createLinkService, toNodeListener } from '@minicode/server'
import { listen } from './listen'

// The client is never called: every answer here is made before any upstream call.
const client = {
  getCode: () => Promise.reject(new Error('not called')),
  generateLink: () => Promise.reject(new Error('not called')),
}

/** One answer as node:http reads it off the wire: status, raw headers, body bytes. */
function ask(url: string, method: string, body?: string, type = 'application/json') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(url, { method, headers: body ? { 'content-type': type } : {} }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      })
      req.on('error', reject)
      req.end(body)
    },
  )
}

test('JSON answers (errors included) carry their Content-Length instead of chunked encoding', async () => {
  const handler = createHandler({
    service: createCodeService({ client }),
    links: createLinkService({ client }),
    rateLimit: 'off',
    log: () => undefined,
  })
  const app = await listen(toNodeListener(handler))
  try {
    const answers = [
      await ask(`${app.url}/nowhere`, 'GET'),
      await ask(`${app.url}/healthz`, 'GET'),
      await ask(`${app.url}/urllink`, 'GET'),
      await ask(`${app.url}/urllink`, 'POST', '{"path":"页面/ä"', 'application/json'),
      await ask(`${app.url}/scheme`, 'POST', '{"query":"a b"}'),
      await ask(`${app.url}/minicode`, 'POST', 'x', 'text/plain'),
    ]
    expect(answers.map((a) => a.status)).toEqual([404, 200, 405, 400, 400, 415])
    for (const answer of answers) {
      expect(answer.headers['transfer-encoding']).toBeUndefined()
      expect(answer.headers['content-length']).toBe(String(answer.body.length))
      expect(() => JSON.parse(answer.body.toString('utf8'))).not.toThrow()
    }
  } finally {
    await app.close()
  }
})
