import { StrictMode, type ReactNode } from 'react'
import { act, renderHook, waitFor } from '@testing-library/react'
import { CodeClient, MiniCodeError, type CodeBackend, type CodeRequest } from '@minicode/core'
import { useMiniCode, type UseMiniCodeResult } from '../use-mini-code'
import { PNG_A, PNG_B, controllable, dataUrlOf, png } from './helpers'

const A: CodeRequest = { scene: 'id=1', page: 'pages/item/item' }
const B: CodeRequest = { scene: 'id=2', page: 'pages/item/item' }

const modes: [string, ((p: { children: ReactNode }) => JSX.Element) | undefined][] = [
  ['plain', undefined],
  ['StrictMode', ({ children }) => <StrictMode>{children}</StrictMode>],
]

describe.each(modes)('useMiniCode (%s)', (_mode, wrapper) => {
  let errors: jest.SpyInstance
  beforeEach(() => {
    errors = jest.spyOn(console, 'error')
  })
  afterEach(() => {
    // No React warning (act, update after unmount, ...) in any test.
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })

  const setup = (request: CodeRequest | null, backend: CodeBackend, client = new CodeClient()) => {
    const seen: UseMiniCodeResult[] = []
    const view = renderHook(
      ({ req, be }: { req: CodeRequest | null; be: CodeBackend }) => {
        const result = useMiniCode(req, { backend: be, client })
        seen.push(result)
        return result
      },
      { wrapper, initialProps: { req: request, be: backend } },
    )
    return { ...view, seen, client }
  }

  test('loading, then ready with a data URL; one backend call', async () => {
    const backend = controllable()
    const { result, seen } = setup(A, backend)
    expect(result.current).toMatchObject({ status: 'loading', dataUrl: null, error: null })
    expect(seen.every((s) => s.status !== 'idle')).toBe(true) // no idle flash before the effect
    await waitFor(() => expect(backend.calls).toHaveLength(1))
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    expect(result.current).toMatchObject({
      status: 'ready',
      mime: 'image/png',
      dataUrl: dataUrlOf(PNG_A),
      error: null,
    })
    expect(backend.calls).toHaveLength(1)
  })

  test('null is idle and calls nothing', async () => {
    const backend = controllable()
    const { result } = setup(null, backend)
    await act(async () => undefined)
    expect(result.current).toMatchObject({ status: 'idle', dataUrl: null, mime: null, error: null })
    expect(backend.calls).toHaveLength(0)
  })

  test('a new object with the same content does not refetch; different content does; back to null is idle', async () => {
    const backend = controllable()
    const { result, rerender } = setup(A, backend)
    await act(async () => undefined)
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    rerender({ req: { page: 'pages/item/item', scene: 'id=1' }, be: backend })
    rerender({ req: { ...A }, be: { ...backend, fetchCode: backend.fetchCode } }) // new backend object, same name
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(1)
    expect(result.current.status).toBe('ready')
    rerender({ req: B, be: backend })
    expect(result.current).toMatchObject({ status: 'loading', dataUrl: null }) // never A's code for B
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(2)
    expect(backend.calls[1].request.scene).toBe('id=2')
    rerender({ req: null, be: backend })
    expect(result.current.status).toBe('idle')
  })

  test("race: A slow, then B fast — A's late answer never shows", async () => {
    const backend = controllable()
    const { result, rerender, seen } = setup(A, backend)
    await act(async () => undefined)
    rerender({ req: B, be: backend })
    await act(async () => undefined)
    expect(backend.calls.map((c) => c.request.scene)).toEqual(['id=1', 'id=2'])
    await act(async () => backend.calls[1].resolve(png(PNG_B)))
    expect(result.current.dataUrl).toBe(dataUrlOf(PNG_B))
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    expect(result.current.dataUrl).toBe(dataUrlOf(PNG_B))
    expect(seen.some((s) => s.dataUrl === dataUrlOf(PNG_A))).toBe(false)
  })

  test('unmount mid-fetch: no update, no warning; the answer still fills the cache', async () => {
    const backend = controllable()
    const { unmount, seen, client } = setup(A, backend)
    await act(async () => undefined)
    const renders = seen.length
    unmount()
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    expect(seen.length).toBe(renders)
    expect(client.size).toBe(1)
  })

  test('a cached code is ready on the very first render', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const first = setup(A, backend, client)
    await act(async () => undefined)
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    const second = setup({ ...A }, backend, client)
    expect(second.seen[0]).toMatchObject({ status: 'ready', dataUrl: dataUrlOf(PNG_A) })
    expect(backend.calls).toHaveLength(1)
    first.unmount()
    second.unmount()
  })

  test('an invalid request is an invalid_request error without a backend call', async () => {
    const backend = controllable()
    const { result } = setup({ scene: '商品42' }, backend)
    await act(async () => undefined)
    expect(result.current.status).toBe('error')
    expect(result.current.error).toMatchObject({ code: 'invalid_request', field: 'scene' })
    expect(backend.calls).toHaveLength(0)
  })

  test('errors show, are not cached, and refresh retries past the cache', async () => {
    const backend = controllable()
    const { result } = setup(A, backend)
    await act(async () => undefined)
    await act(async () => backend.calls[0].reject(new MiniCodeError('timeout', 'slow')))
    expect(result.current).toMatchObject({ status: 'error', error: { code: 'timeout' }, dataUrl: null })
    const refresh = result.current.refresh
    let done!: Promise<void>
    act(() => {
      done = result.current.refresh()
    })
    expect(result.current.status).toBe('loading')
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(2)
    await act(async () => {
      backend.calls[1].resolve(png(PNG_B))
      await done
    })
    expect(result.current).toMatchObject({ status: 'ready', dataUrl: dataUrlOf(PNG_B) })
    expect(result.current.refresh).toBe(refresh) // stable identity
    // A refresh of a ready code refetches (bypassing the cache) and keeps it on screen meanwhile.
    act(() => void result.current.refresh())
    expect(result.current).toMatchObject({ status: 'loading', dataUrl: dataUrlOf(PNG_B) })
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(3)
    await act(async () => backend.calls[2].resolve(png(PNG_A)))
    expect(result.current.dataUrl).toBe(dataUrlOf(PNG_A))
  })
})

test('StrictMode double effects make exactly one backend call', async () => {
  let calls = 0
  const backend: CodeBackend = {
    name: 'counting',
    fetchCode: async () => {
      calls += 1
      return png(PNG_A)
    },
  }
  const { result } = renderHook(() => useMiniCode(A, { backend, client: new CodeClient() }), {
    wrapper: ({ children }) => <StrictMode>{children}</StrictMode>,
  })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(calls).toBe(1)
})
