import Taro from '@tarojs/taro'
import { MiniCodeError, cancelledError } from '@minicode/core'

/** The part of `Taro.cloud` (wx.cloud) that cloudBackend uses. */
export interface CloudLike {
  callFunction(options: { name: string; data?: Record<string, unknown> }): PromiseLike<unknown>
  getTempFileURL?(options: { fileList: string[] }): PromiseLike<{
    fileList: { fileID: string; tempFileURL: string; status?: number; errMsg?: string }[]
  }>
}

/** The given cloud, else `Taro.cloud`; 'unsupported' where there is no cloud development. */
export function cloudOf(given: CloudLike | undefined): CloudLike {
  const cloud = given ?? (Taro as unknown as { cloud?: CloudLike }).cloud
  if (!cloud || typeof cloud.callFunction !== 'function') {
    throw new MiniCodeError(
      'unsupported',
      'Taro.cloud is not available here: cloudBackend needs WeChat cloud development. Call Taro.cloud.init({ env }) in app.ts on weapp, or use httpBackend / localBackend on other platforms.',
    )
  }
  return cloud
}

function aborted(): MiniCodeError {
  return cancelledError('The cloud function call was aborted.')
}

/** Waits for `work` until `signal` fires ('cancelled'); the work itself cannot be stopped. */
export function abortable<T>(work: PromiseLike<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return Promise.resolve(work)
  if (signal.aborted) return Promise.reject(aborted())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted())
    signal.addEventListener('abort', onAbort, { once: true })
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/**
 * `cloud.callFunction({ name, data })`, stoppable by `signal`. A failed call (not deployed, timed
 * out) is 'network' or 'timeout' with its errCode.
 */
export async function callCloudFunction(
  cloud: CloudLike,
  name: string,
  data: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<unknown> {
  try {
    return await abortable(cloud.callFunction({ name, data }), signal)
  } catch (error) {
    if (error instanceof MiniCodeError) throw error
    const body = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>
    const errMsg = String(body.errMsg ?? body.message ?? error)
    const code = /time[ds]? ?out/i.test(errMsg) ? 'timeout' : 'network'
    const errcode = typeof body.errCode === 'number' ? body.errCode : undefined
    throw new MiniCodeError(
      code,
      `Cloud function "${name}" failed: ${errMsg}. Check it is deployed to this env and that Taro.cloud.init ran.`,
      {
        errcode,
        cause: error,
      },
    )
  }
}
