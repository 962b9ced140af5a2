import { ALBUM_SCOPE, type AlbumPort } from '@minicode/core'
import { mini } from './mini-api'
import { createWxPlatform } from './wx-platform'

// Douyin names the album permission scope.album.
const TT_SCOPE = 'scope.album'

/**
 * The album port of Douyin (tt): the wx-style APIs, with Douyin's `scope.album` translated to
 * ALBUM_SCOPE and `ttfile://user` as the user data path. Its raw errors keep their `errNo` (10201/10202
 * privacy, 21103/21104 storage), which core reads.
 */
export function createTtPlatform(): AlbumPort {
  const wx = createWxPlatform('tt')
  const toPort = (authSetting: Record<string, boolean | undefined>) => ({
    authSetting: { ...authSetting, [ALBUM_SCOPE]: authSetting[TT_SCOPE] ?? authSetting[ALBUM_SCOPE] },
  })
  return {
    ...wx,
    name: 'tt',
    get userDataPath() {
      return mini().env?.USER_DATA_PATH ?? 'ttfile://user'
    },
    getSetting: () => wx.getSetting().then((res) => toPort(res.authSetting)),
    openSetting: () => wx.openSetting().then((res) => toPort(res.authSetting)),
    authorize: (scope) => wx.authorize(scope === ALBUM_SCOPE ? TT_SCOPE : scope),
    resolveCloudFile: undefined,
  }
}
