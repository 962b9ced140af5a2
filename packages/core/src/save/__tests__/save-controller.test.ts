import { bytesToBase64 } from '../../encoding/base64'
import { createAlbumSim } from '../../testing'
import { SaveController } from '../save-controller'
import type { SaveState } from '../save-state'
import { saveToAlbum } from '../save-to-album'

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
])
const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

/** A controller on a fresh simulator, with every state its subscriber saw. */
function setup(options: Parameters<typeof createAlbumSim>[0] = {}) {
  const sim = createAlbumSim(options)
  const controller = new SaveController({ platform: sim, fileName: 'poster' })
  const seen: SaveState[] = []
  const unsubscribe = controller.subscribe(() => seen.push(controller.getSnapshot()))
  return { sim, controller, seen, unsubscribe }
}

test('a save moves idle -> authorizing -> preparing -> saving -> saved, one notification per change', async () => {
  const { sim, controller, seen } = setup({ permission: 'never-asked' })
  expect(controller.getSnapshot()).toEqual({ status: 'idle', error: null, filePath: null, previewUrl: null })
  const { filePath } = await controller.save(dataUrl)
  expect(seen.map((s) => s.status)).toEqual(['authorizing', 'preparing', 'saving', 'saved'])
  expect(controller.getSnapshot()).toEqual({ status: 'saved', error: null, filePath, previewUrl: null })
  expect(filePath).toMatch(/\/poster-[a-z0-9]+\.png$/)
  expect(sim.ledger.album).toEqual([filePath])
  expect(sim.ledger.leftovers()).toEqual([])
  // The snapshot is the same object until something changes (useSyncExternalStore relies on it).
  expect(controller.getSnapshot()).toBe(controller.getSnapshot())
})

test('refused before: denied at once; openSettings() grants, the state goes back to idle, the next save works', async () => {
  const { sim, controller } = setup({ permission: 'refused', settingsAnswer: 'grant' })
  await expect(controller.save(PNG)).rejects.toMatchObject({ code: 'auth_denied' })
  expect(controller.getSnapshot()).toMatchObject({ status: 'denied', error: { code: 'auth_denied' } })
  expect(sim.calls.some((c) => c.method === 'authorize')).toBe(false)
  await expect(controller.openSettings()).resolves.toBe(true)
  expect(controller.getSnapshot().status).toBe('idle')
  await controller.save(PNG)
  expect(controller.getSnapshot().status).toBe('saved')
})

test('openSettings() left off resolves false and keeps denied; its failure is classified', async () => {
  const { controller } = setup({ permission: 'refused', settingsAnswer: 'keep' })
  await controller.save(PNG).catch(() => undefined)
  await expect(controller.openSettings()).resolves.toBe(false)
  expect(controller.getSnapshot().status).toBe('denied')
  const failing = setup({
    fail: { openSetting: { errMsg: 'openSetting:fail can only be invoked by user TAP gesture.' } },
  })
  await expect(failing.controller.openSettings()).rejects.toMatchObject({ code: 'save_failed' })
})

test("a second save while one runs is 'busy' and changes nothing; the first ends as it would", async () => {
  const { sim, controller, seen } = setup({ permission: 'granted' })
  sim.hold('saveImage')
  const first = controller.save(dataUrl)
  await flush()
  const before = controller.getSnapshot()
  const notified = seen.length
  await expect(controller.save(dataUrl)).rejects.toMatchObject({ code: 'busy' })
  expect(controller.getSnapshot()).toBe(before)
  expect(seen).toHaveLength(notified)
  await sim.release()
  await first
  expect(controller.getSnapshot().status).toBe('saved')
  expect(sim.calls.filter((c) => c.method === 'writeFile')).toHaveLength(1)
})

test("another controller's save on the same platform: 'busy', and this one's state stays idle", async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  const a = new SaveController({ platform: sim })
  const b = new SaveController({ platform: sim })
  sim.hold('saveImage')
  const first = a.save(PNG)
  await flush()
  await expect(b.save(PNG)).rejects.toMatchObject({ code: 'busy' })
  expect(b.getSnapshot().status).toBe('idle')
  await sim.release()
  await first
  expect(a.getSnapshot().status).toBe('saved')
})

test('reset() aborts the running save: idle at once, the late result dropped, the file removed', async () => {
  const { sim, controller, seen } = setup({ permission: 'granted' })
  sim.hold('saveImage')
  const save = controller.save(dataUrl).catch((e: unknown) => e)
  await flush()
  controller.reset()
  expect(controller.getSnapshot().status).toBe('idle')
  await expect(save).resolves.toMatchObject({ code: 'cancelled' })
  const notified = seen.length
  await sim.release()
  await flush()
  expect(controller.getSnapshot().status).toBe('idle')
  expect(seen).toHaveLength(notified)
  // The album call was already running (no platform can take it back); the file is removed after it.
  expect(sim.ledger.leftovers()).toEqual([])
  expect(sim.ledger.removed).toEqual(sim.ledger.written)
})

test('the last subscriber leaving (an unmount) aborts the running save and leaves the state as it was', async () => {
  const { sim, controller, unsubscribe } = setup({ permission: 'granted' })
  sim.hold('saveImage')
  const save = controller.save(dataUrl)
  await flush()
  const atUnmount = controller.getSnapshot()
  expect(atUnmount.status).toBe('saving')
  unsubscribe()
  await expect(save).rejects.toMatchObject({ code: 'cancelled' })
  await sim.release()
  await flush()
  expect(controller.getSnapshot()).toBe(atUnmount)
  expect(sim.ledger.written).toHaveLength(1)
  expect(sim.ledger.leftovers()).toEqual([])
  // Subscribed again (StrictMode's second mount), it saves as before.
  controller.subscribe(() => undefined)
  await controller.save(dataUrl)
  expect(controller.getSnapshot().status).toBe('saved')
})

test('one subscriber of two leaving aborts nothing', async () => {
  const { sim, controller, unsubscribe } = setup({ permission: 'granted' })
  controller.subscribe(() => undefined)
  sim.hold('saveImage')
  const save = controller.save(PNG)
  await flush()
  unsubscribe()
  await sim.release()
  await expect(save).resolves.toMatchObject({ filePath: expect.any(String) })
  expect(controller.getSnapshot().status).toBe('saved')
})

test('the platform is read when a save starts: a function is called then, and setOptions applies to the next save', async () => {
  const first = createAlbumSim({ permission: 'granted' })
  const second = createAlbumSim({ permission: 'granted', platform: 'tt' })
  let current = first
  const getPlatform = jest.fn(() => current)
  const controller = new SaveController({ platform: getPlatform })
  expect(getPlatform).not.toHaveBeenCalled()
  await controller.save(PNG)
  expect(first.ledger.album).toHaveLength(1)
  current = second
  controller.setOptions({ platform: getPlatform, fileName: 'next' })
  const { filePath } = await controller.save(PNG)
  expect(filePath).toMatch(/^ttfile:\/\/user\/next-/)
  expect(second.ledger.album).toEqual([filePath])
})

test('failures end as failed with the typed error; the next save clears it', async () => {
  const { controller } = setup({ permission: 'granted', quotaBytes: 10 })
  await expect(controller.save(PNG)).rejects.toMatchObject({ code: 'storage_full' })
  expect(controller.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'storage_full' } })
  controller.setOptions({ platform: createAlbumSim({ permission: 'granted' }) })
  await controller.save(PNG)
  expect(controller.getSnapshot()).toMatchObject({ status: 'saved', error: null })
})

describe('with fake timers', () => {
  beforeEach(() => jest.useFakeTimers())
  afterEach(() => jest.useRealTimers())

  test('a removal that never answers: the save still settles, 2 s after it ended', async () => {
    const sim = createAlbumSim({ permission: 'granted' })
    sim.hold('removeFile')
    let settled = false
    const save = saveToAlbum(PNG, { platform: sim }).then((r) => {
      settled = true
      return r
    })
    await jest.advanceTimersByTimeAsync(1999)
    expect(settled).toBe(false)
    expect(sim.waiting('removeFile')).toBe(1)
    await jest.advanceTimersByTimeAsync(1)
    await expect(save).resolves.toMatchObject({ filePath: expect.any(String) })
    await sim.release()
    expect(sim.ledger.leftovers()).toEqual([])
  })

  test('after an abort the save settles at once; a file that shows up later is still removed', async () => {
    const sim = createAlbumSim({ permission: 'granted' })
    sim.hold('writeFile')
    const controller = new AbortController()
    const save = saveToAlbum(PNG, { platform: sim, signal: controller.signal }).catch((e: unknown) => e)
    await jest.advanceTimersByTimeAsync(0)
    controller.abort()
    await expect(save).resolves.toMatchObject({ code: 'cancelled' })
    expect(sim.ledger.written).toEqual([])
    await sim.release()
    await jest.advanceTimersByTimeAsync(0)
    expect(sim.ledger.written).toHaveLength(1)
    expect(sim.ledger.leftovers()).toEqual([])
  })
})
