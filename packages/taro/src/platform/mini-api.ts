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
    writeFile(option: { filePath: string; data: string; encoding: 'base64'; success(): void; fail(err: unknown): void }): void
    unlink(option: { filePath: string; success(): void; fail(err: unknown): void }): void
  }
  saveImageToPhotosAlbum(option: { filePath: string }): Promise<unknown>
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

/** A callback-style file system call as a promise that rejects with the platform's raw error. */
export function fsCall(run: (done: () => void, fail: (err: unknown) => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    try {
      run(resolve, reject)
    } catch (e) {
      // getFileSystemManager itself throws where the host lacks it.
      reject(e)
    }
  })
}
