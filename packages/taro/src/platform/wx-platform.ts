import type { AlbumPort } from '@minicode/core'
import { fsCall, mini, tempFileUrl, writeFile } from './mini-api'

const nothing = () => undefined
const settings = (res: { authSetting?: Record<string, boolean | undefined> } | undefined) => ({
  authSetting: res?.authSetting || {},
})

/**
 * The album port of the WeChat family — weapp, qq, jd — over Taro's wx-style APIs: getSetting /
 * authorize / openSetting, downloadFile, FileSystemManager writeFile / unlink under
 * `Taro.env.USER_DATA_PATH`, saveImageToPhotosAlbum, and `Taro.cloud.getTempFileURL` for cloud fileIDs.
 * Every failure rejects with the platform's raw error object; core classifies it.
 */
export function createWxPlatform(name = 'weapp'): AlbumPort {
  return {
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
}
