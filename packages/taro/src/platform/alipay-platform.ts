import { ALBUM_SCOPE, type AlbumPort } from '@minicode/core'
import { mini } from './mini-api'
import { createWxPlatform } from './wx-platform'

/**
 * The album port of Alipay, as Taro exposes `my.*`: `my.getSetting` reports the album as `album`;
 * there is no authorize step for it — `my.saveImageToPhotosAlbum` shows the permission popup itself
 * and fails with `{ error: 2001 | 2002 | 2003 }` when refused. So a refused `album` is reported as
 * "never asked" (the save asks again, or fails with 2002, which core reads as 'auth_denied'), and
 * `authorize` resolves without doing anything. Raw `{ error, errorMessage }` errors pass through.
 */
export function createAlipayPlatform(): AlbumPort {
  const wx = createWxPlatform('alipay')
  // Granted stays granted; a refusal counts only when the user set it in the settings page.
  const toPort = (authSetting: Record<string, boolean | undefined>, fromSettings: boolean) => {
    const granted = authSetting.album === true
    return { authSetting: { [ALBUM_SCOPE]: granted || fromSettings ? authSetting.album : undefined } }
  }
  return {
    ...wx,
    name: 'alipay',
    get userDataPath() {
      return mini().env?.USER_DATA_PATH ?? 'https://usr'
    },
    getSetting: () => wx.getSetting().then((res) => toPort(res.authSetting, false)),
    openSetting: () => wx.openSetting().then((res) => toPort(res.authSetting, true)),
    authorize: () => Promise.resolve(),
    resolveCloudFile: undefined,
  }
}
