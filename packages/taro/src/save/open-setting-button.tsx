import { Button } from '@tarojs/components'
import type { ButtonProps } from '@tarojs/components'
import type { ReactNode } from 'react'
import { ALBUM_SCOPE } from '@minicode/core'

export interface OpenSettingButtonProps extends Omit<ButtonProps, 'openType' | 'onOpenSetting' | 'children'> {
  /** The user turned saving to the album on. */
  onGranted?: () => void
  /** The user left the settings page with it still off. */
  onDenied?: () => void
  children?: ReactNode
}

/**
 * A Button with `openType="openSetting"` for the 'denied' state of `useSaveToAlbum`: it opens the
 * settings page where the user can turn "保存到相册" back on. WeChat opens that page only from a tap
 * (a Button like this one, or `openSettings()` inside a tap handler) — never call it from an effect.
 * Reads the album permission from the event (`scope.writePhotosAlbum`; Douyin `scope.album`, Alipay `album`).
 *
 * @example {album.status === 'denied' && <OpenSettingButton onGranted={album.reset}>去设置开启相册权限</OpenSettingButton>}
 */
export function OpenSettingButton({ onGranted, onDenied, children, ...rest }: OpenSettingButtonProps) {
  const onOpenSetting = (event: { detail?: { authSetting?: Record<string, boolean | undefined> } }) => {
    const auth = event?.detail?.authSetting ?? {}
    const granted = (auth[ALBUM_SCOPE] ?? auth['scope.album'] ?? auth.album) === true
    if (granted) onGranted?.()
    else onDenied?.()
  }
  return (
    <Button {...rest} openType="openSetting" onOpenSetting={onOpenSetting}>
      {children ?? '去设置'}
    </Button>
  )
}
