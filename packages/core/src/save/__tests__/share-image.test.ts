import { bytesToBase64 } from '../../encoding/base64'
import { createAlbumSim, type AlbumSimOptions } from '../../testing'
import { shareImage } from '../share-image'

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1])
const b64 = bytesToBase64(PNG)
const LOCAL = 'wxfile://tmp_poster.png'

// Every source kind saving takes, and whether the flow makes (and so removes) its own file.
const SOURCES: Array<[string, unknown, boolean]> = [
  ['https URL', 'https://cdn.example.com/poster.png', true],
  ['cloud fileID', 'cloud://env-1/poster.png', true],
  ['data URL', `data:image/png;base64,${b64}`, true],
  ['raw base64', b64, true],
  ['bytes', PNG, true],
  ['ArrayBuffer', PNG.slice().buffer, true],
  ["local file (the app's own)", LOCAL, false],
]

function sim(options: AlbumSimOptions = {}) {
  return createAlbumSim({
    cloudFiles: { 'cloud://env-1/poster.png': 'https://tmp.example.com/poster.png' },
    files: { [LOCAL]: 100 },
    ...options,
  })
}

test.each(SOURCES)(
  '%s: the menu gets a local file, no album permission asked, nothing left',
  async (_name, source, owned) => {
    const platform = sim()
    const { filePath } = await shareImage(source as never, {
      platform,
      entrancePath: 'pages/item/index?id=42',
    })
    expect(platform.ledger.shared).toEqual([{ filePath, entrancePath: 'pages/item/index?id=42' }])
    expect(platform.calls.some((c) => c.method === 'getSetting' || c.method === 'authorize')).toBe(false)
    expect(platform.ledger.leftovers()).toEqual([])
    expect(platform.ledger.foreignRemoved()).toEqual([])
    expect(platform.ledger.written.includes(filePath)).toBe(owned)
    if (!owned) expect(platform.ledger.files.has(LOCAL)).toBe(true)
  },
)

test.each(SOURCES)(
  '%s: closing the menu is cancelled, and the file is still removed',
  async (_name, source) => {
    const platform = sim({ shareMenu: 'cancel' })
    const error = await shareImage(source as never, { platform }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'cancelled', cause: { errMsg: 'showShareImageMenu:fail cancel' } })
    expect(platform.ledger.shared).toEqual([])
    expect(platform.ledger.leftovers()).toEqual([])
  },
)

test('no menu (base library below 2.14.3, or another platform): unsupported, naming the version, before any call', async () => {
  for (const platform of [sim({ shareMenu: 'missing' }), sim({ platform: 'tt' }), sim({ platform: 'h5' })]) {
    const error = await shareImage(`data:image/png;base64,${b64}`, { platform }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'unsupported' })
    expect((error as Error).message).toContain('2.14.3')
    expect(platform.calls).toEqual([])
  }
})

test.each(['https://example.com/x', '', 'pages/item index', 'pages//index', '#/pages/index', 42])(
  'entrancePath %p is invalid_request on its field, before any call',
  async (entrancePath) => {
    const platform = sim()
    await expect(shareImage(LOCAL, { platform, entrancePath: entrancePath as never })).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'entrancePath',
    })
    expect(platform.calls).toEqual([])
  },
)

test.each(['pages/index/index', '/pages/item/index?id=42&from=poster', 'sub-pkg/item_page/index'])(
  'entrancePath %p is a page path',
  async (entrancePath) => {
    const platform = sim()
    await shareImage(LOCAL, { platform, entrancePath })
    expect(platform.ledger.shared).toEqual([{ filePath: LOCAL, entrancePath }])
  },
)

test("other failures are classified as saving's, and leave no file", async () => {
  const notFound = sim({ downloads: { 'https://cdn.example.com/gone.png': 404 } })
  await expect(shareImage('https://cdn.example.com/gone.png', { platform: notFound })).rejects.toMatchObject({
    code: 'download_failed',
    status: 404,
  })
  expect(notFound.ledger.leftovers()).toEqual([])

  const full = sim({ quotaBytes: 4 })
  await expect(shareImage(PNG, { platform: full })).rejects.toMatchObject({ code: 'storage_full' })
  expect(full.calls.some((c) => c.method === 'showShareImageMenu')).toBe(false)

  const broken = sim({ fail: { showShareImageMenu: { errMsg: 'showShareImageMenu:fail internal error' } } })
  await expect(shareImage(PNG, { platform: broken })).rejects.toMatchObject({ code: 'save_failed' })
  expect(broken.ledger.leftovers()).toEqual([])
})

test('bytes that are no image are invalid_source before any call', async () => {
  const platform = sim()
  await expect(shareImage('data:image/png;base64,PGh0bWw+PC9odG1sPg==', { platform })).rejects.toMatchObject({
    code: 'invalid_source',
  })
  expect(platform.calls).toEqual([])
})

test('one menu at a time per platform; an abort settles at once and still removes the file', async () => {
  const platform = sim()
  platform.hold('showShareImageMenu')
  const controller = new AbortController()
  const first = shareImage(PNG, { platform, signal: controller.signal })
  for (let i = 0; i < 20; i++) await Promise.resolve()
  await expect(shareImage(PNG, { platform })).rejects.toMatchObject({ code: 'busy' })
  controller.abort()
  await expect(first).rejects.toMatchObject({ code: 'cancelled' })
  await platform.release()
  for (let i = 0; i < 20; i++) await Promise.resolve()
  expect(platform.ledger.leftovers()).toEqual([])
})
