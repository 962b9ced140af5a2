// Issue #14 item 5: on Android, createImage for a src loaded before sometimes fires neither onload
// nor onerror. A silent URL load is retried once with a cache-busting query, inside its timeout.
import { cacheBusted, createImageLoader } from '../load-images'
import type { ImageOp } from '../draw-ops'
import type { PosterCanvas, PosterCanvasPort } from '../render-poster'

// A port whose loads answer as each URL says: 'ok' at once, 'silent' never, 'fail' at once.
function portFor(answer: (url: string, attempt: number) => 'ok' | 'silent' | 'fail') {
  const calls: string[] = []
  const port = {
    userDataPath: '',
    loadImage: (source: { kind: string; url?: string }) => {
      const url = source.url ?? ''
      calls.push(url)
      const what = answer(url, calls.length)
      if (what === 'ok') return Promise.resolve({ width: 1, height: 1, url } as never)
      if (what === 'fail') return Promise.reject({ errMsg: `createImage:fail ${url}` })
      return new Promise(() => undefined)
    },
  } as unknown as PosterCanvasPort
  return { port, calls }
}

const op = (src: string, fallbackSrc?: string) =>
  ({ element: 0, source: { kind: 'src', src, fallbackSrc } }) as unknown as ImageOp
const loader = (port: PosterCanvasPort, signal?: { aborted: boolean }) =>
  createImageLoader({ port, canvas: {} as PosterCanvas, imageTimeout: 400, signal })

test('a silent load is retried once with a cache-busting query, before the timeout', async () => {
  const { port, calls } = portFor((_url, attempt) => (attempt === 1 ? 'silent' : 'ok'))
  const started = Date.now()
  const image = (await loader(port).load(op('https://cdn.example.com/a.png'))) as unknown as { url: string }
  expect(Date.now() - started).toBeLessThan(400)
  expect(calls).toHaveLength(2)
  expect(calls[0]).toBe('https://cdn.example.com/a.png')
  expect(calls[1]).toMatch(/^https:\/\/cdn\.example\.com\/a\.png\?_mcretry=[a-z0-9]+$/)
  expect(image.url).toBe(calls[1])
})

test('a load that answers in time is not retried, success or failure (then the fallbackSrc)', async () => {
  const ok = portFor(() => 'ok')
  await loader(ok.port).load(op('https://cdn.example.com/a.png'))
  expect(ok.calls).toHaveLength(1)

  const failing = portFor((url) => (url.includes('fallback') ? 'ok' : 'fail'))
  await loader(failing.port).load(op('https://cdn.example.com/a.png', 'https://cdn.example.com/fallback.png'))
  expect(failing.calls).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/fallback.png'])
})

test('silent twice: the timeout, then the fallbackSrc', async () => {
  const { port, calls } = portFor((url) => (url.includes('fallback') ? 'ok' : 'silent'))
  await loader(port).load(op('https://cdn.example.com/a.png', 'https://cdn.example.com/fallback.png'))
  expect(calls.filter((u) => u.includes('/a.png'))).toHaveLength(2)
  expect(calls[calls.length - 1]).toBe('https://cdn.example.com/fallback.png')
})

test('both tries fail: image_load_failed at the field', async () => {
  const { port } = portFor((_url, attempt) => (attempt === 1 ? 'silent' : 'fail'))
  await expect(loader(port).load(op('https://cdn.example.com/a.png'))).rejects.toMatchObject({
    code: 'image_load_failed',
    field: 'elements[0].src',
  })
})

test('a render stopped before the grace period ends starts no retry', async () => {
  const { port, calls } = portFor(() => 'silent')
  const signal = { aborted: false }
  const loading = loader(port, signal).load(op('https://cdn.example.com/a.png'))
  signal.aborted = true
  await expect(loading).rejects.toMatchObject({ code: 'image_load_failed' })
  expect(calls).toEqual(['https://cdn.example.com/a.png'])
})

test('data URLs and local files are not retried: no query can bust them', async () => {
  const { port, calls } = portFor(() => 'silent')
  const png =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
  await expect(loader(port).load(op(png))).rejects.toMatchObject({ code: 'image_load_failed' })
  expect(calls).toHaveLength(1)
})

test('cacheBusted keeps the query and the fragment', () => {
  expect(cacheBusted('https://a.example/x.png?v=1#top')).toMatch(
    /^https:\/\/a\.example\/x\.png\?v=1&_mcretry=\w+#top$/,
  )
  expect(cacheBusted('https://a.example/x.png')).toMatch(/^https:\/\/a\.example\/x\.png\?_mcretry=\w+$/)
})
