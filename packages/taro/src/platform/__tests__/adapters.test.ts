import Taro from '@tarojs/taro'
import { ALBUM_SCOPE, bytesToBase64, saveToAlbum } from '@minicode/core'
import { createAlbumSim, type AlbumSim, type AlbumSimOptions } from '@minicode/core/testing'
import { createTaroPlatform } from '../create-taro-platform'

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
])
type Api = Record<string, unknown>
const api = Taro as unknown as Api
const saved: Record<string, unknown> = {}

/**
 * Stands Taro's mini-program API up on the shared simulator, the way each host shapes it: promise APIs
 * rejecting with the raw error object, a callback-style FileSystemManager, `env.USER_DATA_PATH`, and the
 * host's own names for the album permission (Douyin `scope.album`, Alipay `album`).
 */
function installHost(sim: AlbumSim, scopeName: string) {
  const toHost = (auth: Record<string, boolean | undefined>) =>
    auth[ALBUM_SCOPE] === undefined ? {} : { [scopeName]: auth[ALBUM_SCOPE] }
  const fake: Api = {
    env: { USER_DATA_PATH: sim.userDataPath },
    getSetting: jest.fn(() =>
      sim.getSetting().then((r) => ({ errMsg: 'getSetting:ok', authSetting: toHost(r.authSetting) })),
    ),
    openSetting: jest.fn(() =>
      sim.openSetting().then((r) => ({ errMsg: 'openSetting:ok', authSetting: toHost(r.authSetting) })),
    ),
    authorize: jest.fn(({ scope }: { scope: string }) =>
      sim.authorize(scope === scopeName ? ALBUM_SCOPE : scope),
    ),
    downloadFile: jest.fn(({ url }: { url: string }) => sim.downloadFile(url)),
    saveImageToPhotosAlbum: jest.fn(({ filePath }: { filePath: string }) => sim.saveImage(filePath)),
    getFileSystemManager: jest.fn(() => ({
      writeFile: (o: {
        filePath: string
        data: string | ArrayBuffer
        encoding?: string
        success(): void
        fail(e: unknown): void
      }) => {
        // Base64 text needs encoding 'base64'; an ArrayBuffer is written as it is.
        expect(o.encoding).toBe(typeof o.data === 'string' ? 'base64' : undefined)
        sim.writeFile(o.filePath, o.data).then(o.success, o.fail)
      },
      unlink: (o: { filePath: string; success(): void; fail(e: unknown): void }) =>
        sim.removeFile(o.filePath).then(o.success, o.fail),
    })),
    cloud: {
      getTempFileURL: jest.fn(({ fileList }: { fileList: string[] }) =>
        sim.resolveCloudFile!(fileList[0]).then(
          (tempFileURL) => ({ fileList: [{ fileID: fileList[0], tempFileURL, status: 0, errMsg: 'ok' }] }),
          (e: { errMsg: string }) => ({
            fileList: [{ fileID: fileList[0], tempFileURL: '', status: -503003, errMsg: e.errMsg }],
          }),
        ),
      ),
    },
  }
  for (const key of Object.keys(fake)) {
    if (!(key in saved)) saved[key] = api[key]
    api[key] = fake[key]
  }
  return fake
}

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) api[key] = value
})

describe.each([
  ['weapp', 'weapp', 'scope.writePhotosAlbum'],
  ['qq', 'qq', 'scope.writePhotosAlbum'],
  ['jd', 'jd', 'scope.writePhotosAlbum'],
  ['tt', 'tt', 'scope.album'],
] as const)('%s adapter', (env, simPlatform, scopeName) => {
  const run = (options: AlbumSimOptions, source: string | Uint8Array) => {
    const sim = createAlbumSim({ platform: simPlatform, ...options })
    const host = installHost(sim, scopeName)
    const platform = createTaroPlatform(env)
    return { sim, host, platform, result: saveToAlbum(source, { platform }) }
  }

  test('name, USER_DATA_PATH, a full save of bytes with cleanup', async () => {
    const { sim, host, platform, result } = run({ permission: 'never-asked' }, PNG)
    expect(platform.name).toBe(env)
    expect(platform.userDataPath).toBe(sim.userDataPath)
    const { filePath } = await result
    expect(filePath.startsWith(sim.userDataPath + '/')).toBe(true)
    expect(host.authorize).toHaveBeenCalledWith({ scope: scopeName })
    expect(sim.ledger.album).toEqual([filePath])
    expect(sim.ledger.leftovers()).toEqual([])
    // The bytes go to the host as base64 with encoding 'base64' (the port takes base64).
    expect(sim.calls.find((c) => c.method === 'writeFile')!.args[1]).toBe(bytesToBase64(PNG))
  })

  test('base64 text goes to the host as it is, with encoding base64', async () => {
    const { sim, result } = run({ permission: 'granted' }, `data:image/png;base64,${bytesToBase64(PNG)}`)
    await result
    expect(sim.calls.find((c) => c.method === 'writeFile')!.args[1]).toBe(bytesToBase64(PNG))
  })

  test('refused before (host scope name read): auth_denied, no authorize', async () => {
    const { host, result } = run({ permission: 'refused' }, PNG)
    await expect(result).rejects.toMatchObject({ code: 'auth_denied' })
    expect(host.authorize).not.toHaveBeenCalled()
  })

  test('raw host errors reach core unchanged: privacy, storage, status', async () => {
    await expect(
      run({ permission: 'never-asked', privacy: 'not-declared' }, PNG).result,
    ).rejects.toMatchObject({
      code: 'privacy_not_declared',
      errno: env === 'tt' ? 10202 : 112,
    })
    await expect(run({ permission: 'granted', quotaBytes: 4 }, PNG).result).rejects.toMatchObject({
      code: 'storage_full',
    })
    const url = 'https://cdn.example.com/x.png'
    await expect(run({ permission: 'granted', downloads: { [url]: 404 } }, url).result).rejects.toMatchObject(
      { code: 'download_failed', status: 404 },
    )
  })

  test('openSetting reports the album scope under the port name', async () => {
    const { platform, result } = run({ permission: 'refused', settingsAnswer: 'grant' }, PNG)
    await expect(result).rejects.toMatchObject({ code: 'auth_denied' })
    await expect(platform.openSetting()).resolves.toEqual({
      authSetting: expect.objectContaining({ [ALBUM_SCOPE]: true }),
    })
  })
})

test('weapp: cloud fileID through Taro.cloud.getTempFileURL, a per-file failure is download_failed', async () => {
  const sim = createAlbumSim({
    permission: 'granted',
    cloudFiles: { 'cloud://env/a.png': 'https://env.tcb.qcloud.la/a.png' },
  })
  installHost(sim, ALBUM_SCOPE)
  const platform = createTaroPlatform('weapp')
  await expect(saveToAlbum('cloud://env/a.png', { platform })).resolves.toHaveProperty('filePath')
  await expect(saveToAlbum('cloud://env/none.png', { platform })).rejects.toMatchObject({
    code: 'download_failed',
  })
  expect(sim.ledger.leftovers()).toEqual([])
})

test('alipay: the popup comes with the save (no authorize); album:false is asked again by the save', async () => {
  const sim = createAlbumSim({ platform: 'alipay', permission: 'never-asked', answer: 'allow' })
  const host = installHost(sim, 'album')
  const platform = createTaroPlatform('alipay')
  expect(platform.name).toBe('alipay')
  await expect(saveToAlbum(PNG, { platform })).resolves.toHaveProperty('filePath')
  expect(host.authorize).not.toHaveBeenCalled()
  // Bytes reach Alipay's writeFile as base64 too.
  expect(sim.calls.find((c) => c.method === 'writeFile')!.args[1]).toBe(bytesToBase64(PNG))

  // Refused with "don't ask again": the save itself fails with Alipay's 2002.
  const refused = createAlbumSim({ platform: 'alipay', permission: 'refused' })
  installHost(refused, 'album')
  await expect(platform.getSetting()).resolves.toEqual({ authSetting: { [ALBUM_SCOPE]: undefined } })
  await expect(saveToAlbum(PNG, { platform })).rejects.toMatchObject({ code: 'auth_denied', errno: 2002 })
  expect(refused.ledger.leftovers()).toEqual([])
})

test('alipay: a user cancel is cancelled', async () => {
  const sim = createAlbumSim({ platform: 'alipay', permission: 'never-asked', answer: 'cancel' })
  installHost(sim, 'album')
  await expect(saveToAlbum(PNG, { platform: createTaroPlatform('alipay') })).rejects.toMatchObject({
    code: 'cancelled',
  })
})

test('a host without getFileSystemManager: write_failed/unsupported, not a crash', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  installHost(sim, ALBUM_SCOPE)
  api.getFileSystemManager = () => {
    throw { errMsg: 'getFileSystemManager:fail not supported' }
  }
  await expect(saveToAlbum(PNG, { platform: createTaroPlatform('weapp') })).rejects.toMatchObject({
    code: 'unsupported',
  })
})
