import Taro from '@tarojs/taro'
import { MiniCodeError, cancelledError, toBytes, utf8Encode } from '@minicode/core'

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
  const bytes = toBytes(data)
  if (bytes) return bytes
  const buffer = data as { type?: unknown; data?: unknown } | null
  if (buffer?.type === 'Buffer' && Array.isArray(buffer.data)) return Uint8Array.from(buffer.data as number[])
  return null
}

function bodyBytes(data: unknown): Uint8Array | null {
  if (typeof data !== 'string') return anyToBytes(data)
  // A platform that gave text back: keep the code units (binary strings stay byte-exact).
  if (/[^\x00-\xff]/.test(data)) return utf8Encode(data)
  return Uint8Array.from(data, (c) => c.charCodeAt(0))
}

function contentTypeOf(headers: Record<string, unknown>): string | undefined {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type')
  const value = name === undefined ? undefined : headers[name]
  if (value === undefined || value === null) return undefined
  return String(Array.isArray(value) ? value[0] : value)
}

function aborted(): MiniCodeError {
  return cancelledError(__DEV__ ? 'The code request was aborted.' : '')
}

function errMsgOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error ?? '')
  const e = error as { errMsg?: unknown; message?: unknown }
  return String(e.errMsg ?? e.message ?? '')
}

/** A failed request: 'timeout', 'cancelled' or 'network', with the platform's errMsg. */
function classifyFailure(url: string, error: unknown): MiniCodeError {
  const msg = errMsgOf(error)
  if (/abort/i.test(msg) || (error as { name?: unknown } | null)?.name === 'AbortError') return aborted()
  if (/time[ds]? ?out/i.test(msg)) {
    const advice = __DEV__
      ? `No answer from ${url} in time (${msg}). Check the server, or raise timeoutMs.`
      : msg
    return new MiniCodeError('timeout', advice, { cause: error })
  }
  const advice = __DEV__
    ? `Could not reach ${url}${msg ? ` (${msg})` : ''}. Check the network; in a mini-program the host must be on the request allow-list.`
    : msg
  return new MiniCodeError('network', advice, { cause: error })
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
    if (signal?.aborted) throw aborted()
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    let task: ReturnType<RequestTransport> | undefined
    let settled = false
    /** Settles once; `error` also stops the request. */
    const settle = (error: MiniCodeError | null, response?: RawResponse) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (!error) {
        resolve(response as RawResponse)
        return
      }
      reject(error)
      controller?.abort()
      try {
        task?.abort?.()
      } catch {
        // already finished
      }
    }
    const onAbort = () => settle(aborted())
    const timer = setTimeout(() => {
      const advice = __DEV__
        ? `No answer from ${url} within ${timeoutMs} ms. Check the server, or raise timeoutMs.`
        : ''
      settle(new MiniCodeError('timeout', advice))
    }, timeoutMs)
    signal?.addEventListener('abort', onAbort)
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
        signal: controller?.signal,
      })
    } catch (error) {
      settle(classifyFailure(url, error))
      return
    }
    Promise.resolve(task).then(
      (answer) => {
        const res: Partial<typeof answer> = answer ?? {}
        settle(null, {
          statusCode: Number(res.statusCode) || 0,
          // Only messages use the label (bytes decide what a body is), so production skips it.
          contentType: __DEV__ ? contentTypeOf(res.header ?? {}) : undefined,
          bytes: bodyBytes(res.data),
          data: res.data,
        })
      },
      (error: unknown) => settle(classifyFailure(url, error)),
    )
  })
}
