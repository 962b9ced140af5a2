import { StrictMode } from 'react'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { CodeClient, MiniCodeError, type MiniCodeError as Err } from '@minicode/core'
import { MiniCode, type MiniCodeProps } from '../mini-code'
import { PNG_A, PNG_B, controllable, dataUrlOf, png } from './helpers'

const A = { scene: 'id=1', page: 'pages/item/item' }

describe.each([
  ['plain', false],
  ['StrictMode', true],
])('<MiniCode> (%s)', (_mode, strict) => {
  let errors: jest.SpyInstance
  beforeEach(() => {
    errors = jest.spyOn(console, 'error')
  })
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })

  const mount = (props: Partial<MiniCodeProps> & Pick<MiniCodeProps, 'backend'>) => {
    const all: MiniCodeProps = { request: A, client: new CodeClient(), ...props }
    const ui = (p: MiniCodeProps) =>
      strict ? (
        <StrictMode>
          <MiniCode {...p} />
        </StrictMode>
      ) : (
        <MiniCode {...p} />
      )
    const view = render(ui(all))
    return { ...view, rerender: (p: Partial<MiniCodeProps>) => view.rerender(ui({ ...all, ...p })) }
  }

  test('placeholder while loading, then an aspectFit Image with size, class, style and long-press menu', async () => {
    const backend = controllable()
    const onLoad = jest.fn()
    const { container } = mount({
      backend,
      size: 180,
      className: 'code',
      style: { margin: '4px' },
      showMenuByLongpress: true,
      onLoad,
      placeholder: <Text>loading…</Text>,
    })
    expect(screen.getByText('loading…')).toBeTruthy()
    expect(container.querySelector('.minicode--loading')).toBeTruthy()
    expect(container.querySelector('taro-image-core')).toBeNull()
    await act(async () => undefined)
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    const img = container.querySelector('taro-image-core') as HTMLElement & { src: string; mode: string }
    expect(img).toBeTruthy()
    expect(img.getAttribute('src')).toBe(dataUrlOf(PNG_A))
    expect(img.getAttribute('mode')).toBe('aspectFit')
    expect(img.getAttribute('show-menu-by-longpress')).toBe('true')
    expect(img.classList.contains('code')).toBe(true)
    expect(img.style.width).toBe('180px')
    expect(img.style.height).toBe('180px')
    expect(img.style.margin).toBe('4px')
    expect(screen.queryByText('loading…')).toBeNull()
    expect(onLoad).toHaveBeenCalledTimes(1)
    expect(onLoad).toHaveBeenCalledWith({ dataUrl: dataUrlOf(PNG_A), mime: 'image/png' })
  })

  test('error fallback; a tap retries; onError and onLoad once per outcome', async () => {
    const backend = controllable()
    const onLoad = jest.fn()
    const onError = jest.fn()
    const { container } = mount({ backend, onLoad, onError, size: 120, fallback: <Text>oops</Text> })
    await act(async () => undefined)
    await act(async () =>
      backend.calls[0].reject(new MiniCodeError('http_status', 'bad gateway', { status: 502 })),
    )
    expect(screen.getByText('oops')).toBeTruthy()
    const box = container.querySelector('.minicode--error') as HTMLElement
    expect(box.style.width).toBe('120px')
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0][0]).toMatchObject({ code: 'http_status', status: 502 })
    expect(onLoad).not.toHaveBeenCalled()

    fireEvent.click(box)
    expect(container.querySelector('.minicode--loading')).toBeTruthy()
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(2)
    await act(async () => backend.calls[1].resolve(png(PNG_B)))
    expect(container.querySelector('taro-image-core')?.getAttribute('src')).toBe(dataUrlOf(PNG_B))
    expect(onLoad).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test('the default fallback says to tap; a function fallback gets the error and retry', async () => {
    const backend = controllable()
    const { rerender } = mount({ backend })
    await act(async () => undefined)
    await act(async () => backend.calls[0].reject(new MiniCodeError('network', 'offline')))
    expect(screen.getByText(/Tap to retry/)).toBeTruthy()
    rerender({
      fallback: (error: Err, retry: () => void) => (
        <Text onClick={retry} data-testid="custom">
          {error.code}
        </Text>
      ),
    })
    expect(screen.getByTestId('custom').textContent).toBe('network')
    fireEvent.click(screen.getByTestId('custom'))
    await act(async () => undefined)
    expect(backend.calls).toHaveLength(2)
  })

  test('a cached code renders the Image at once and reports onLoad once', async () => {
    const client = new CodeClient()
    const backend = controllable()
    void client.fetch(backend, A)
    await act(async () => undefined)
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    const onLoad = jest.fn()
    const { container } = mount({ backend, client, onLoad })
    expect(container.querySelector('taro-image-core')).toBeTruthy()
    await act(async () => undefined)
    expect(onLoad).toHaveBeenCalledTimes(1)
    expect(backend.calls).toHaveLength(1)
  })

  test('an invalid request shows the fallback and reports invalid_request without a fetch', async () => {
    const backend = controllable()
    const onError = jest.fn()
    mount({ backend, request: { kind: 'unlimited', scene: 'a%b' }, onError })
    await act(async () => undefined)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0][0]).toMatchObject({ code: 'invalid_request', field: 'scene' })
    expect(backend.calls).toHaveLength(0)
  })

  test('null request renders an empty box; unmount mid-fetch is quiet', async () => {
    const backend = controllable()
    const { container, rerender, unmount } = mount({ backend, request: null, size: 90 })
    expect((container.querySelector('.minicode--idle') as HTMLElement).style.width).toBe('90px')
    rerender({ request: A })
    await act(async () => undefined)
    unmount()
    await act(async () => backend.calls[0].resolve(png(PNG_A)))
    expect(container.innerHTML).toBe('')
  })
})
