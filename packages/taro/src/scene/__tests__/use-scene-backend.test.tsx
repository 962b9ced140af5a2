import { act, renderHook, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { MiniCodeError, type SceneBackend, type SceneData } from '@minicode/core'
import { useScene } from '../use-scene'

const taro = Taro as unknown as Record<string, unknown>
const PAGE = 'pages/index/index'
const ID_A = '~' + 'A'.repeat(31)
const ID_B = '~' + 'B'.repeat(31)
let router: { path: string; params: Record<string, string | undefined> }
let enter: { path: string; query: Record<string, string> } | undefined
let onShow: Array<() => void>

beforeEach(() => {
  router = { path: `/${PAGE}`, params: {} }
  enter = undefined
  onShow = []
  // The page hooks a mini-program host provides (as in use-scene.test.tsx).
  taro.useRouter = () => router
  taro.useDidShow = (callback: () => void) => {
    onShow.push(callback)
  }
  jest.spyOn(Taro, 'getCurrentInstance').mockImplementation(() => ({ router }) as never)
  taro.getEnterOptionsSync = () => enter
})

afterEach(() => {
  jest.restoreAllMocks()
  delete taro.getEnterOptionsSync
  delete taro.useRouter
  delete taro.useDidShow
})

type Call = { id: string; signal?: AbortSignal; answer(data: SceneData | Error): void }

/**
 * A scene port whose answers the test releases one by one, recording each lookup and its signal
 * (the port contract resolveScene drives; the HTTP one is tested against a real server).
 */
function controlledBackendFor(calls: Call[]): SceneBackend {
  return {
    scene: (id, ctx) =>
      new Promise((resolve, reject) => {
        calls.push({ id, signal: ctx?.signal, answer: (d) => (d instanceof Error ? reject(d) : resolve(d)) })
      }),
  }
}

function controlledBackend() {
  const calls: Call[] = []
  return { backend: controlledBackendFor(calls), calls }
}

test('an ordinary scene is ready at once with its params, without a lookup', () => {
  const { backend, calls } = controlledBackend()
  router.params = { scene: 'id%3D42' }
  const { result } = renderHook(() => useScene({ backend }))
  expect(result.current).toEqual({ raw: 'id=42', params: { id: '42' }, status: 'ready' })
  expect(calls).toHaveLength(0)
})

test('an id scene: loading, then its data; a backend re-created each render does not refetch', async () => {
  const { calls } = controlledBackend()
  router.params = { scene: encodeURIComponent(ID_A) }
  // A new backend object on every render, as an inline httpBackend({...}) would be.
  const { result, rerender } = renderHook(() => useScene({ backend: controlledBackendFor(calls) }))
  expect(result.current).toEqual({ raw: ID_A, params: {}, id: ID_A, status: 'loading' })
  rerender()
  expect(calls).toHaveLength(1)
  await act(async () => calls[0]!.answer({ sku: 'A-1' }))
  expect(result.current).toEqual({ raw: ID_A, params: {}, id: ID_A, data: { sku: 'A-1' }, status: 'ready' })
})

test('a second scan while the first lookup is pending: the first is aborted and its answer dropped', async () => {
  const { backend, calls } = controlledBackend()
  router.params = { scene: ID_A }
  enter = { path: PAGE, query: { scene: ID_A } }
  const { result } = renderHook(() => useScene({ backend }))
  enter = { path: PAGE, query: { scene: ID_B } }
  act(() => onShow[onShow.length - 1]!())
  expect(calls.map((c) => c.id)).toEqual([ID_A, ID_B])
  expect(calls[0]!.signal?.aborted).toBe(true)
  await act(async () => calls[0]!.answer({ which: 'A' }))
  expect(result.current.status).toBe('loading')
  await act(async () => calls[1]!.answer({ which: 'B' }))
  expect(result.current).toMatchObject({ id: ID_B, data: { which: 'B' }, status: 'ready' })
})

test("an unknown id: status 'error' with the backend's not_found", async () => {
  const { backend, calls } = controlledBackend()
  router.params = { scene: ID_A }
  const { result } = renderHook(() => useScene({ backend }))
  await act(async () => calls[0]!.answer(new MiniCodeError('not_found', 'no such scene')))
  await waitFor(() => expect(result.current.status).toBe('error'))
  expect(result.current.error).toMatchObject({ code: 'not_found' })
  expect(result.current.data).toBeUndefined()
})

test('without a backend, useScene is what it was: { raw, params }, an id scene unresolved', () => {
  router.params = { scene: ID_A }
  const { result } = renderHook(() => useScene())
  expect(result.current).toEqual({ raw: ID_A, params: {} })
})
