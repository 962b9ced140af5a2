import { bytesToBase64 } from '../../encoding/base64'
import { createAlbumSim } from '../../testing'
import { saveToAlbum } from '../save-to-album'

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
])
const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`
const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

test('invalid source: rejected before any platform call', async () => {
  const sim = createAlbumSim()
  await expect(saveToAlbum('not a source', { platform: sim })).rejects.toMatchObject({
    code: 'invalid_source',
  })
  await expect(saveToAlbum(undefined as never, { platform: sim })).rejects.toMatchObject({
    code: 'invalid_source',
  })
  expect(sim.calls).toEqual([])
})

test('missing platform is a typed error, not a TypeError', async () => {
  await expect(saveToAlbum(dataUrl, undefined as never)).rejects.toMatchObject({
    code: 'invalid_request',
    field: 'platform',
  })
})

test('bytes are written once, under USER_DATA_PATH, without whitespace, then removed', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  const { filePath } = await saveToAlbum(
    `data:image/png;base64,${bytesToBase64(PNG).replace(/(.{8})/g, '$1\r\n')}`,
    { platform: sim, fileName: '海报 42.png' },
  )
  expect(filePath).toMatch(/^wxfile:\/\/usr\/海报_42-[a-z0-9]+\.png$/)
  const write = sim.calls.find((c) => c.method === 'writeFile')!
  expect(write.args).toEqual([filePath, bytesToBase64(PNG)])
  expect(sim.ledger.album).toEqual([filePath])
  expect(sim.ledger.removed).toEqual([filePath])
})

test('bytes are written as the base64 of exactly those bytes (the port contract), then removed', async () => {
  const sim = createAlbumSim({ permission: 'granted', platform: 'tt' })
  const big = new Uint8Array(PNG.length + 5)
  big.set(PNG, 5)
  const { filePath } = await saveToAlbum(big.subarray(5), { platform: sim })
  const [path, data] = sim.calls.find((c) => c.method === 'writeFile')!.args as [string, string]
  expect(path).toBe(filePath)
  expect(data).toBe(bytesToBase64(PNG))
  expect(sim.ledger.album).toEqual([filePath])
  expect(sim.ledger.leftovers()).toEqual([])
})

test('the simulator, like the hosts, takes base64 text or an ArrayBuffer and counts the bytes against the quota', async () => {
  const sim = createAlbumSim({ platform: 'tt', quotaBytes: PNG.length })
  const path = `${sim.userDataPath}/a.png`
  await sim.writeFile(path, PNG.slice().buffer)
  expect(sim.ledger.files.get(path)).toBe(PNG.length)
  await sim.writeFile(path, bytesToBase64(PNG))
  expect(sim.ledger.files.get(path)).toBe(PNG.length)
  await expect(sim.writeFile(`${sim.userDataPath}/b.png`, new ArrayBuffer(1))).rejects.toMatchObject({
    errNo: 21103,
  })
  await expect(sim.writeFile(path, PNG as never)).rejects.toMatchObject({
    errMsg: 'writeFile:fail data is invalid',
    errNo: 20000,
  })
  await expect(sim.writeFile(path, 'data:image/png;base64,AAAA')).rejects.toMatchObject({
    errMsg: 'writeFile:fail base64 data invalid',
  })
})

test('two saves never collide on a file name', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  const names = new Set<string>()
  for (let i = 0; i < 20; i++) names.add((await saveToAlbum(PNG, { platform: sim })).filePath)
  expect(names.size).toBe(20)
})

test('a second save while one runs is busy, and the first still completes', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  sim.hold('saveImage')
  const first = saveToAlbum(dataUrl, { platform: sim })
  await flush()
  await expect(saveToAlbum(dataUrl, { platform: sim })).rejects.toMatchObject({ code: 'busy' })
  await sim.release('saveImage')
  await expect(first).resolves.toHaveProperty('filePath')
  // Free again once it ended.
  await expect(saveToAlbum(dataUrl, { platform: sim })).resolves.toHaveProperty('filePath')
  expect(sim.ledger.leftovers()).toEqual([])
})

test('abort while the album save runs: rejects at once, the file is removed after the platform is done with it', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  sim.hold('saveImage')
  const controller = new AbortController()
  const save = saveToAlbum(dataUrl, { platform: sim, signal: controller.signal })
  await flush()
  expect(sim.waiting('saveImage')).toBe(1)
  controller.abort()
  await expect(save).rejects.toMatchObject({ code: 'cancelled' })
  // Not removed under the platform's feet...
  expect(sim.ledger.leftovers()).toHaveLength(1)
  await sim.release('saveImage')
  await flush()
  // ...but once it is done.
  expect(sim.ledger.leftovers()).toEqual([])
})

test('abort during a download: the temp file that arrives late is removed', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  sim.hold('downloadFile')
  const controller = new AbortController()
  const save = saveToAlbum('https://cdn.example.com/a.png', { platform: sim, signal: controller.signal })
  await flush()
  controller.abort()
  await expect(save).rejects.toMatchObject({ code: 'cancelled' })
  await sim.release('downloadFile')
  await flush()
  expect(sim.ledger.written).toHaveLength(1)
  expect(sim.ledger.leftovers()).toEqual([])
  expect(sim.calls.some((c) => c.method === 'saveImage')).toBe(false)
})

test('abort while the popup is open: cancelled, nothing written', async () => {
  const sim = createAlbumSim()
  sim.hold('authorize')
  const controller = new AbortController()
  const save = saveToAlbum(PNG, { platform: sim, signal: controller.signal })
  await flush()
  controller.abort()
  await expect(save).rejects.toMatchObject({ code: 'cancelled' })
  await sim.release()
  await flush()
  expect(sim.ledger.written).toEqual([])
})

test('an already aborted signal: no platform call', async () => {
  const sim = createAlbumSim()
  const controller = new AbortController()
  controller.abort()
  await expect(saveToAlbum(PNG, { platform: sim, signal: controller.signal })).rejects.toMatchObject({
    code: 'cancelled',
  })
  expect(sim.calls).toEqual([])
})

test('a failing removal does not fail a successful save', async () => {
  const sim = createAlbumSim({ permission: 'granted', fail: { removeFile: { errMsg: 'unlink:fail busy' } } })
  await expect(saveToAlbum(PNG, { platform: sim })).resolves.toHaveProperty('filePath')
})

test('a hung removal does not keep the save from settling', async () => {
  jest.useFakeTimers()
  try {
    const sim = createAlbumSim({ permission: 'granted' })
    sim.hold('removeFile')
    const save = saveToAlbum(PNG, { platform: sim })
    await jest.advanceTimersByTimeAsync(2500)
    await expect(save).resolves.toHaveProperty('filePath')
  } finally {
    jest.useRealTimers()
  }
})

test('download status codes: non-2xx is download_failed with the status; the temp file is removed', async () => {
  for (const status of [301, 403, 404, 500, 502]) {
    const url = `https://cdn.example.com/${status}.png`
    const sim = createAlbumSim({ permission: 'granted', downloads: { [url]: status } })
    const error = await saveToAlbum(url, { platform: sim }).catch((e) => e)
    expect(error).toMatchObject({ code: 'download_failed', status, retryable: status >= 500 })
    expect(sim.ledger.leftovers()).toEqual([])
    expect(sim.ledger.album).toEqual([])
  }
})

test('cloud fileID: temp URL, then download; an unknown fileID is download_failed', async () => {
  const sim = createAlbumSim({
    permission: 'granted',
    cloudFiles: { 'cloud://env/a.png': 'https://env.tcb.qcloud.la/a.png' },
  })
  await saveToAlbum('cloud://env/a.png', { platform: sim })
  expect(sim.calls.find((c) => c.method === 'downloadFile')!.args).toEqual([
    'https://env.tcb.qcloud.la/a.png',
  ])
  await expect(saveToAlbum('cloud://env/missing.png', { platform: sim })).rejects.toMatchObject({
    code: 'download_failed',
  })
})

test('refused before: auth_denied at once, no authorize; granting in settings makes the next save work', async () => {
  const sim = createAlbumSim({ permission: 'refused' })
  await expect(saveToAlbum(PNG, { platform: sim })).rejects.toMatchObject({ code: 'auth_denied' })
  expect(sim.calls.map((c) => c.method)).toEqual(['getSetting'])
  await sim.openSetting()
  await expect(saveToAlbum(PNG, { platform: sim })).resolves.toHaveProperty('filePath')
})

test('a foreign local file is saved as it is and never removed', async () => {
  const path = 'wxfile://usr/user-made.png'
  const sim = createAlbumSim({ permission: 'granted', files: { [path]: 100 } })
  await expect(saveToAlbum(path, { platform: sim })).resolves.toEqual({ filePath: path, outcome: 'saved' })
  expect(sim.ledger.removed).toEqual([])
  expect(sim.calls.some((c) => c.method === 'removeFile')).toBe(false)
})
