import { act, renderHook } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { useScene } from '../use-scene'

const taro = Taro as unknown as Record<string, unknown>
const PAGE = 'pages/index/index'
let router: { path: string; params: Record<string, string | undefined> }
let enter: { path: string; query: Record<string, string> } | undefined
let onShow: Array<() => void>

beforeEach(() => {
  router = { path: `/${PAGE}`, params: {} }
  enter = undefined
  onShow = []
  // Taro's page hooks come from the framework runtime inside a page (not in this jest shim): here
  // they are what a mini-program host does — the router of the page, the show callbacks it calls.
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

/** The host shows the page again: every useDidShow callback of the last render runs. */
function show() {
  act(() => onShow[onShow.length - 1]())
}

test('the scene that opened the page, URI-encoded as WeChat passes it, decoded once', () => {
  router.params = { scene: 'id%3D42%26from%3Dposter' }
  const { result } = renderHook(() => useScene())
  expect(result.current).toEqual({ raw: 'id=42&from=poster', params: { id: '42', from: 'poster' } })
})

test('a second scan with the page open: the new scene, not the first', () => {
  router.params = { scene: 'id%3D42' }
  enter = { path: PAGE, query: { scene: 'id%3D42' } }
  const { result } = renderHook(() => useScene())
  expect(result.current.params.id).toBe('42')
  const first = result.current

  // The user scans the code of product 43: WeChat shows the open page again with the new entry options.
  enter = { path: PAGE, query: { scene: 'id%3D43' } }
  show()
  expect(result.current).toEqual({ raw: 'id=43', params: { id: '43' } })

  // Shown again with nothing new (back from another page): the same object, so effects do not rerun.
  const second = result.current
  show()
  expect(result.current).toBe(second)
  expect(second).not.toBe(first)
})

test("an entry for another page is not this page's scene; the router's params are", () => {
  router.params = { scene: 'id%3D7' }
  enter = { path: 'pages/poster/index', query: { scene: 'id%3D99' } }
  const { result } = renderHook(() => useScene())
  expect(result.current.params.id).toBe('7')
  router.params = { scene: 'id%3D8' }
  show()
  expect(result.current.params.id).toBe('8')
})

test('no scene (opened from the menu, or H5 without getEnterOptionsSync): empty', () => {
  delete taro.getEnterOptionsSync
  const { result } = renderHook(() => useScene())
  expect(result.current).toEqual({ raw: '', params: {} })
})
