import Taro from '@tarojs/taro'
import { MiniCodeError, utf8Encode } from '@minicode/core'

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

const tag = (value: unknown) => Object.prototype.toString.call(value)

/**
 * Bytes from whatever a platform calls binary: an ArrayBuffer (also from another realm, e.g. an
 * iframe or jsdom), a typed array / DataView, a serialised Node Buffer `{ type: 'Buffer', data }`,
 * or a binary string. Null for anything else.
 */
export function anyToBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (
    data instanceof ArrayBuffer ||
    tag(data) === '[object ArrayBuffer]' ||
    tag(data) === '[object SharedArrayBuffer]'
  ) {
    return new Uint8Array(data as ArrayBuffer)
  }
  if (data && typeof data === 'object') {
    const buf = data as { type?: unknown; data?: unknown }
    if (buf.type === 'Buffer' && Array.isArray(buf.data)) return Uint8Array.from(buf.data as number[])
  }
  return null
}

function headerValue(header: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const key of Object.keys(header)) {
    if (key.toLowerCase() === name) {
      const value = header[key]
      return Array.isArray(value) ? String(value[0]) : value == null ? undefined : String(value)
    }
  }
  return undefined
}

function bodyBytes(data: unknown): Uint8Array | null {
  const bytes = anyToBytes(data)
  if (bytes) return bytes
  if (typeof data === 'string') {
    // A platform that gave text back: keep the code units (binary strings stay byte-exact).
    const out = new Uint8Array(data.length)
    let wide = false
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i)
      if (c > 0xff) wide = true
      out[i] = c
    }
    return wide ? utf8Encode(data) : out
  }
  return null
}

const cancelled = () =>
  new MiniCodeError('cancelled', process.env.NODE_ENV !== 'production' ? 'The code request was aborted.' : '')

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
  if (signal?.aborted) return Promise.reject(cancelled())
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined
    let task: ReturnType<RequestTransport> | undefined
    const stop = () => {
      controller?.abort()
      try {
        task?.abort?.()
      } catch {
        // already finished
      }
    }
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      settle(() => reject(cancelled()))
      stop()
    }
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new MiniCodeError(
            'timeout',
            process.env.NODE_ENV !== 'production'
              ? `No answer from ${url} within ${timeoutMs} ms. Check the server, or raise timeoutMs.`
              : '',
          ),
        ),
      )
      stop()
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
      settle(() => reject(networkError(url, error)))
      return
    }
    Promise.resolve(task).then(
      (res) =>
        settle(() =>
          resolve({
            statusCode: Number(res?.statusCode) || 0,
            contentType: headerValue(res?.header, 'content-type'),
            bytes: bodyBytes(res?.data),
            data: res?.data,
          }),
        ),
      (error: unknown) => settle(() => reject(classifyFailure(url, error))),
    )
  })
}

function networkError(url: string, error: unknown): MiniCodeError {
  const detail = errMsgOf(error)
  return new MiniCodeError(
    'network',
    process.env.NODE_ENV !== 'production'
      ? `Could not reach ${url}${detail ? ` (${detail})` : ''}. Check the network; in a mini-program the host must be on the request allow-list.`
      : detail,
    { cause: error },
  )
}

function errMsgOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { errMsg?: unknown; message?: unknown }
    return String(e.errMsg ?? e.message ?? '')
  }
  return error == null ? '' : String(error)
}

function classifyFailure(url: string, error: unknown): MiniCodeError {
  const msg = errMsgOf(error)
  if (/time[ds]? ?out/i.test(msg)) {
    return new MiniCodeError(
      'timeout',
      process.env.NODE_ENV !== 'production'
        ? `No answer from ${url} in time (${msg}). Check the server, or raise timeoutMs.`
        : msg,
      { cause: error },
    )
  }
  if (/abort/i.test(msg) || (error as { name?: unknown })?.name === 'AbortError') return cancelled()
  return networkError(url, error)
}
