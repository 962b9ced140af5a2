import type { CodeBackend } from '../backend'
import { CodeClient, CodeObserver, reduceCodeState } from '..'
import { MiniCodeError } from '../../errors'
import type { CodeImage, CodeRequest } from '../../types'

// A real 1x1 PNG and a real JPEG header: sniffing must accept them.
const PNG = new Uint8Array(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  ),
)
const JPEG = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
])

interface Deferred {
  request: CodeRequest
  signal?: AbortSignal
  resolve(image: CodeImage): void
  reject(error: unknown): void
}

/** A backend whose every call waits until the test settles it. */
function controllable(name = 'fake'): CodeBackend & { calls: Deferred[] } {
  const calls: Deferred[] = []
  return {
    name,
    calls,
    fetchCode(request, ctx) {
      return new Promise<CodeImage>((resolve, reject) => {
        calls.push({ request, signal: ctx.signal, resolve, reject })
      })
    },
  }
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0))
const A: CodeRequest = { scene: 'id=1', page: 'pages/item/item' }
const B: CodeRequest = { scene: 'id=2', page: 'pages/item/item' }

describe('CodeClient', () => {
  test('identical requests share one in-flight fetch, then hit the cache', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const p1 = client.fetch(backend, A)
    // Same request, different key order and object: same key.
    const p2 = client.fetch(backend, { page: 'pages/item/item', scene: 'id=1' })
    await flush()
    expect(backend.calls).toHaveLength(1)
    backend.calls[0].resolve({ mime: 'image/png', bytes: PNG })
    const [r1, r2] = await Promise.all([p1, p2])
    expect(r1).toBe(r2)
    expect(r1.mime).toBe('image/png')
    expect(r1.dataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true)
    await expect(client.fetch(backend, { ...A })).resolves.toBe(r1)
    expect(backend.calls).toHaveLength(1)
  })

  test('the cache key includes the backend name', async () => {
    const one = controllable('one')
    const two = controllable('two')
    const client = new CodeClient()
    void client.fetch(one, A)
    void client.fetch(two, A)
    await flush()
    expect(one.calls).toHaveLength(1)
    expect(two.calls).toHaveLength(1)
  })

  test('mime comes from the bytes, not the label', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const p = client.fetch(backend, A)
    await flush()
    backend.calls[0].resolve({ mime: 'image/jpeg', bytes: PNG }) // WeChat's is_hyaline lie
    expect((await p).mime).toBe('image/png')
  })

  test('errors are not cached', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const p1 = client.fetch(backend, A)
    await flush()
    backend.calls[0].reject(new MiniCodeError('timeout', 'slow'))
    await expect(p1).rejects.toMatchObject({ code: 'timeout' })
    const p2 = client.fetch(backend, A)
    await flush()
    expect(backend.calls).toHaveLength(2)
    backend.calls[1].resolve({ mime: 'image/jpeg', bytes: JPEG })
    await expect(p2).resolves.toMatchObject({ mime: 'image/jpeg' })
  })

  test('LRU: the least recently used image goes first', async () => {
    let calls = 0
    const backend: CodeBackend = {
      name: 'counting',
      fetchCode: async () => {
        calls += 1
        return { mime: 'image/png', bytes: PNG }
      },
    }
    const client = new CodeClient({ maxEntries: 2 })
    await client.fetch(backend, A)
    await client.fetch(backend, B)
    await client.fetch(backend, A) // touch A: B is now the oldest
    expect(calls).toBe(2)
    await client.fetch(backend, { scene: 'id=3' })
    expect(client.size).toBe(2)
    await client.fetch(backend, A)
    expect(calls).toBe(3)
    await client.fetch(backend, B)
    expect(calls).toBe(4)
  })

  test('an invalid request is invalid_request and never reaches the backend', async () => {
    const backend = controllable()
    const client = new CodeClient()
    await expect(client.fetch(backend, { scene: '商品42' })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'scene',
    })
    expect(backend.calls).toHaveLength(0)
  })

  test('bytes that are no image are not_an_image; a foreign error becomes a MiniCodeError with its cause', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const p1 = client.fetch(backend, A)
    const p2 = client.fetch(backend, B)
    await flush()
    backend.calls[0].resolve({ mime: 'image/png', bytes: new TextEncoder().encode('<html>oops</html>') })
    const boom = new TypeError('socket hang up')
    backend.calls[1].reject(boom)
    await expect(p1).rejects.toMatchObject({ name: 'MiniCodeError', code: 'not_an_image' })
    await expect(p2).rejects.toMatchObject({ name: 'MiniCodeError', code: 'network', cause: boom })
  })

  test('the shared fetch is aborted only when every caller has stopped waiting', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const c1 = new AbortController()
    const c2 = new AbortController()
    const p1 = client.fetch(backend, A, { signal: c1.signal })
    const p2 = client.fetch(backend, A, { signal: c2.signal })
    await flush()
    const { signal } = backend.calls[0]
    c1.abort()
    await expect(p1).rejects.toMatchObject({ code: 'cancelled' })
    expect(signal?.aborted).toBe(false)
    c2.abort()
    await expect(p2).rejects.toMatchObject({ code: 'cancelled' })
    expect(signal?.aborted).toBe(true)
    // The aborted fetch is not joined by the next caller.
    const p3 = client.fetch(backend, A)
    await flush()
    expect(backend.calls).toHaveLength(2)
    backend.calls[1].resolve({ mime: 'image/png', bytes: PNG })
    await expect(p3).resolves.toMatchObject({ mime: 'image/png' })
  })

  test('an already aborted signal rejects at once without a fetch', async () => {
    const backend = controllable()
    const c = new AbortController()
    c.abort()
    await expect(new CodeClient().fetch(backend, A, { signal: c.signal })).rejects.toMatchObject({
      code: 'cancelled',
    })
    await flush()
    expect(backend.calls).toHaveLength(0)
  })

  test('force skips the cache', async () => {
    let n = 0
    const backend: CodeBackend = {
      name: 'n',
      fetchCode: async () => ({ mime: 'image/png', bytes: (n++, PNG) }),
    }
    const client = new CodeClient()
    await client.fetch(backend, A)
    await client.fetch(backend, A, { force: true })
    expect(n).toBe(2)
  })
})

describe('reduceCodeState', () => {
  const result = { mime: 'image/png' as const, bytes: PNG, dataUrl: 'data:image/png;base64,x' }
  test('loading for a new key drops the old image; loading for the same key keeps it', () => {
    const ready = reduceCodeState(reduceCodeState({} as never, { type: 'idle' }), {
      type: 'success',
      key: 'k',
      result,
    })
    expect(reduceCodeState(ready, { type: 'fetch', key: 'k' })).toMatchObject({
      status: 'loading',
      dataUrl: result.dataUrl,
    })
    expect(reduceCodeState(ready, { type: 'fetch', key: 'other' })).toMatchObject({
      status: 'loading',
      dataUrl: null,
      key: 'other',
    })
    const failed = reduceCodeState(ready, {
      type: 'error',
      key: 'k',
      error: new MiniCodeError('timeout', 't'),
    })
    expect(failed).toMatchObject({ status: 'error', dataUrl: null, mime: null })
  })
})

describe('CodeObserver', () => {
  test('idle -> loading -> ready, a new snapshot object only on change', async () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    const seen: string[] = []
    observer.subscribe(() => seen.push(observer.getSnapshot().status))
    expect(observer.getSnapshot().status).toBe('idle')
    observer.setRequest(A, backend)
    const loading = observer.getSnapshot()
    expect(loading.status).toBe('loading')
    expect(observer.getSnapshot()).toBe(loading)
    observer.setRequest({ ...A }, backend) // same key: nothing happens
    await flush()
    expect(backend.calls).toHaveLength(1)
    backend.calls[0].resolve({ mime: 'image/png', bytes: PNG })
    await flush()
    expect(observer.getSnapshot()).toMatchObject({ status: 'ready', mime: 'image/png', error: null })
    expect(observer.getSnapshot().dataUrl).toMatch(/^data:image\/png;base64,/)
    expect(seen).toEqual(['loading', 'ready'])
    observer.setRequest(null, backend)
    expect(observer.getSnapshot()).toMatchObject({ status: 'idle', dataUrl: null })
  })

  test('race: A slow then B fast — A never shows (fake timers)', async () => {
    jest.useFakeTimers()
    try {
      const delays: Record<string, number> = { 'id=1': 300, 'id=2': 10 }
      const backend: CodeBackend = {
        name: 'timed',
        fetchCode: (req) =>
          new Promise((resolve) =>
            setTimeout(
              () =>
                resolve({
                  mime: req.scene === 'id=1' ? 'image/jpeg' : 'image/png',
                  bytes: req.scene === 'id=1' ? JPEG : PNG,
                }),
              delays[req.scene!],
            ),
          ),
      }
      const observer = new CodeObserver(new CodeClient())
      const states: string[] = []
      observer.subscribe(() => states.push(`${observer.getSnapshot().status}:${observer.getSnapshot().mime}`))
      observer.setRequest(A, backend)
      await jest.advanceTimersByTimeAsync(1)
      observer.setRequest(B, backend)
      await jest.advanceTimersByTimeAsync(20)
      expect(observer.getSnapshot()).toMatchObject({ status: 'ready', mime: 'image/png' })
      await jest.advanceTimersByTimeAsync(500)
      expect(observer.getSnapshot()).toMatchObject({ status: 'ready', mime: 'image/png' })
      expect(states).toEqual(['loading:null', 'loading:null', 'ready:image/png'])
    } finally {
      jest.useRealTimers()
    }
  })

  test('an invalid request is an error state, with no backend call', () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    observer.setRequest({ kind: 'unlimited', scene: 'a%20b' }, backend)
    expect(observer.getSnapshot().status).toBe('error')
    expect(observer.getSnapshot().error).toMatchObject({ code: 'invalid_request', field: 'scene' })
    expect(backend.calls).toHaveLength(0)
  })

  test('a cached request is ready at once, without a loading step', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const p = client.fetch(backend, A)
    await flush()
    backend.calls[0].resolve({ mime: 'image/png', bytes: PNG })
    await p
    const observer = new CodeObserver(client)
    const optimistic = observer.getResultFor({ ...A }, backend)
    expect(optimistic.status).toBe('ready')
    expect(observer.getResultFor({ ...A }, backend)).toBe(optimistic)
    const listener = jest.fn()
    observer.subscribe(listener)
    observer.setRequest(A, backend)
    expect(observer.getSnapshot()).toMatchObject({ status: 'ready', dataUrl: optimistic.dataUrl })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(backend.calls).toHaveLength(1)
  })

  test('getResultFor predicts idle, invalid and loading the way setRequest will', () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    expect(observer.getResultFor(null, backend).status).toBe('idle')
    expect(observer.getResultFor({ scene: '' }, backend).status).toBe('error')
    const loading = observer.getResultFor(A, backend)
    expect(loading.status).toBe('loading')
    observer.setRequest(A, backend)
    expect(observer.getSnapshot().key).toBe(loading.key)
  })

  test('refresh refetches past the cache and keeps the code on screen meanwhile; errors then retry', async () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    observer.setRequest(A, backend)
    await flush()
    backend.calls[0].resolve({ mime: 'image/png', bytes: PNG })
    await flush()
    const shown = observer.getSnapshot().dataUrl
    const done = observer.refresh()
    expect(observer.getSnapshot()).toMatchObject({ status: 'loading', dataUrl: shown })
    await flush()
    expect(backend.calls).toHaveLength(2)
    backend.calls[1].reject(new MiniCodeError('http_status', 'bad gateway', { status: 502 }))
    await done
    expect(observer.getSnapshot()).toMatchObject({
      status: 'error',
      dataUrl: null,
      error: { code: 'http_status', status: 502 },
    })
    const retry = observer.refresh()
    await flush()
    backend.calls[2].resolve({ mime: 'image/jpeg', bytes: JPEG })
    await retry
    expect(observer.getSnapshot()).toMatchObject({ status: 'ready', mime: 'image/jpeg' })
  })

  test('refresh with no request or an invalid one calls nothing', async () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    await observer.refresh()
    observer.setRequest({ scene: '' }, backend)
    await observer.refresh()
    expect(backend.calls).toHaveLength(0)
    expect(observer.getSnapshot().status).toBe('error')
  })

  test('after detach a late result is dropped and nobody is notified', async () => {
    const backend = controllable()
    const observer = new CodeObserver(new CodeClient())
    observer.setRequest(A, backend)
    const listener = jest.fn()
    observer.subscribe(listener)
    observer.detach()
    await flush()
    backend.calls[0].resolve({ mime: 'image/png', bytes: PNG })
    await flush()
    expect(listener).not.toHaveBeenCalled()
    expect(observer.getSnapshot().status).toBe('loading')
    // Re-attaching (StrictMode's second effect) finds the fetched code in the cache.
    observer.setRequest(A, backend)
    expect(observer.getSnapshot().status).toBe('ready')
    expect(backend.calls).toHaveLength(1)
  })

  test('a failure of the shared fetch reaches every observer', async () => {
    const backend = controllable()
    const client = new CodeClient()
    const o1 = new CodeObserver(client)
    const o2 = new CodeObserver(client)
    o1.setRequest(A, backend)
    o2.setRequest({ ...A }, backend)
    await flush()
    expect(backend.calls).toHaveLength(1)
    backend.calls[0].reject(new MiniCodeError('wechat_error', 'bad', { errcode: 41030 }))
    await flush()
    expect(o1.getSnapshot().error).toMatchObject({ code: 'wechat_error', errcode: 41030 })
    expect(o2.getSnapshot().error).toBe(o1.getSnapshot().error)
  })
})
