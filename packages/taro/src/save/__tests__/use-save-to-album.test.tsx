import { StrictMode, type ReactNode } from 'react'
import { act, render, renderHook } from '@testing-library/react'
import { bytesToBase64, type AlbumPort } from '@minicode/core'
import { createAlbumSim, type AlbumSimOptions } from '@minicode/core/testing'
import { SavePreview } from '../save-preview'
import { useSaveToAlbum } from '../use-save-to-album'

const PNG = new Uint8Array([
  137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
])
const dataUrl = `data:image/png;base64,${bytesToBase64(PNG)}`
const flush = () =>
  act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  })

function setup(simOptions: AlbumSimOptions, wrapper?: (props: { children: ReactNode }) => JSX.Element) {
  const sim = createAlbumSim(simOptions)
  const seen: string[] = []
  const view = renderHook(
    (props: { platform: AlbumPort }) => {
      const album = useSaveToAlbum({ platform: props.platform, fileName: 'poster' })
      if (seen[seen.length - 1] !== album.status) seen.push(album.status)
      return album
    },
    { initialProps: { platform: sim as AlbumPort }, wrapper },
  )
  return { sim, seen, ...view }
}

test.each([
  ['granted', { permission: 'granted' } as AlbumSimOptions],
  ['never asked, user allows', { permission: 'never-asked', answer: 'allow' } as AlbumSimOptions],
])('%s: idle -> authorizing -> preparing -> saving -> saved, nothing left behind', async (_name, options) => {
  const { sim, seen, result } = setup(options)
  // Stop the flow at each step to see the status a user would see there.
  sim.hold('getSetting')
  sim.hold('writeFile')
  sim.hold('saveImage')
  let save!: Promise<{ filePath: string }>
  act(() => {
    save = result.current.save(dataUrl)
  })
  await flush()
  expect(result.current.status).toBe('authorizing')
  await act(() => sim.release('getSetting'))
  expect(result.current.status).toBe('preparing')
  await act(() => sim.release('writeFile'))
  expect(result.current.status).toBe('saving')
  await act(() => sim.release('saveImage'))
  const { filePath } = await save
  await flush()
  expect(seen).toEqual(['idle', 'authorizing', 'preparing', 'saving', 'saved'])
  expect(result.current.error).toBeNull()
  expect(sim.ledger.album).toEqual([filePath])
  expect(sim.ledger.leftovers()).toEqual([])
})

test('refused before: denied at once; openSettings() grants and goes back to idle; the next save works', async () => {
  const { sim, result } = setup({ permission: 'refused', settingsAnswer: 'grant' })
  await act(async () => {
    await expect(result.current.save(dataUrl)).rejects.toMatchObject({ code: 'auth_denied' })
  })
  expect(result.current.status).toBe('denied')
  expect(result.current.error?.code).toBe('auth_denied')
  expect(sim.calls.some((c) => c.method === 'authorize')).toBe(false)

  let granted: boolean | undefined
  await act(async () => {
    granted = await result.current.openSettings()
  })
  expect(granted).toBe(true)
  expect(result.current.status).toBe('idle')
  await act(async () => {
    await result.current.save(dataUrl)
  })
  expect(result.current.status).toBe('saved')
})

test('openSettings() resolves false when the user leaves it off; status stays denied', async () => {
  const { result } = setup({ permission: 'refused', settingsAnswer: 'keep' })
  await act(async () => {
    await result.current.save(dataUrl).catch(() => undefined)
  })
  let granted: boolean | undefined
  await act(async () => {
    granted = await result.current.openSettings()
  })
  expect(granted).toBe(false)
  expect(result.current.status).toBe('denied')
})

test.each([
  ['deny', 'denied', 'auth_denied'],
  ['no-response', 'denied', 'auth_denied'],
  ['cancel', 'failed', 'cancelled'],
] as const)('popup answered %s -> %s (%s)', async (answer, status, code) => {
  const { sim, result } = setup({ permission: 'never-asked', answer })
  sim.hold('authorize')
  let save!: Promise<unknown>
  act(() => {
    save = result.current.save(PNG).catch(() => undefined)
  })
  await flush()
  expect(result.current.status).toBe('authorizing')
  await act(async () => {
    await sim.release()
    await save
  })
  expect(result.current.status).toBe(status)
  expect(sim.ledger.written).toEqual([])
  expect(result.current.error?.code).toBe(code)
})

test('failures: privacy, storage, download status -> failed with the code', async () => {
  const cases: Array<[AlbumSimOptions, string | Uint8Array, string]> = [
    [{ permission: 'never-asked', privacy: 'not-declared' }, PNG, 'privacy_not_declared'],
    [{ permission: 'granted', privacy: 'refused' }, PNG, 'privacy_refused'],
    [{ permission: 'granted', quotaBytes: 10 }, PNG, 'storage_full'],
    [
      { permission: 'granted', downloads: { 'https://x.example.com/a.png': 404 } },
      'https://x.example.com/a.png',
      'download_failed',
    ],
    [{ permission: 'granted' }, 'nonsense', 'invalid_source'],
  ]
  for (const [options, source, code] of cases) {
    const { sim, result, unmount } = setup(options)
    await act(async () => {
      await result.current.save(source).catch(() => undefined)
    })
    expect(result.current.status).toBe('failed')
    expect(result.current.error?.code).toBe(code)
    expect(sim.ledger.leftovers()).toEqual([])
    unmount()
  }
})

test('a save while one runs is busy and leaves the running one alone', async () => {
  const { sim, result } = setup({ permission: 'granted' })
  sim.hold('saveImage')
  let first!: Promise<unknown>
  act(() => {
    first = result.current.save(dataUrl)
  })
  await flush()
  expect(result.current.status).toBe('saving')
  await act(async () => {
    await expect(result.current.save(dataUrl)).rejects.toMatchObject({ code: 'busy' })
  })
  expect(result.current.status).toBe('saving')
  await act(async () => {
    await sim.release()
    await first
  })
  expect(result.current.status).toBe('saved')
  expect(sim.calls.filter((c) => c.method === 'writeFile')).toHaveLength(1)
})

test('unmount mid-save: no state update, and the written file is still removed', async () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    const { sim, result, unmount } = setup({ permission: 'granted' })
    sim.hold('saveImage')
    let save!: Promise<unknown>
    act(() => {
      save = result.current.save(dataUrl)
    })
    await flush()
    const statusAtUnmount = result.current.status
    unmount()
    await expect(save).rejects.toMatchObject({ code: 'cancelled' })
    await sim.release()
    await flush()
    expect(result.current.status).toBe(statusAtUnmount)
    expect(sim.ledger.written).toHaveLength(1)
    expect(sim.ledger.leftovers()).toEqual([])
    expect(errors).not.toHaveBeenCalled()
  } finally {
    errors.mockRestore()
  }
})

test('reset() aborts a running save and goes back to idle; the late result changes nothing', async () => {
  const { sim, result } = setup({ permission: 'granted' })
  sim.hold('saveImage')
  let save!: Promise<unknown>
  act(() => {
    save = result.current.save(dataUrl).catch((e) => e)
  })
  await flush()
  act(() => result.current.reset())
  expect(result.current.status).toBe('idle')
  await act(async () => {
    await sim.release()
    await save
  })
  expect(result.current.status).toBe('idle')
  expect(sim.ledger.leftovers()).toEqual([])
})

test('works the same under StrictMode (double effects)', async () => {
  const { sim, result } = setup({ permission: 'never-asked' }, ({ children }) => (
    <StrictMode>{children}</StrictMode>
  ))
  await act(async () => {
    await result.current.save(PNG)
  })
  expect(result.current.status).toBe('saved')
  expect(sim.ledger.leftovers()).toEqual([])
})

test('two hooks on one platform: the second is busy and keeps its own status', async () => {
  const sim = createAlbumSim({ permission: 'granted' })
  const a = renderHook(() => useSaveToAlbum({ platform: sim }))
  const b = renderHook(() => useSaveToAlbum({ platform: sim }))
  sim.hold('saveImage')
  let first!: Promise<unknown>
  act(() => {
    first = a.result.current.save(dataUrl)
  })
  await flush()
  await act(async () => {
    await expect(b.result.current.save(dataUrl)).rejects.toMatchObject({ code: 'busy' })
  })
  expect(b.result.current.status).toBe('idle')
  await act(async () => {
    await sim.release()
    await first
  })
  expect(a.result.current.status).toBe('saved')
})

describe('on H5 the status says what happened', () => {
  const WECHAT_ANDROID =
    'Mozilla/5.0 (Linux; Android 7.1.1; MI 6 Build/NMF26X; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/57.0.2987.132 MQQBrowser/6.2 TBS/043807 Mobile Safari/537.36 MicroMessenger/6.6.1.1220(0x26060135) NetType/4G Language/zh_CN'

  test('WeChat: preview with its URL, which <SavePreview> shows with the long-press hint', async () => {
    const { sim, seen, result } = setup({ platform: 'h5', userAgent: WECHAT_ANDROID })
    await act(() => result.current.save(dataUrl))
    expect(seen[seen.length - 1]).toBe('preview')
    expect(result.current.previewUrl).toMatch(/^blob:/)
    expect(sim.ledger.album).toEqual([])
    const view = render(<SavePreview src={result.current.previewUrl!} onClose={result.current.reset} />)
    expect(view.container.querySelector('img')?.getAttribute('src') ?? view.container.innerHTML).toContain(
      result.current.previewUrl!,
    )
    expect(view.getByText('长按图片保存到相册')).toBeTruthy()
  })

  test('desktop: downloaded, no preview URL', async () => {
    const { result } = setup({ platform: 'h5' })
    await act(() => result.current.save(dataUrl))
    expect(result.current.status).toBe('downloaded')
    expect(result.current.previewUrl).toBeNull()
  })
})
