import { act, renderHook } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { bytesToBase64, shareImage } from '@minicode/core'
import { createAlbumSim, type AlbumSimOptions } from '@minicode/core/testing'
import { createWxPlatform } from '../../platform/wx-platform'
import { useShareImage } from '../use-share-image'

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1])
const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`

function setup(options: AlbumSimOptions = {}) {
  const sim = createAlbumSim(options)
  const view = renderHook(() => useShareImage({ platform: sim, entrancePath: 'pages/index/index?id=42' }))
  return { sim, ...view }
}

test('shared: the menu got the written file, which is removed after', async () => {
  const { sim, result } = setup()
  expect(result.current.status).toBe('idle')
  await act(() => result.current.share(dataUrl))
  expect(result.current).toMatchObject({ status: 'shared', error: null })
  expect(sim.ledger.shared).toEqual([
    { filePath: sim.ledger.written[0], entrancePath: 'pages/index/index?id=42' },
  ])
  expect(sim.ledger.leftovers()).toEqual([])
})

test.each([
  ['the user closes the menu', { shareMenu: 'cancel' } as AlbumSimOptions, 'cancelled'],
  ['base library below 2.14.3', { shareMenu: 'missing' } as AlbumSimOptions, 'unsupported'],
  ['Douyin', { platform: 'tt' } as AlbumSimOptions, 'unsupported'],
  [
    'the menu fails',
    { fail: { showShareImageMenu: { errMsg: 'showShareImageMenu:fail' } } } as AlbumSimOptions,
    'failed',
  ],
])('%s: %s', async (_name, options, status) => {
  const { sim, result } = setup(options)
  await act(() => result.current.share(dataUrl).catch(() => undefined))
  expect(result.current.status).toBe(status)
  expect(result.current.error).not.toBeNull()
  expect(sim.ledger.leftovers()).toEqual([])
})

test('unmounting aborts the open menu; the file is still removed', async () => {
  const { sim, result, unmount } = setup()
  sim.hold('showShareImageMenu')
  let sharing!: Promise<void>
  act(() => {
    sharing = result.current.share(dataUrl)
  })
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  })
  expect(result.current.status).toBe('sharing')
  unmount()
  await expect(sharing).rejects.toMatchObject({ code: 'cancelled' })
  await sim.release()
  expect(sim.ledger.leftovers()).toEqual([])
})

describe("the weapp port's showShareImageMenu", () => {
  const taro = Taro as unknown as Record<string, unknown>
  afterEach(() => {
    delete taro.showShareImageMenu
  })

  test('passes path and entrancePath to Taro.showShareImageMenu', async () => {
    const show = jest.fn(async () => ({ errMsg: 'showShareImageMenu:ok' }))
    taro.showShareImageMenu = show
    await createWxPlatform('weapp').showShareImageMenu!('wxfile://tmp_a.png', 'pages/index/index')
    expect(show).toHaveBeenCalledWith({ path: 'wxfile://tmp_a.png', entrancePath: 'pages/index/index' })
  })

  test('missing on an old base library and on QQ: shareImage says unsupported', async () => {
    expect(createWxPlatform('weapp').showShareImageMenu).toBeUndefined()
    taro.showShareImageMenu = jest.fn()
    expect(createWxPlatform('qq').showShareImageMenu).toBeUndefined()
    delete taro.showShareImageMenu
    await expect(
      shareImage('wxfile://tmp_a.png', { platform: createWxPlatform('weapp') }),
    ).rejects.toMatchObject({
      code: 'unsupported',
    })
  })
})
