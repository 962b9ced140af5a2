import type { AlbumPort } from '@minicode/core'
import { fsCall, mini, tempFileUrl, writeFile } from './mini-api'

const nothing = () => undefined
const settings = (res: { authSetting?: Record<string, boolean | undefined> } | undefined) => ({
  authSetting: res?.authSetting || {},
})

/**
 * The album port of the WeChat family — weapp, qq, jd — over Taro's wx-style APIs: getSetting /
 * authorize / openSetting, downloadFile, FileSystemManager writeFile / unlink under
 * `Taro.env.USER_DATA_PATH`, saveImageToPhotosAlbum, `Taro.cloud.getTempFileURL` for cloud fileIDs,
 * and on weapp `showShareImageMenu` — present only where the host has it (base library 2.14.3+).
 * Every failure rejects with the platform's raw error object; core classifies it.
 */
export function createWxPlatform(name = 'weapp'): AlbumPort {
  const port: AlbumPort = {
    name,
    get userDataPath() {
      return mini().env?.USER_DATA_PATH || 'wxfile://usr'
    },
    getSetting: () => mini().getSetting().then(settings),
    authorize: (scope) => mini().authorize({ scope }).then(nothing),
    openSetting: () => mini().openSetting().then(settings),
    // Alipay reports no statusCode: a missing one is taken as a success.
    downloadFile: (url) =>
      mini()
        .downloadFile({ url })
        .then((res) => ({ tempFilePath: res.tempFilePath, statusCode: res.statusCode || 200 })),
    writeFile,
    removeFile: (filePath) => fsCall('unlink', { filePath }),
    saveImage: (filePath) => mini().saveImageToPhotosAlbum({ filePath }).then(nothing),
    resolveCloudFile: tempFileUrl,
  }
  // Read when shareImage asks: missing on QQ/JD and below base library 2.14.3, so it says 'unsupported'.
  Object.defineProperty(port, 'showShareImageMenu', {
    get() {
      const show = mini().showShareImageMenu
      if (name !== 'weapp' || typeof show !== 'function') return undefined
      return (path: string, entrancePath?: string) =>
        show.call(mini(), entrancePath === undefined ? { path } : { path, entrancePath }).then(nothing)
    },
  })
  return port
}
