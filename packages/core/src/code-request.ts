import { MiniCodeError } from './errors'
import type { CodeKind, CodeRequest, EnvVersion, LineColor } from './types'
import { utf8ByteLength } from './utf8'

type Field = keyof CodeRequest

/** The path (under https://api.weixin.qq.com) of the WeChat API that makes a code of each kind. */
export type WeChatApiPath = '/wxa/getwxacodeunlimit' | '/wxa/getwxacode' | '/cgi-bin/wxaapp/createwxaqrcode'

const KINDS: readonly CodeKind[] = ['unlimited', 'limited', 'qrcode']
const ENV_VERSIONS: readonly EnvVersion[] = ['release', 'trial', 'develop']
const ALL_FIELDS: readonly Field[] = [
  'kind',
  'scene',
  'page',
  'path',
  'width',
  'checkPath',
  'envVersion',
  'autoColor',
  'lineColor',
  'isHyaline',
]
const FIELDS_OF: Record<CodeKind, readonly Field[]> = {
  unlimited: [
    'kind',
    'scene',
    'page',
    'width',
    'checkPath',
    'envVersion',
    'autoColor',
    'lineColor',
    'isHyaline',
  ],
  limited: ['kind', 'path', 'width', 'envVersion', 'autoColor', 'lineColor', 'isHyaline'],
  qrcode: ['kind', 'path', 'width'],
}
const PATH_OF: Record<CodeKind, WeChatApiPath> = {
  unlimited: '/wxa/getwxacodeunlimit',
  limited: '/wxa/getwxacode',
  qrcode: '/cgi-bin/wxaapp/createwxaqrcode',
}
const API_OF: Record<CodeKind, string> = {
  unlimited: 'getUnlimited',
  limited: 'wxacode.get',
  qrcode: 'createQRCode',
}

const SCENE_MAX = 32
const SCENE_CHAR = /[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]/
const SCENE_ALLOWED = "0-9 A-Z a-z and ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~"
const SHORT_ID =
  "Keep the data on your server and put a short id in scene (e.g. scene: 'id=42'), then read it on the page with parseScene(query.scene)."
const LIMITED_PATH_MAX = 1024
const QRCODE_PATH_MAX_BYTES = 128
const WIDTH_MIN = 280
const WIDTH_MAX = 1280
const WIDTH_DEFAULT = 430

/**
 * Checks a code request against WeChat's rules (DESIGN.md's code table) and returns it normalised.
 * Each violation throws `MiniCodeError('invalid_request')` with `field` and a message that says how to fix it.
 *
 * Normalisation (the rest is returned as given, in a fixed key order):
 * - `kind` defaults to 'unlimited' and is always set.
 * - `scene` may be a safe integer (a product id such as `42`); it becomes the string '42'.
 *   Scene whitespace is an error, not trimmed: the page would receive something else than you passed.
 * - `page` is trimmed and its leading '/' removed ('/pages/a/b' → 'pages/a/b'), since getUnlimited wants
 *   none; an empty page ('' or '/') means the home page and is dropped.
 * - `path` is trimmed.
 * - A field set to `null` or `undefined` counts as absent (JSON clients send null for "not set").
 *
 * Rejected: unknown fields (snake_case names such as `check_path` name their camelCase form), fields
 * that don't belong to the kind, wrong types (`'false'`, `'430'` strings included).
 *
 * @example
 * validateCodeRequest({ scene: 'id=42', page: '/pages/goods/detail' })
 * // { kind: 'unlimited', scene: 'id=42', page: 'pages/goods/detail' }
 */
export function validateCodeRequest(req: unknown): CodeRequest {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    throw invalid(
      undefined,
      __DEV__
        ? `A code request must be an object such as { scene: 'id=42', page: 'pages/goods/detail' }, got ${typeName(req)}.`
        : '',
    )
  }
  const input = req as Record<string, unknown>
  const given = (f: string) => input[f] !== undefined && input[f] !== null

  const kind = given('kind') ? input.kind : 'unlimited'
  if (typeof kind !== 'string' || !KINDS.includes(kind as CodeKind)) {
    throw invalid(
      'kind',
      __DEV__
        ? `kind must be 'unlimited' (getUnlimited, keyed by scene), 'limited' (wxacode.get, keyed by path) or 'qrcode' (createQRCode), got ${show(kind)}.`
        : '',
    )
  }
  const k = kind as CodeKind
  const allowed = FIELDS_OF[k]

  for (const key of Object.keys(input)) {
    if (!(ALL_FIELDS as readonly string[]).includes(key)) throw unknownField(key, k)
  }
  for (const f of ALL_FIELDS) {
    if (given(f) && !allowed.includes(f)) throw wrongKind(f, k)
  }

  const out: CodeRequest = { kind: k }
  if (k === 'unlimited') {
    out.scene = checkScene(input.scene)
    if (given('page')) {
      const page = checkPage(input.page)
      if (page) out.page = page
    }
  } else {
    out.path = checkPath(input.path, k)
  }
  if (given('width')) out.width = checkWidth(input.width)
  if (given('checkPath')) out.checkPath = checkBoolean(input.checkPath, 'checkPath')
  if (given('envVersion')) {
    if (!ENV_VERSIONS.includes(input.envVersion as EnvVersion)) {
      throw invalid(
        'envVersion',
        __DEV__ ? `envVersion must be 'release', 'trial' or 'develop', got ${show(input.envVersion)}.` : '',
      )
    }
    out.envVersion = input.envVersion as EnvVersion
  }
  if (given('autoColor')) out.autoColor = checkBoolean(input.autoColor, 'autoColor')
  if (given('lineColor')) out.lineColor = checkLineColor(input.lineColor)
  if (given('isHyaline')) out.isHyaline = checkBoolean(input.isHyaline, 'isHyaline')
  return out
}

/**
 * A cache key for a code request: the same for requests WeChat answers with the same image, whatever
 * their key order, with defaults applied (`{ scene: 'a' }` ≡ `{ scene: 'a', width: 430, kind: 'unlimited' }`).
 * Pure string, no hashing. Throws like {@link validateCodeRequest} for an invalid request.
 */
export function codeRequestKey(req: unknown): string {
  const r = validateCodeRequest(req)
  const width = r.width ?? WIDTH_DEFAULT
  if (r.kind === 'qrcode') return JSON.stringify(['qrcode', r.path, width])
  // WeChat ignores line_color when auto_color is on.
  const line = r.autoColor ? null : [r.lineColor?.r ?? 0, r.lineColor?.g ?? 0, r.lineColor?.b ?? 0]
  const look = [r.envVersion ?? 'release', width, r.autoColor ?? false, line, r.isHyaline ?? false]
  if (r.kind === 'limited') return JSON.stringify(['limited', r.path, ...look])
  return JSON.stringify(['unlimited', r.scene, r.page ?? '', r.checkPath ?? true, ...look])
}

/**
 * The WeChat API path of a kind of code (default 'unlimited').
 *
 * @example weChatApiPath('qrcode') // '/cgi-bin/wxaapp/createwxaqrcode'
 */
export function weChatApiPath(kind: CodeKind = 'unlimited'): WeChatApiPath {
  const path = PATH_OF[kind]
  if (!path)
    throw invalid(
      'kind',
      __DEV__ ? `kind must be 'unlimited', 'limited' or 'qrcode', got ${show(kind)}.` : '',
    )
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
  put('line_color', r.lineColor && { r: r.lineColor.r, g: r.lineColor.g, b: r.lineColor.b })
  put('is_hyaline', r.isHyaline)
  return { path: PATH_OF[r.kind ?? 'unlimited'], body }
}

function checkScene(value: unknown): string {
  if (value === undefined || value === null) {
    throw invalid(
      'scene',
      __DEV__
        ? `scene is required for an unlimited code (getUnlimited): 1–${SCENE_MAX} characters of ${SCENE_ALLOWED}. ${SHORT_ID} For a path with a query, use kind: 'limited' with path.`
        : '',
    )
  }
  let scene: string
  if (typeof value === 'number' && Number.isSafeInteger(value)) scene = String(value)
  else if (typeof value === 'string') scene = value
  else
    throw invalid(
      'scene',
      __DEV__ ? `scene must be a string (or a whole number such as a product id), got ${show(value)}.` : '',
    )
  if (scene === '')
    throw invalid(
      'scene',
      __DEV__ ? `scene is empty: give 1–${SCENE_MAX} characters of ${SCENE_ALLOWED}. ${SHORT_ID}` : '',
    )
  const chars = Array.from(scene)
  const bad = chars.filter((c) => !SCENE_CHAR.test(c))
  if (bad.length || chars.length > SCENE_MAX)
    throw invalid('scene', __DEV__ ? sceneAdvice(scene, chars, bad) : '')
  return scene
}

function sceneAdvice(scene: string, chars: string[], bad: string[]): string {
  if (bad.includes('%')) {
    return `scene must not contain '%' (WeChat rejects it, errcode 40129). Don't URL-encode the scene yourself: pass 'id=42&from=poster' as it is; the page receives it encoded and parseScene decodes it. Allowed: ${SCENE_ALLOWED}.`
  }
  const ws = bad.find((c) => /\s/.test(c))
  if (ws !== undefined) {
    return `scene must not contain spaces or line breaks (found ${JSON.stringify(ws)} in ${JSON.stringify(scene)}): trim it. Allowed: ${SCENE_ALLOWED}.`
  }
  if (bad.length) {
    const list = Array.from(new Set(bad))
      .slice(0, 5)
      .map((c) => `'${c}'`)
      .join(' ')
    return `scene may only contain ${SCENE_ALLOWED} (1–${SCENE_MAX} characters); ${list} ${bad.length === 1 ? 'is' : 'are'} not allowed (no Chinese, no emoji, no '%'). ${SHORT_ID}`
  }
  return `scene is ${chars.length} characters; WeChat allows at most ${SCENE_MAX}. ${SHORT_ID}`
}

function checkPage(value: unknown): string {
  if (typeof value !== 'string')
    throw invalid(
      'page',
      __DEV__ ? `page must be a string such as 'pages/goods/detail', got ${show(value)}.` : '',
    )
  const page = value.trim().replace(/^\/+/, '')
  if (page.includes('?')) {
    throw invalid(
      'page',
      __DEV__
        ? `page must not carry a query (${JSON.stringify(value)}): getUnlimited opens the page without one. Put the data in scene instead (e.g. page: '${page.slice(0, page.indexOf('?'))}', scene: 'id=42') and read it with parseScene(query.scene).`
        : '',
    )
  }
  if (/[\s#\\]/.test(page)) {
    throw invalid(
      'page',
      __DEV__
        ? `page must be a plain page path such as 'pages/goods/detail', without spaces, '#' or '\\', got ${JSON.stringify(value)}.`
        : '',
    )
  }
  return page
}

function checkPath(value: unknown, kind: CodeKind): string {
  const api = API_OF[kind]
  if (value === undefined || value === null) {
    throw invalid(
      'path',
      __DEV__
        ? `path is required for kind '${kind}' (${api}): the page to open, e.g. 'pages/goods/detail?id=42'.`
        : '',
    )
  }
  if (typeof value !== 'string')
    throw invalid(
      'path',
      __DEV__ ? `path must be a string such as 'pages/goods/detail?id=42', got ${show(value)}.` : '',
    )
  const path = value.trim()
  if (path === '')
    throw invalid(
      'path',
      __DEV__ ? `path is empty: give the page to open, e.g. 'pages/goods/detail?id=42'.` : '',
    )
  // WeChat adds scancode_time to the query itself and answers 85096 when you send one.
  if (/[?&]scancode_time(=|&|$)/.test(path)) {
    throw invalid(
      'path',
      __DEV__
        ? `path must not carry scancode_time (WeChat reserves it and answers errcode 85096): remove it from the query; the page receives it anyway.`
        : '',
    )
  }
  if (kind === 'limited') {
    const length = Array.from(path).length
    if (length > LIMITED_PATH_MAX) {
      throw invalid(
        'path',
        __DEV__
          ? `path is ${length} characters; ${api} allows at most ${LIMITED_PATH_MAX}. Put a short id in the query and look the rest up on the page.`
          : '',
      )
    }
  } else {
    const bytes = utf8ByteLength(path)
    if (bytes > QRCODE_PATH_MAX_BYTES) {
      throw invalid(
        'path',
        __DEV__
          ? `path is ${bytes} bytes in UTF-8 (Chinese characters count 3); ${api} allows at most ${QRCODE_PATH_MAX_BYTES}. Shorten the query, e.g. a short id instead of text.`
          : '',
      )
    }
  }
  return path
}

function checkWidth(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < WIDTH_MIN || value > WIDTH_MAX) {
    throw invalid(
      'width',
      __DEV__
        ? `width must be a whole number of px from ${WIDTH_MIN} to ${WIDTH_MAX} (WeChat's default is ${WIDTH_DEFAULT}), got ${show(value)}.`
        : '',
    )
  }
  return value
}

function checkBoolean(value: unknown, field: Field): boolean {
  if (typeof value !== 'boolean')
    throw invalid(field, __DEV__ ? `${field} must be true or false, got ${show(value)}.` : '')
  return value
}

function checkLineColor(value: unknown): LineColor {
  const example = 'e.g. { r: 0, g: 0, b: 0 }'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(
      'lineColor',
      __DEV__ ? `lineColor must be an object of three channels 0–255, ${example}, got ${show(value)}.` : '',
    )
  }
  const c = value as Record<string, unknown>
  const extra = Object.keys(c).filter((key) => !['r', 'g', 'b'].includes(key))
  if (extra.length)
    throw invalid(
      'lineColor',
      __DEV__ ? `lineColor takes only r, g and b (${example}); remove ${extra.join(', ')}.` : '',
    )
  for (const ch of ['r', 'g', 'b']) {
    const v = c[ch]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
      throw invalid(
        'lineColor',
        __DEV__ ? `lineColor.${ch} must be a whole number from 0 to 255 (${example}), got ${show(v)}.` : '',
      )
    }
  }
  return { r: c.r as number, g: c.g as number, b: c.b as number }
}

function unknownField(key: string, kind: CodeKind): MiniCodeError {
  if (!__DEV__) return invalid(key, '')
  const squash = (s: string) => s.replace(/[_-]/g, '').toLowerCase()
  const meant = ALL_FIELDS.find((f) => squash(f) === squash(key))
  if (meant) {
    return invalid(
      key,
      `Unknown field '${key}': minicode takes camelCase names, use '${meant}' (it becomes ${toSnake(meant)} in WeChat's body).`,
    )
  }
  return invalid(
    key,
    `Unknown field '${key}'. A '${kind}' code request takes: ${FIELDS_OF[kind].join(', ')}.`,
  )
}

function wrongKind(field: Field, kind: CodeKind): MiniCodeError {
  if (!__DEV__) return invalid(field, '')
  const owners = KINDS.filter((k) => FIELDS_OF[k].includes(field))
    .map((k) => `'${k}'`)
    .join(' or ')
  const hint =
    field === 'path'
      ? " An unlimited code takes page (no query) plus scene; for a path with a query use kind: 'limited'."
      : field === 'scene' || field === 'page' || field === 'checkPath'
        ? ` A '${kind}' code is keyed by path, which may carry a query (e.g. 'pages/goods/detail?id=42').`
        : ` ${API_OF[kind]} takes only: ${FIELDS_OF[kind].join(', ')}.`
  return invalid(field, `${field} belongs to kind ${owners}, not '${kind}': remove it or change kind.${hint}`)
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

function invalid(field: string | undefined, message: string): MiniCodeError {
  return new MiniCodeError('invalid_request', message, field === undefined ? {} : { field })
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}

function show(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeName(value)
}
