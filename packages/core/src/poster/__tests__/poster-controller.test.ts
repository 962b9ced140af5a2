import { MiniCodeError } from '../../errors'
import { PosterController, type DisposableCanvasPort } from '../poster-controller'
import type { PosterState } from '../poster-state'
import type { PosterSpec } from '../types'

/** A port whose image loads wait until the test lets them go, with a log of what it did. */
function fakePort(options: { failExport?: unknown } = {}) {
  const pending = new Map<string, Array<() => void>>()
  const log = { exports: 0, disposed: 0, loads: [] as string[] }
  // A 2D context that draws nothing: every method a no-op, text 8 px per character.
  const context = new Proxy({} as Record<string, unknown>, {
    get: (target, key: string) => {
      if (key in target) return target[key]
      if (key === 'measureText') return (s: string) => ({ width: s.length * 8 })
      return () => undefined
    },
    set: (target, key: string, value) => {
      target[key] = value
      return true
    },
  })
  const port: DisposableCanvasPort = {
    createCanvas: () => ({ canvas: {}, context: context as never }),
    loadImage: (source) => {
      const key = source.kind === 'url' ? source.url : source.kind
      log.loads.push(key)
      return new Promise((resolve) => {
        pending.set(key, [...(pending.get(key) ?? []), () => resolve({ width: 4, height: 4 })])
      })
    },
    exportCanvas: async () => {
      if (options.failExport) throw options.failExport
      log.exports++
      return { tempFilePath: `tmp://poster-${log.exports}.png` }
    },
    dispose: () => {
      log.disposed++
    },
  }
  /** Lets every waiting load of `url` finish. */
  const release = (url: string) => {
    pending.get(url)?.forEach((go) => go())
    pending.delete(url)
  }
  return { port, log, release }
}

const spec = (src: string): PosterSpec => ({
  width: 40,
  height: 20,
  elements: [{ type: 'image', id: 'picture', x: 0, y: 0, width: 20, height: 20, src }],
})

const settle = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve()
}

function setup(options: { failExport?: unknown } = {}) {
  const fake = fakePort(options)
  const onReady = jest.fn()
  const onError = jest.fn()
  const controller = new PosterController({ createPort: () => fake.port, onReady, onError, deviceRatio: 1 })
  const seen: PosterState[] = []
  const unsubscribe = controller.subscribe(() => seen.push(controller.getSnapshot()))
  return { ...fake, controller, onReady, onError, seen, unsubscribe }
}

test('a spec renders: idle -> rendering -> ready with the exported file; onReady once; the port disposed', async () => {
  const { controller, release, log, onReady, seen } = setup()
  expect(controller.getSnapshot().status).toBe('idle')
  controller.setSpec(spec('https://cdn.example.com/a.png'))
  expect(controller.getSnapshot().status).toBe('rendering')
  await settle()
  release('https://cdn.example.com/a.png')
  await settle()
  expect(seen.map((s) => s.status)).toEqual(['rendering', 'ready'])
  expect(controller.getSnapshot()).toEqual({
    status: 'ready',
    tempFilePath: 'tmp://poster-1.png',
    dataUrl: null,
    error: null,
  })
  expect(onReady).toHaveBeenCalledTimes(1)
  expect(onReady.mock.calls[0][0]).toMatchObject({
    tempFilePath: 'tmp://poster-1.png',
    width: 40,
    height: 20,
  })
  expect(log.disposed).toBe(1)
})

test('an equal spec in a new object renders nothing; a spec with new content renders again', async () => {
  const { controller, release, log } = setup()
  controller.setSpec(spec('https://cdn.example.com/a.png'))
  controller.setSpec(spec('https://cdn.example.com/a.png'))
  await settle()
  expect(log.loads).toEqual(['https://cdn.example.com/a.png'])
  controller.setSpec(spec('https://cdn.example.com/b.png'))
  await settle()
  expect(log.loads).toEqual(['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'])
  release('https://cdn.example.com/b.png')
  await settle()
  expect(controller.getSnapshot().status).toBe('ready')
})

test('a newer render wins: the older one, finishing later, neither exports nor changes the state', async () => {
  const { controller, release, log, onReady } = setup()
  controller.setSpec(spec('https://cdn.example.com/old.png'))
  await settle()
  controller.setSpec(spec('https://cdn.example.com/new.png'))
  await settle()
  release('https://cdn.example.com/new.png')
  await settle()
  const ready = controller.getSnapshot()
  expect(ready).toMatchObject({ status: 'ready', tempFilePath: 'tmp://poster-1.png' })
  release('https://cdn.example.com/old.png')
  await settle()
  expect(controller.getSnapshot()).toBe(ready)
  expect(log.exports).toBe(1)
  expect(onReady).toHaveBeenCalledTimes(1)
  // Both renders gave their port back.
  expect(log.disposed).toBe(2)
})

test('a null spec stops the running render and goes back to idle', async () => {
  const { controller, release, log, onReady } = setup()
  controller.setSpec(spec('https://cdn.example.com/a.png'))
  await settle()
  controller.setSpec(null)
  expect(controller.getSnapshot().status).toBe('idle')
  release('https://cdn.example.com/a.png')
  await settle()
  expect(controller.getSnapshot().status).toBe('idle')
  expect(log.exports).toBe(0)
  expect(onReady).not.toHaveBeenCalled()
  await expect(controller.render()).resolves.toBeNull()
})

test('the last subscriber leaving stops the render; subscribed again, the same spec renders again (StrictMode)', async () => {
  const { controller, release, log, onReady, onError, unsubscribe } = setup()
  const same = spec('https://cdn.example.com/a.png')
  controller.setSpec(same)
  await settle()
  const atUnmount = controller.getSnapshot()
  unsubscribe()
  release('https://cdn.example.com/a.png')
  await settle()
  // Stopped before it exported, and its 'cancelled' reported to nobody.
  expect(log.exports).toBe(0)
  expect(controller.getSnapshot()).toBe(atUnmount)
  expect(onReady).not.toHaveBeenCalled()
  expect(onError).not.toHaveBeenCalled()
  controller.subscribe(() => undefined)
  controller.setSpec(same)
  await settle()
  release('https://cdn.example.com/a.png')
  await settle()
  expect(controller.getSnapshot().status).toBe('ready')
  expect(onReady).toHaveBeenCalledTimes(1)
})

test('a failure is an error state with the typed error and onError; render() tries again', async () => {
  const failing = setup({ failExport: new MiniCodeError('canvas_unavailable', 'no export here') })
  failing.controller.setSpec(spec('https://cdn.example.com/a.png'))
  await settle()
  failing.release('https://cdn.example.com/a.png')
  await settle()
  expect(failing.controller.getSnapshot()).toMatchObject({
    status: 'error',
    error: { code: 'canvas_unavailable' },
  })
  expect(failing.onError).toHaveBeenCalledWith(failing.controller.getSnapshot().error)

  // Anything untyped the platform throws is 'canvas_unavailable' too, with the raw error as its cause.
  const raw = { errMsg: 'canvasToTempFilePath:fail' }
  const untyped = setup({ failExport: raw })
  untyped.controller.setSpec(spec('https://cdn.example.com/a.png'))
  await settle()
  untyped.release('https://cdn.example.com/a.png')
  await settle()
  expect(untyped.controller.getSnapshot().error).toMatchObject({ code: 'canvas_unavailable', cause: raw })
})

test('render() resolves the poster, or null when a newer render superseded it; it never rejects', async () => {
  const { controller, release, onError } = setup()
  controller.setSpec(spec('https://cdn.example.com/a.png'))
  await settle()
  const first = controller.render()
  const second = controller.render()
  await settle()
  release('https://cdn.example.com/a.png')
  await expect(first).resolves.toBeNull()
  await expect(second).resolves.toMatchObject({ tempFilePath: 'tmp://poster-1.png' })
  expect(onError).not.toHaveBeenCalled()
})

describe('with fake timers', () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  test('an image that never loads fails the render after imageTimeout, naming the element', async () => {
    const fake = fakePort()
    const controller = new PosterController({
      createPort: () => fake.port,
      imageTimeout: 500,
      deviceRatio: 1,
    })
    controller.subscribe(() => undefined)
    controller.setSpec(spec('https://cdn.example.com/never.png'))
    await jest.advanceTimersByTimeAsync(499)
    expect(controller.getSnapshot().status).toBe('rendering')
    await jest.advanceTimersByTimeAsync(1)
    expect(controller.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'image_load_failed', field: 'elements[0].src' },
    })
    expect(controller.getSnapshot().error?.message).toContain('picture')
  })
})
