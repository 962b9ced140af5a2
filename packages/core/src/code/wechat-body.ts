import { describeValue, invalidRequest } from '../errors'
import type { CodeKind } from '../types'
import { validateCodeRequest } from './validate-request'

/** The path (under https://api.weixin.qq.com) of the WeChat API that makes a code of each kind. */
export type WeChatApiPath = '/wxa/getwxacodeunlimit' | '/wxa/getwxacode' | '/cgi-bin/wxaapp/createwxaqrcode'

const PATH_OF: Record<CodeKind, WeChatApiPath> = {
  unlimited: '/wxa/getwxacodeunlimit',
  limited: '/wxa/getwxacode',
  qrcode: '/cgi-bin/wxaapp/createwxaqrcode',
}

/**
 * The WeChat API path of a kind of code (default 'unlimited').
 *
 * @example weChatApiPath('qrcode') // '/cgi-bin/wxaapp/createwxaqrcode'
 */
export function weChatApiPath(kind: CodeKind = 'unlimited'): WeChatApiPath {
  const path = PATH_OF[kind]
  if (!path) {
    throw invalidRequest(
      'kind',
      __DEV__ ? `kind must be 'unlimited', 'limited' or 'qrcode', got ${describeValue(kind)}.` : '',
    )
  }
  return path
}

/**
 * The WeChat API path and JSON body (snake_case) of a code request. Validates it first; only the fields
 * given are sent, so WeChat applies its own defaults (width 430, check_path true, env_version release).
 *
 * @example
 * toWeChatBody({ scene: 'id=42', checkPath: false })
 * // { path: '/wxa/getwxacodeunlimit', body: { scene: 'id=42', check_path: false } }
 */
export function toWeChatBody(req: unknown): { path: WeChatApiPath; body: Record<string, unknown> } {
  const r = validateCodeRequest(req)
  if (r.data) {
    throw invalidRequest(
      'data',
      __DEV__
        ? 'WeChat takes a scene, not data: send data to a minicode server (its handler stores it and puts the id in the scene), or give scene.'
        : '',
    )
  }
  const body: Record<string, unknown> = {}
  const put = (name: string, value: unknown) => {
    if (value !== undefined) body[name] = value
  }
  if (r.kind === 'unlimited') {
    put('scene', r.scene)
    put('page', r.page)
    put('check_path', r.checkPath)
  } else {
    put('path', r.path)
  }
  put('env_version', r.envVersion)
  put('width', r.width)
  put('auto_color', r.autoColor)
  if (r.lineColor) put('line_color', { r: r.lineColor.r, g: r.lineColor.g, b: r.lineColor.b })
  put('is_hyaline', r.isHyaline)
  return { path: PATH_OF[r.kind ?? 'unlimited'], body }
}
