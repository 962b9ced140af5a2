import { join } from 'node:path'
import { renderHook, waitFor } from '@testing-library/react'
import type { LinkRequest } from '@minicode/core'
import { httpBackend } from '../../backends/http-backend'
import { useEntryLink } from '../use-entry-link'
import { failure } from '../../__tests__/fixtures/failure'
import { startFixtureServer, type FixtureServer } from '../../__tests__/fixtures/fixture-server'

// Taro's real H5 request (whatwg-fetch over jsdom's XHR, with CORS) against a real @minicode/server
// serving links from the WeChat simulator (fixtures/link-server.ts).
jest.setTimeout(60_000)

let server: FixtureServer
let base: string

beforeAll(async () => {
  server = await startFixtureServer(join(__dirname, 'fixtures/link-server.ts'), 'link')
  base = /READY (\S+)/.exec(server.readyLine)![1]!
})
afterAll(() => server?.stop())

const backend = () => httpBackend({ url: `${base}/minicode` })
const linkCalls = async () =>
  ((await (await fetch(`${base}/__stats`)).json()) as { linkCalls: number }).linkCalls

test('httpBackend().link asks the endpoint beside the code URL for each kind, typed', async () => {
  const before = await linkCalls()
  const url = await backend().link({ kind: 'urllink', path: 'pages/item/index', query: 'id=1' })
  expect(url).toEqual({
    kind: 'urllink',
    link: expect.stringMatching(/^https:\/\/wxaurl\.cn\/\w{11}$/),
    expiresAt: expect.any(Number),
  })
  expect(url.expiresAt! - Date.now()).toBeGreaterThan(29.9 * 86_400_000)
  const scheme = await backend().link({ kind: 'scheme', path: 'pages/item/index', expireInterval: 1 })
  expect(scheme.link).toMatch(/^weixin:\/\/dl\/business\/\?t=\w{11}$/)
  const short = await backend().link({ kind: 'shortlink', pageUrl: 'pages/item/index?id=1' })
  expect(short.link).toMatch(/^#小程序:\/\/示例小程序\/\w{15}$/)
  // Asked again: the server's cache answers.
  expect((await backend().link({ kind: 'urllink', query: 'id=1', path: 'pages/item/index' })).link).toBe(
    url.link,
  )
  expect((await linkCalls()) - before).toBe(3)
})

test("the server's refusals keep their code, field and status", async () => {
  const before = await linkCalls()
  const bad = await failure(backend().link({ kind: 'urllink', query: '商品' } as LinkRequest))
  expect(bad).toMatchObject({ code: 'invalid_request', field: 'query', status: 400 })
  const forbidden = await failure(backend().link({ kind: 'shortlink', pageUrl: 'pages/index/index' }))
  expect(forbidden).toMatchObject({ code: 'forbidden', field: 'pageUrl', status: 403 })
  const permanent = await failure(
    backend().link({ kind: 'shortlink', pageUrl: 'pages/item/index', isPermanent: true }),
  )
  expect(permanent).toMatchObject({ code: 'forbidden', field: 'isPermanent' })
  expect(await linkCalls()).toBe(before)
})

test('useEntryLink: loading, then the link; the same content asks once; a new request a new link', async () => {
  const b = backend()
  const before = await linkCalls()
  const { result, rerender } = renderHook(
    ({ id }: { id: string }) =>
      useEntryLink({ kind: 'urllink', path: 'pages/item/index', query: `id=${id}` }, { backend: b }),
    { initialProps: { id: 'h1' } },
  )
  expect(result.current).toMatchObject({ status: 'loading', link: null, error: null })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  const first = result.current.link
  expect(first).toMatch(/^https:\/\/wxaurl\.cn\//)
  rerender({ id: 'h1' })
  expect(result.current.link).toBe(first)
  rerender({ id: 'h2' })
  expect(result.current).toMatchObject({ status: 'loading', link: null })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.link).not.toBe(first)
  expect((await linkCalls()) - before).toBe(2)
})

test('useEntryLink: an invalid request is an error at once, with no call; null is idle', async () => {
  const before = await linkCalls()
  const { result, rerender } = renderHook(
    ({ request }: { request: LinkRequest | null }) => useEntryLink(request, { backend: backend() }),
    { initialProps: { request: { kind: 'scheme', expireInterval: 45 } as LinkRequest | null } },
  )
  await waitFor(() => expect(result.current.status).toBe('error'))
  expect(result.current.error).toMatchObject({ code: 'invalid_request', field: 'expireInterval' })
  rerender({ request: null })
  expect(result.current).toEqual({ status: 'idle', link: null, error: null, expiresAt: null })
  rerender({ request: { kind: 'shortlink', pageUrl: 'pages/index/index' } })
  await waitFor(() => expect(result.current.status).toBe('error'))
  expect(result.current.error).toMatchObject({ code: 'forbidden', status: 403 })
  expect(await linkCalls()).toBe(before)
})
