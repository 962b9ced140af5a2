import { render } from '@testing-library/react'
import { OpenSettingButton } from '../open-setting-button'

function openSetting(container: HTMLElement, authSetting: Record<string, boolean>) {
  const button = container.querySelector('taro-button-core')!
  expect(button).toBeTruthy()
  button.dispatchEvent(new CustomEvent('opensetting', { detail: { errMsg: 'openSetting:ok', authSetting } }))
}

test.each([
  ['WeChat granted', { 'scope.writePhotosAlbum': true }, 'granted'],
  ['WeChat still off', { 'scope.writePhotosAlbum': false, 'scope.userLocation': true }, 'denied'],
  ['Douyin granted', { 'scope.album': true }, 'granted'],
  ['Alipay granted', { album: true }, 'granted'],
  ['nothing reported', {}, 'denied'],
])('%s -> %s', (_name, authSetting, outcome) => {
  const onGranted = jest.fn()
  const onDenied = jest.fn()
  const { container } = render(
    <OpenSettingButton onGranted={onGranted} onDenied={onDenied}>
      去设置
    </OpenSettingButton>,
  )
  openSetting(container, authSetting)
  expect(onGranted).toHaveBeenCalledTimes(outcome === 'granted' ? 1 : 0)
  expect(onDenied).toHaveBeenCalledTimes(outcome === 'denied' ? 1 : 0)
})

test('renders a Button with openType="openSetting" and its label', () => {
  const { container } = render(<OpenSettingButton className="x">开启相册权限</OpenSettingButton>)
  const button = container.querySelector('taro-button-core') as HTMLElement & { openType?: string }
  expect(button.textContent).toContain('开启相册权限')
  expect(button.getAttribute('open-type') ?? button.openType).toBe('openSetting')
})
