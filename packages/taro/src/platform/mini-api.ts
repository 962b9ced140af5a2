import Taro from '@tarojs/taro'

type AuthSetting = Record<string, boolean | undefined>

/** The part of Taro's mini-program API the album adapters use, typed once (Taro's overloads are heavy). */
export interface MiniApi {
  env?: { USER_DATA_PATH?: string }
  getSetting(): Promise<{ authSetting?: AuthSetting }>
  authorize(option: { scope: string }): Promise<unknown>
  openSetting(): Promise<{ authSetting?: AuthSetting }>
  downloadFile(option: { url: string }): Promise<{ tempFilePath: string; statusCode?: number }>
  getFileSystemManager(): {
    writeFile(option: {
      filePath: string
      data: string | ArrayBuffer
      encoding?: 'base64'
      success(): void
      fail(err: unknown): void
    }): void
    unlink(option: { filePath: string; success(): void; fail(err: unknown): void }): void
  }
  saveImageToPhotosAlbum(option: { filePath: string }): Promise<unknown>
  /** WeChat base library 2.14.3+ only. */
  showShareImageMenu?(option: { path: string; entrancePath?: string }): Promise<unknown>
  cloud?: {
    getTempFileURL(option: { fileList: string[] }): Promise<{
      fileList?: Array<{ fileID?: string; tempFileURL?: string; status?: number; errMsg?: string }>
    }>
  }
}

/** Taro, read at call time (so a test can replace a method). */
export function mini(): MiniApi {
  return Taro as unknown as MiniApi
}

type FileSystem = ReturnType<MiniApi['getFileSystemManager']>

/**
 * A FileSystemManager call as a promise that rejects with the platform's raw error — also when
 * getFileSystemManager itself throws where the host lacks it (a throw in the executor rejects).
 */
export function fsCall<K extends keyof FileSystem>(
  method: K,
  option: Omit<Parameters<FileSystem[K]>[0], 'success' | 'fail'>,
): Promise<void> {
  return new Promise((success, fail) =>
    mini()
      .getFileSystemManager()
      [method]({ ...option, success, fail } as never),
  )
}

/**
 * Writes base64 text (with encoding 'base64') or an ArrayBuffer (as it is: WeChat, Douyin and the wx
 * family take binary `data`) to a file.
 */
export function writeFile(filePath: string, data: string | ArrayBuffer): Promise<void> {
  return fsCall(
    'writeFile',
    typeof data === 'string' ? { filePath, data, encoding: 'base64' } : { filePath, data },
  )
}

/**
 * A cloud fileID's temporary https URL, through `Taro.cloud.getTempFileURL`. Rejects with a raw
 * `{ errMsg, errCode }`: when cloud is not initialised, and for a per-file failure, which arrives
 * inside a successful call.
 */
export async function tempFileUrl(fileID: string): Promise<string> {
  const { cloud } = mini()
  if (!cloud) {
    throw {
      errMsg: `cloud.getTempFileURL:fail not supported${__DEV__ ? ': call Taro.cloud.init() first' : ''}`,
    }
  }
  const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
  const file = fileList?.[0] ?? {}
  if (!file.tempFileURL || file.status) {
    throw { errMsg: file.errMsg || 'cloud.getTempFileURL:fail', errCode: file.status }
  }
  return file.tempFileURL
}
