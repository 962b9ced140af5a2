import { type MiniCodeError, describeValue, invalidRequest } from '../errors'
import { utf8ByteLength } from '../encoding'
import type { CodeKind, CodeRequest, EnvVersion, LineColor } from '../types'

type Field = keyof CodeRequest

export const KINDS: readonly CodeKind[] = ['unlimited', 'limited', 'qrcode']
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
  'data',
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
    'data',
  ],
  limited: ['kind', 'path', 'width', 'envVersion', 'autoColor', 'lineColor', 'isHyaline'],
  qrcode: ['kind', 'path', 'width'],
}
/** The name WeChat's documentation gives each kind's API. */
export const API_OF: Record<CodeKind, string> = {
  unlimited: 'getUnlimited',
  limited: 'wxacode.get',
  qrcode: 'createQRCode',
}

const SCENE_MAX = 32
const SCENE_CHAR = /[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]/
const SCENE_ALLOWED = "0-9 A-Z a-z and ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~"
const SHORT_ID =
  "Keep the data on your server and put a short id in scene (e.g. scene: 'id=42'), then read it on the page with parseScene(query.scene); or send data: { … } instead of scene to a minicode server, which keeps it for you."
const LIMITED_PATH_MAX = 1024
const QRCODE_PATH_MAX_BYTES = 128
const WIDTH_MIN = 280
const WIDTH_MAX = 1280
export const WIDTH_DEFAULT = 430
// Only development messages use it; a module constant, so production bundles drop it with them.
const LINE_COLOR_EXAMPLE = 'e.g. { r: 0, g: 0, b: 0 }'

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
    throw invalidRequest(
      '',
      __DEV__
        ? `A code request must be an object such as { scene: 'id=42', page: 'pages/goods/detail' }, got ${describeValue(req)}.`
        : '',
    )
  }
  const input = req as Record<string, unknown>
  const given = (f: string) => input[f] !== undefined && input[f] !== null

  const kind = given('kind') ? input.kind : 'unlimited'
  if (typeof kind !== 'string' || !KINDS.includes(kind as CodeKind)) {
    throw invalidRequest(
      'kind',
      __DEV__
        ? `kind must be 'unlimited' (getUnlimited, keyed by scene), 'limited' (wxacode.get, keyed by path) or 'qrcode' (createQRCode), got ${describeValue(kind)}.`
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
    // A long scene: the server stores the data and makes the scene (see checkData).
    if (given('data')) out.data = checkData(input.data, given('scene'))
    else out.scene = checkScene(input.scene)
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
      throw invalidRequest(
        'envVersion',
        __DEV__
          ? `envVersion must be 'release', 'trial' or 'develop', got ${describeValue(input.envVersion)}.`
          : '',
      )
    }
    out.envVersion = input.envVersion as EnvVersion
  }
  if (given('autoColor')) out.autoColor = checkBoolean(input.autoColor, 'autoColor')
  if (given('lineColor')) out.lineColor = checkLineColor(input.lineColor)
  if (given('isHyaline')) out.isHyaline = checkBoolean(input.isHyaline, 'isHyaline')
  return out
}

function checkScene(value: unknown): string {
  if (value === undefined || value === null) {
    throw invalidRequest(
      'scene',
      __DEV__
        ? `scene is required for an unlimited code (getUnlimited): 1–${SCENE_MAX} characters of ${SCENE_ALLOWED}. ${SHORT_ID} For a path with a query, use kind: 'limited' with path.`
        : '',
    )
  }
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isSafeInteger(value))) {
    throw invalidRequest(
      'scene',
      __DEV__
        ? `scene must be a string (or a whole number such as a product id), got ${describeValue(value)}.`
        : '',
    )
  }
  const scene = String(value)
  if (scene === '') {
    throw invalidRequest(
      'scene',
      __DEV__ ? `scene is empty: give 1–${SCENE_MAX} characters of ${SCENE_ALLOWED}. ${SHORT_ID}` : '',
    )
  }
  const chars = Array.from(scene)
  const bad = chars.filter((c) => !SCENE_CHAR.test(c))
  if (bad.length > 0 || chars.length > SCENE_MAX) {
    throw invalidRequest('scene', __DEV__ ? sceneAdvice(scene, chars, bad) : '')
  }
  return scene
}

/** Long-scene data: a plain JSON object, instead of a scene. Its size is the server's to check. */
function checkData(value: unknown, withScene: boolean): Record<string, unknown> {
  if (withScene) {
    throw invalidRequest(
      'scene',
      __DEV__ ? 'Give either scene or data (a long scene the server keeps under an id scene), not both.' : '',
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest(
      'data',
      __DEV__
        ? `data must be a JSON object such as { sku: 'A-1', from: 'poster' }, got ${describeValue(value)}.`
        : '',
    )
  }
  return value as Record<string, unknown>
}

function sceneAdvice(scene: string, chars: string[], bad: string[]): string {
  if (bad.includes('%')) {
    return `scene must not contain '%' (WeChat answers 40129). Don't URL-encode it: pass 'id=42&from=poster' as it is; parseScene decodes it on the page. Allowed: ${SCENE_ALLOWED}.`
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
  if (typeof value !== 'string') {
    throw invalidRequest(
      'page',
      __DEV__ ? `page must be a string such as 'pages/goods/detail', got ${describeValue(value)}.` : '',
    )
  }
  const page = value.trim().replace(/^\/+/, '')
  if (page.includes('?')) {
    throw invalidRequest(
      'page',
      __DEV__
        ? `page must not carry a query (${JSON.stringify(value)}): put the data in scene (e.g. page: '${page.slice(0, page.indexOf('?'))}', scene: 'id=42') and read it with parseScene(query.scene).`
        : '',
    )
  }
  if (/[\s#\\]/.test(page)) {
    throw invalidRequest(
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
    throw invalidRequest(
      'path',
      __DEV__
        ? `path is required for kind '${kind}' (${api}): the page to open, e.g. 'pages/goods/detail?id=42'.`
        : '',
    )
  }
  if (typeof value !== 'string') {
    throw invalidRequest(
      'path',
      __DEV__ ? `path must be a string such as 'pages/goods/detail?id=42', got ${describeValue(value)}.` : '',
    )
  }
  const path = value.trim()
  if (path === '') {
    throw invalidRequest(
      'path',
      __DEV__ ? `path is empty: give the page to open, e.g. 'pages/goods/detail?id=42'.` : '',
    )
  }
  // WeChat adds scancode_time to the query itself and answers 85096 when you send one.
  if (/[?&]scancode_time(=|&|$)/.test(path)) {
    throw invalidRequest(
      'path',
      __DEV__
        ? `path must not carry scancode_time (WeChat reserves it and answers errcode 85096): remove it from the query; the page receives it anyway.`
        : '',
    )
  }
  if (kind === 'limited') {
    const length = Array.from(path).length
    if (length > LIMITED_PATH_MAX) {
      throw invalidRequest(
        'path',
        __DEV__
          ? `path is ${length} characters; ${api} allows at most ${LIMITED_PATH_MAX}. Put a short id in the query and look the rest up on the page.`
          : '',
      )
    }
  } else {
    const bytes = utf8ByteLength(path)
    if (bytes > QRCODE_PATH_MAX_BYTES) {
      throw invalidRequest(
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
    throw invalidRequest(
      'width',
      __DEV__
        ? `width must be a whole number of px from ${WIDTH_MIN} to ${WIDTH_MAX} (WeChat's default is ${WIDTH_DEFAULT}), got ${describeValue(value)}.`
        : '',
    )
  }
  return value
}

function checkBoolean(value: unknown, field: Field): boolean {
  if (typeof value !== 'boolean') {
    throw invalidRequest(field, __DEV__ ? `${field} must be true or false, got ${describeValue(value)}.` : '')
  }
  return value
}

function checkLineColor(value: unknown): LineColor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest(
      'lineColor',
      __DEV__
        ? `lineColor must be an object of three channels 0–255, ${LINE_COLOR_EXAMPLE}, got ${describeValue(value)}.`
        : '',
    )
  }
  const c = value as Record<string, unknown>
  const extra = Object.keys(c).filter((key) => !['r', 'g', 'b'].includes(key))
  if (extra.length) {
    throw invalidRequest(
      'lineColor',
      __DEV__ ? `lineColor takes only r, g and b (${LINE_COLOR_EXAMPLE}); remove ${extra.join(', ')}.` : '',
    )
  }
  for (const ch of ['r', 'g', 'b']) {
    const v = c[ch]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
      throw invalidRequest(
        'lineColor',
        __DEV__
          ? `lineColor.${ch} must be a whole number from 0 to 255 (${LINE_COLOR_EXAMPLE}), got ${describeValue(v)}.`
          : '',
      )
    }
  }
  return { r: c.r as number, g: c.g as number, b: c.b as number }
}

function unknownField(key: string, kind: CodeKind): MiniCodeError {
  return invalidRequest(key, __DEV__ ? unknownFieldAdvice(key, kind) : '')
}

function unknownFieldAdvice(key: string, kind: CodeKind): string {
  const squash = (s: string) => s.replace(/[_-]/g, '').toLowerCase()
  const meant = ALL_FIELDS.find((f) => squash(f) === squash(key))
  if (meant) {
    return `Unknown field '${key}': minicode takes camelCase names, use '${meant}' (it becomes ${toSnake(meant)} in WeChat's body).`
  }
  return `Unknown field '${key}'. A '${kind}' code request takes: ${FIELDS_OF[kind].join(', ')}.`
}

function wrongKind(field: Field, kind: CodeKind): MiniCodeError {
  return invalidRequest(field, __DEV__ ? wrongKindAdvice(field, kind) : '')
}

function wrongKindAdvice(field: Field, kind: CodeKind): string {
  const owners = KINDS.filter((k) => FIELDS_OF[k].includes(field))
    .map((k) => `'${k}'`)
    .join(' or ')
  let hint: string
  if (field === 'path') {
    hint = "An unlimited code takes page (no query) plus scene; for a path with a query use kind: 'limited'."
  } else if (field === 'scene' || field === 'page' || field === 'checkPath') {
    hint = `A '${kind}' code is keyed by path, which may carry a query (e.g. 'pages/goods/detail?id=42').`
  } else {
    hint = `${API_OF[kind]} takes only: ${FIELDS_OF[kind].join(', ')}.`
  }
  return `${field} belongs to kind ${owners}, not '${kind}': remove it or change kind. ${hint}`
}

function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}
