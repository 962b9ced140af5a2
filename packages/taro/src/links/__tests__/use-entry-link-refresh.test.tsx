import { act, renderHook } from '@testing-library/react'
import type { EntryLink, LinkRequest } from '@minicode/core'
import { useEntryLink } from '../use-entry-link'

// The timer alone is under test here (fake timers); use-entry-link.test.tsx asks a real server.
const MINUTE = 60_000
const DAY = 86_400_000

/** A backend whose every answer is a new link living `lifeMs` from the (fake) clock. */
function linkMaker(lifeMs: number) {
  const asked: LinkRequest[] = []
  return {
    asked,
    backend: {
      name: 'fake',
      link: async (request: LinkRequest): Promise<EntryLink> => {
        asked.push(request)
        return {
          kind: request.kind,
          link: `https://wxaurl.cn/n${asked.length}`,
          expiresAt: Date.now() + lifeMs,
        }
      },
    },
  }
}

const request: LinkRequest = { kind: 'urllink', path: 'pages/item/index', query: 'id=1' }

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

/** Lets the fake backend's promise settle and React apply it. */
const settle = () => act(async () => undefined)

test('useEntryLink asks again shortly before the link expires, and again for the new one', async () => {
  const { asked, backend } = linkMaker(60 * MINUTE)
  const { result } = renderHook(() => useEntryLink(request, { backend, refreshMarginMs: 5 * MINUTE }))
  await settle()
  expect(result.current.link).toBe('https://wxaurl.cn/n1')
  await act(async () => jest.advanceTimersByTime(55 * MINUTE - 1))
  expect(asked).toHaveLength(1)
  await act(async () => jest.advanceTimersByTime(1))
  await settle()
  // The old link stays shown while the new one is asked for, then the new one replaces it.
  expect(asked).toHaveLength(2)
  expect(result.current).toMatchObject({ link: 'https://wxaurl.cn/n2', status: 'ready' })
  await act(async () => jest.advanceTimersByTime(55 * MINUTE))
  await settle()
  expect(result.current.link).toBe('https://wxaurl.cn/n3')
})

test('a 30-day link waits past setTimeout limit without asking early', async () => {
  const { asked, backend } = linkMaker(30 * DAY)
  const timers = jest.spyOn(globalThis, 'setTimeout')
  const { result } = renderHook(() => useEntryLink(request, { backend }))
  await settle()
  // 24.8 days is setTimeout's limit: a plain timer would have fired at once.
  await act(async () => jest.advanceTimersByTime(30 * DAY - 5 * MINUTE - 1))
  expect(asked).toHaveLength(1)
  await act(async () => jest.advanceTimersByTime(1))
  await settle()
  expect(asked).toHaveLength(2)
  expect(result.current.link).toBe('https://wxaurl.cn/n2')
  // Fake timers wait any delay; real ones fire at once past 2^31 - 1 ms, so none may ask for more.
  const delays = timers.mock.calls.map(([, ms]) => ms ?? 0)
  expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1)
  timers.mockRestore()
})

test('the refresh timer is cleared on unmount and on a new request; permanent links never refresh', async () => {
  const { asked, backend } = linkMaker(60 * MINUTE)
  const { rerender, unmount } = renderHook(
    (props: { request: LinkRequest }) => useEntryLink(props.request, { backend }),
    { initialProps: { request } },
  )
  await settle()
  await act(async () => jest.advanceTimersByTime(30 * MINUTE))
  rerender({ request: { ...request, query: 'id=2' } })
  await settle()
  expect(asked).toHaveLength(2)
  // The first link's timer (due at 55 minutes) is gone: only the new link's, at 30 + 55 minutes.
  await act(async () => jest.advanceTimersByTime(54 * MINUTE))
  await settle()
  expect(asked).toHaveLength(2)
  await act(async () => jest.advanceTimersByTime(MINUTE))
  await settle()
  expect(asked.map((r) => (r as { query?: string }).query)).toEqual(['id=1', 'id=2', 'id=2'])
  unmount()
  expect(jest.getTimerCount()).toBe(0)

  const permanent = {
    asked: [] as LinkRequest[],
    link: async (r: LinkRequest): Promise<EntryLink> => {
      permanent.asked.push(r)
      return { kind: 'shortlink', link: '#小程序://示例/abc', expiresAt: null }
    },
  }
  renderHook(() => useEntryLink({ kind: 'shortlink', pageUrl: 'pages/item/index' }, { backend: permanent }))
  await settle()
  expect(jest.getTimerCount()).toBe(0)
  expect(permanent.asked).toHaveLength(1)
})
