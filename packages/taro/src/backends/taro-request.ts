import Taro from '@tarojs/taro'
import { MiniCodeError, toBytes, utf8Encode } from '@minicode/core'

/** The part of `Taro.request` the backends use; inject your own to route through another client. */
export type RequestTransport = (options: {
  url: string
  method: 'GET' | 'POST'
  header: Record<string, string>
  data?: unknown
  responseType: 'arraybuffer'
  dataType: string
  timeout: number
  signal?: AbortSignal
}) => PromiseLike<{ statusCode: number; header?: Record<string, unknown>; data: unknown }> & {
  abort?: () => void
}

export interface RawResponse {
  statusCode: number
  contentType: string | undefined
  /** The body as bytes, whatever shape the platform handed it back in; null if it had none. */
  bytes: Uint8Array | null
  /** The body as given, for platforms that parsed JSON although asked for an arraybuffer. */
  data: unknown
}

/**
 * Bytes from whatever a platform calls binary: an ArrayBuffer (also from another realm, e.g. an
 * iframe or jsdom), a typed array / DataView, a serialised Node Buffer `{ type: 'Buffer', data }`,
 * or a binary string. Null for anything else.
 */
export function anyToBytes(data: unknown): Uint8Array | null {
  const buffer = data as { type?: unknown; data?: unknown } | null
  return (
    toBytes(data) ||
    (buffer && buffer.type === 'Buffer' && Array.isArray(buffer.data)
      ? Uint8Array.from(buffer.data as number[])
      : null)
  )
}

function bodyBytes(data: unknown): Uint8Array | null {
  if (typeof data !== 'string') return anyToBytes(data)
  // A platform that gave text back: keep the code units (binary strings stay byte-exact).
  return /[^\x00-\xff]/.test(data) ? utf8Encode(data) : Uint8Array.from(data, (c) => c.charCodeAt(0))
}

function contentTypeOf(headers: Record<string, unknown>): string | undefined {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type')
  const value = name === undefined ? undefined : headers[name]
  return value == null ? undefined : String(Array.isArray(value) ? value[0] : value)
}

const cancelled = () => new MiniCodeError('cancelled', __DEV__ ? 'The code request was aborted.' : '')

function errMsgOf(error: unknown): string {
  const e = error as { errMsg?: unknown; message?: unknown } | null
  return typeof e === 'object' && e ? String(e.errMsg ?? e.message ?? '') : String(error ?? '')
}

/** A failed request: 'timeout', 'cancelled' or 'network', with the platform's errMsg. */
function classifyFailure(url: string, error: unknown): MiniCodeError {
  const msg = errMsgOf(error)
  if (/abort/i.test(msg) || (error && (error as { name?: unknown }).name) === 'AbortError') return cancelled()
  const timeout = /time[ds]? ?out/i.test(msg)
  const advice = __DEV__
    ? timeout
      ? `No answer from ${url} in time (${msg}). Check the server, or raise timeoutMs.`
      : `Could not reach ${url}${msg ? ` (${msg})` : ''}. Check the network; in a mini-program the host must be on the request allow-list.`
    : msg
  return new MiniCodeError(timeout ? 'timeout' : 'network', advice, { cause: error })
}

/**
 * One `Taro.request` for bytes, with our own timeout (so it is 'timeout' on every platform) and
 * abort through both the H5 fetch signal and weapp's RequestTask.abort().
 * Rejects with 'timeout' | 'network' | 'cancelled'; any HTTP status resolves.
 */
export function requestBytes(
  options: {
    url: string
    method: 'GET' | 'POST'
    header?: Record<string, string>
    data?: unknown
    timeoutMs: number
    signal?: AbortSignal
  },
  transport: RequestTransport = Taro.request as unknown as RequestTransport,
): Promise<RawResponse> {
  const { url, method, header = {}, data, timeoutMs, signal } = options
  return new Promise<RawResponse>((resolve, reject) => {
    if (signal && signal.aborted) throw cancelled()
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    let task: ReturnType<RequestTransport> | undefined
    let settled = false
    /** Settles once; `error` also stops the request. */
    const settle = (error: MiniCodeError | null, response?: RawResponse) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (signal) signal.removeEventListener('abort', onAbort)
      if (!error) return resolve(response as RawResponse)
      reject(error)
      if (controller) controller.abort()
      try {
        if (task && task.abort) task.abort()
      } catch {
        // already finished
      }
    }
    const onAbort = () => settle(cancelled())
    const timer = setTimeout(() => {
      const advice = __DEV__
        ? `No answer from ${url} within ${timeoutMs} ms. Check the server, or raise timeoutMs.`
        : ''
      settle(new MiniCodeError('timeout', advice))
    }, timeoutMs)
    if (signal) signal.addEventListener('abort', onAbort)
    try {
      task = transport({
        url,
        method,
        header,
        data,
        responseType: 'arraybuffer',
        // Anything but 'json': no platform may try to parse the bytes.
        dataType: 'arraybuffer',
        // The platform's own timer fires after ours, so ours decides.
        timeout: timeoutMs + 1000,
        signal: controller && controller.signal,
      })
    } catch (error) {
      return settle(classifyFailure(url, error))
    }
    Promise.resolve(task).then(
      (answer) => {
        const res = answer || ({} as Partial<typeof answer>)
        settle(null, {
          statusCode: Number(res.statusCode) || 0,
          // Only messages use the label (bytes decide what a body is), so production skips it.
          contentType: __DEV__ ? contentTypeOf(res.header || {}) : undefined,
          bytes: bodyBytes(res.data),
          data: res.data,
        })
      },
      (error: unknown) => settle(classifyFailure(url, error)),
    )
  })
}
