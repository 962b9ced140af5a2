import {
  MiniCodeError,
  base64ToBytes,
  decodeCodeResponse,
  describeWeChatError,
  parseDataUrl,
  utf8Encode,
} from '@minicode/core'
import type {
  CodeBackend,
  CodeImage,
  CodeRequest,
  EntryLink,
  LinkRequest,
  SceneBackend,
  SceneData,
} from '@minicode/core'
import { readErrcode, templateError } from './cloud-answer'
import { abortable, callCloudFunction, cloudOf, type CloudLike } from './cloud-call'
import { readCloudLink } from './cloud-link'
import { readCloudScene } from './cloud-scene'
import { anyToBytes, requestBytes, type RequestTransport } from './taro-request'

export type { CloudLike } from './cloud-call'

export interface CloudBackendOptions {
  /** The cloud function's name. Default 'getMiniCode' (the one @minicode/server ships). */
  name?: string
  /** Extra fields for the function; the request goes in `data.request`. */
  data?: Record<string, unknown>
  /** Replaces `Taro.cloud` (tests, or a `new wx.cloud.Cloud({ resourceEnv })` instance). */
  cloud?: CloudLike
  /** Replaces `Taro.request` for downloading a returned cloud fileID. */
  transport?: RequestTransport
  /** Timeout of that download in ms. Default 10000. */
  timeoutMs?: number
}

/** A code backend that also asks the cloud function for entry links and long scenes' data. */
export interface CloudBackend extends CodeBackend, SceneBackend {
  /**
   * A URL Link, URL Scheme or Short Link from the cloud function (the @minicode/server template makes
   * them with cloud.openapi; `data.request` is the link request). Errors: 'invalid_request' with
   * `field`, 'forbidden' (a permanent short link the function does not allow), 'quota_exhausted',
   * 'rate_limited', 'wechat_error' with `errcode`, 'network', 'timeout', 'cancelled'.
   *
   * @example
   * const { link, expiresAt } = await cloudBackend().link({ kind: 'urllink', path: 'pages/item/index', query: 'id=42' })
   */
  link(request: LinkRequest, options?: { signal?: AbortSignal }): Promise<EntryLink>
  /**
   * The data of a long scene's id (a code made with `data` instead of `scene`), from the cloud
   * function (`data.request` is `{ kind: 'scene', id }`), for `resolveScene` and `useScene`.
   * Errors: 'not_found', 'store_unavailable', 'network', 'timeout', 'cancelled'.
   */
  scene(id: string, options?: { signal?: AbortSignal }): Promise<SceneData>
}

const MAX_DEPTH = 4

function wechatError(body: Record<string, unknown>): MiniCodeError | null {
  const errcode = readErrcode(body.errCode ?? body.errcode)
  // errCode 0 comes with the image (cloud.openapi's `{ errCode: 0, buffer, contentType }`).
  if (!Number.isFinite(errcode) || errcode === 0) return null
  const errmsg = body.errMsg ?? body.errmsg
  const info = describeWeChatError(
    errcode,
    errmsg === undefined || errmsg === null ? undefined : String(errmsg),
  )
  return new MiniCodeError('wechat_error', `${info.message} (answered inside the cloud function)`, {
    errcode,
    retryable: info.retryable,
    cause: body,
  })
}

function looksLikeBase64(s: string): boolean {
  return s.length >= 8 && /^[A-Za-z0-9+/=_\-\s]+$/.test(s)
}

/**
 * Codes from a WeChat cloud function, by default @minicode/server's `getMiniCode`. Called as
 * `Taro.cloud.callFunction({ name, data: { ...data, request } })`. Every shape a function tends to
 * return is accepted, also inside callFunction's `{ result }`: `{ buffer, contentType }` (buffer as
 * ArrayBuffer, Uint8Array, serialised Buffer `{ type: 'Buffer', data }` or base64), a bare
 * ArrayBuffer, base64, a data URL, or a cloud fileID `cloud://…` (resolved through getTempFileURL,
 * then downloaded). `{ errCode, errMsg }` is 'wechat_error'. Requires `Taro.cloud.init()` first.
 * `link(request)` asks the same function for an entry link and `scene(id)` for a long scene's data
 * (see {@link CloudBackend}).
 *
 * @example
 * Taro.cloud.init({ env: 'prod-1a2b' })
 * const backend = cloudBackend({ name: 'getMiniCode' })
 */
export function cloudBackend(options: CloudBackendOptions = {}): CloudBackend {
  const { name = 'getMiniCode', data = {}, timeoutMs = 10000, transport } = options
  let extra = ''
  try {
    extra = JSON.stringify(data)
  } catch {
    extra = '?'
  }
  return {
    name: `cloud ${name} ${extra}`,
    async link(request: LinkRequest, { signal } = {}) {
      const cloud = cloudOf(options.cloud)
      const result = await callCloudFunction(cloud, name, { ...data, request }, signal)
      return readCloudLink(result, name, request.kind)
    },
    async scene(id: string, { signal } = {}) {
      const cloud = cloudOf(options.cloud)
      const result = await callCloudFunction(cloud, name, { ...data, request: { kind: 'scene', id } }, signal)
      return readCloudScene(result, name)
    },
    async fetchCode(request: CodeRequest, { signal } = {}) {
      const cloud = cloudOf(options.cloud)
      const result = await callCloudFunction(cloud, name, { ...data, request }, signal)

      const toImage = async (
        value: unknown,
        contentType: string | undefined,
        depth: number,
      ): Promise<CodeImage> => {
        if (depth > MAX_DEPTH) throw notAnImage(name, 'nested too deep')
        const bytes = anyToBytes(value)
        if (bytes) return decodeCodeResponse(bytes, contentType)
        if (typeof value === 'string') {
          const s = value.trim()
          if (s.startsWith('cloud://')) return toImage(await download(await tempUrl(s)), undefined, depth + 1)
          if (/^data:/i.test(s)) {
            const parsed = parseDataUrl(s)
            return decodeCodeResponse(parsed.bytes, parsed.mime)
          }
          if (/^https?:\/\//i.test(s)) return toImage(await download(s), undefined, depth + 1)
          if (s.startsWith('{')) {
            // A JSON string: an error body of WeChat or of our server.
            return decodeCodeResponse(utf8Encode(s), contentType)
          }
          if (looksLikeBase64(s)) {
            let decoded: Uint8Array
            try {
              decoded = base64ToBytes(s)
            } catch (cause) {
              throw notAnImage(name, 'a string that is neither base64, a data URL nor a cloud fileID', cause)
            }
            return decodeCodeResponse(decoded, contentType)
          }
          throw notAnImage(name, `the string ${JSON.stringify(s.slice(0, 40))}`)
        }
        if (value && typeof value === 'object') {
          const body = value as Record<string, unknown>
          // The template's own failures (long scenes: payload_too_large, store_unavailable) keep their code and field.
          const own = templateError(body, name)
          if (own) throw own
          const wx = wechatError(body)
          if (wx) throw wx
          if (body.error && typeof body.error === 'object') {
            // @minicode/server's `{ error: { code, message } }` keeps its code.
            return decodeCodeResponse(utf8Encode(JSON.stringify({ error: body.error })))
          }
          const type = typeof body.contentType === 'string' ? body.contentType : contentType
          for (const key of ['buffer', 'fileID', 'fileId', 'dataUrl', 'base64', 'data', 'result']) {
            if (body[key] !== undefined && body[key] !== null) return toImage(body[key], type, depth + 1)
          }
        }
        throw notAnImage(
          name,
          value === undefined || value === null ? 'nothing' : `a ${typeof value} without an image`,
        )
      }

      const tempUrl = async (fileID: string): Promise<string> => {
        if (typeof cloud.getTempFileURL !== 'function') {
          throw new MiniCodeError(
            'unsupported',
            `Cloud function "${name}" returned a fileID, but Taro.cloud.getTempFileURL is missing.`,
          )
        }
        const res = await abortable(cloud.getTempFileURL({ fileList: [fileID] }), signal)
        const file = res?.fileList?.[0]
        if (!file?.tempFileURL || (file.status !== undefined && file.status !== 0)) {
          throw new MiniCodeError(
            'download_failed',
            `Could not resolve ${fileID} to a URL${file?.errMsg ? ` (${file.errMsg})` : ''}. Check the file exists and the function's env.`,
            { cause: res },
          )
        }
        return file.tempFileURL
      }

      const download = async (url: string): Promise<Uint8Array> => {
        const res = await requestBytes({ url, method: 'GET', timeoutMs, signal }, transport)
        if (res.statusCode < 200 || res.statusCode >= 300 || !res.bytes) {
          throw new MiniCodeError(
            'download_failed',
            `Downloading the code from ${url} answered HTTP ${res.statusCode}. Add the host to the download allow-list, or retry.`,
            {
              status: res.statusCode,
            },
          )
        }
        return res.bytes
      }

      return toImage(result, undefined, 0)
    },
  }
}

function notAnImage(fn: string, what: string, cause?: unknown): MiniCodeError {
  return new MiniCodeError(
    'not_an_image',
    `Cloud function "${fn}" returned ${what}. Return { buffer, contentType }, base64, a data URL or a cloud fileID.`,
    cause === undefined ? {} : { cause },
  )
}
