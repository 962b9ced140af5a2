// minicode getMiniCode cloud function logic.
//
// A deployed cloud function can't import workspace packages, so this file carries a small copy of
// @minicode/core's validateCodeRequest rules (DESIGN.md's code table). A test in
// packages/server/src/__tests__/cloudfunction.test.ts checks it agrees with core on many inputs.
// Entry links (kind 'urllink', 'scheme', 'shortlink') are in links.js, long scenes (`data`) in scenes.js.
'use strict'

const { isLinkKind, makeLink, validateLink } = require('./links')
const { createSceneStore, isSceneId } = require('./scenes')

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/
const ENV_VERSIONS = ['release', 'trial', 'develop']
const FIELDS_OF = {
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
const ALL_FIELDS = FIELDS_OF.unlimited.concat(['path'])
// Added to every event by the cloud runtime, not part of the request.
const RUNTIME_FIELDS = ['userInfo', 'tcbContext']

function invalid(field, message) {
  return { errcode: 40097, errmsg: `invalid_request: ${message}`, field }
}

/**
 * Returns { ok: request } (normalised like core: kind set, page without leading '/', path trimmed,
 * a whole-number scene as a string, null = absent) or { error: { errcode, errmsg, field } }.
 */
function validate(event) {
  if (!event || typeof event !== 'object' || Array.isArray(event))
    return { error: invalid(undefined, 'send the code request fields') }
  const given = (f) => event[f] !== undefined && event[f] !== null
  const kind = given('kind') ? event.kind : 'unlimited'
  if (!Object.prototype.hasOwnProperty.call(FIELDS_OF, kind))
    return { error: invalid('kind', "kind must be 'unlimited', 'limited' or 'qrcode'") }
  for (const key of Object.keys(event)) {
    if (RUNTIME_FIELDS.includes(key)) continue
    if (!ALL_FIELDS.includes(key)) return { error: invalid(key, `unknown field '${key}'`) }
    if (given(key) && !FIELDS_OF[kind].includes(key))
      return { error: invalid(key, `${key} does not belong to kind '${kind}'`) }
  }
  const out = { kind }
  if (kind === 'unlimited') {
    if (given('data')) {
      // A long scene: the function keeps the data and makes the scene (scenes.js).
      if (given('scene'))
        return { error: invalid('scene', 'give either scene or data (a long scene), not both') }
      if (typeof event.data !== 'object' || Array.isArray(event.data))
        return { error: invalid('data', "data must be a JSON object such as { sku: 'A-1', from: 'poster' }") }
      out.data = event.data
    } else {
      let scene = event.scene
      if (typeof scene === 'number' && Number.isSafeInteger(scene)) scene = String(scene)
      if (typeof scene !== 'string' || !SCENE.test(scene)) {
        return {
          error: invalid(
            'scene',
            "scene must be 1-32 chars of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~",
          ),
        }
      }
      out.scene = scene
    }
    if (given('page')) {
      if (typeof event.page !== 'string') return { error: invalid('page', 'page must be a string') }
      const page = event.page.trim().replace(/^\/+/, '')
      if (page.includes('?') || /[\s#\\]/.test(page))
        return { error: invalid('page', "page must be a path like 'pages/index/index', without a query") }
      if (page) out.page = page
    }
  } else {
    const path = typeof event.path === 'string' ? event.path.trim() : ''
    if (!path) return { error: invalid('path', 'path is required for this kind') }
    if (kind === 'limited' && Array.from(path).length > 1024)
      return { error: invalid('path', 'path must be at most 1024 chars') }
    if (kind === 'qrcode' && Buffer.byteLength(path, 'utf8') > 128)
      return { error: invalid('path', 'path must be at most 128 bytes') }
    out.path = path
  }
  if (given('width')) {
    if (!Number.isInteger(event.width) || event.width < 280 || event.width > 1280)
      return { error: invalid('width', 'width must be a whole number 280-1280') }
    out.width = event.width
  }
  for (const flag of ['checkPath', 'autoColor', 'isHyaline']) {
    if (given(flag)) {
      if (typeof event[flag] !== 'boolean') return { error: invalid(flag, `${flag} must be true or false`) }
      out[flag] = event[flag]
    }
  }
  if (given('envVersion')) {
    if (!ENV_VERSIONS.includes(event.envVersion))
      return { error: invalid('envVersion', "envVersion must be 'release', 'trial' or 'develop'") }
    out.envVersion = event.envVersion
  }
  if (given('lineColor')) {
    const c = event.lineColor
    const channel = (v) => Number.isInteger(v) && v >= 0 && v <= 255
    if (
      !c ||
      typeof c !== 'object' ||
      Array.isArray(c) ||
      Object.keys(c).some((k) => !['r', 'g', 'b'].includes(k)) ||
      !channel(c.r) ||
      !channel(c.g) ||
      !channel(c.b)
    ) {
      return { error: invalid('lineColor', 'lineColor must be { r, g, b } with whole numbers 0-255') }
    }
    out.lineColor = { r: c.r, g: c.g, b: c.b }
  }
  return { ok: out }
}

/** The MIME type from the bytes' signature (WeChat labels transparent PNGs image/jpeg). */
function sniff(bytes) {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 6 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif'
  return null
}

const KINDS = ['unlimited', 'limited', 'qrcode']

/** The kinds a deployment allows: MINICODE_KINDS ('unlimited,limited'), else only 'unlimited'. */
function kindsFromEnv(env) {
  const kinds = String((env && env.MINICODE_KINDS) || 'unlimited')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
  const unknown = kinds.find((k) => !KINDS.includes(k))
  if (unknown) throw new Error(`MINICODE_KINDS: '${unknown}' is not a code kind (${KINDS.join(', ')}).`)
  return kinds
}

/** MINICODE_PERMANENT_SHORT_LINKS 1, true, yes or on allows permanent short links (as `minicode serve` reads it). */
function permanentShortLinksFromEnv(env) {
  return /^(1|true|yes|on)$/i.test(String((env && env.MINICODE_PERMANENT_SHORT_LINKS) || ''))
}

/**
 * The request in an event: `event.request` when the caller wrapped it (@minicode/taro's
 * cloudBackend sends `{ ...data, request }`; the other fields are the app's own), else the event.
 */
function requestOf(event) {
  const wrapped = event && typeof event === 'object' && !Array.isArray(event) && 'request' in event
  return wrapped ? event.request : event
}

/** A flat event without the fields the cloud runtime adds. */
function withoutRuntimeFields(event) {
  const request = {}
  for (const key of Object.keys(event)) if (!RUNTIME_FIELDS.includes(key)) request[key] = event[key]
  return request
}

/** Refused before any openapi call, as `minicode serve` refuses them by default. */
function permanentRefused() {
  return {
    errcode: 48001,
    errmsg:
      "forbidden: this cloud function does not make permanent short links (each spends one of the app's lifetime " +
      '100,000); ask for a temporary one (30 days), or set MINICODE_PERMANENT_SHORT_LINKS=1 in its environment',
    code: 'forbidden',
    field: 'isPermanent',
  }
}

/** A link event: validated like core, permanent short links only when allowed, then openapi. */
async function answerLink(cloud, event, options) {
  const checked = validateLink(withoutRuntimeFields(event), options.now())
  if (checked.error) return checked.error
  const req = checked.ok
  if (req.kind === 'shortlink' && req.isPermanent && !options.permanentShortLinks) return permanentRefused()
  return makeLink(cloud, req, options.now)
}

/** The scene of a code made from `data`: { scene } (the data kept under it) or { error }. */
async function sceneOfData(scenes, data) {
  if (!scenes) {
    return {
      error: {
        errcode: 40097,
        errmsg:
          'invalid_request: this cloud function does not keep long scenes (data); give a scene of at most 32 ' +
          "characters, or set MINICODE_SCENE_SECRET (at least 32 characters) in the function's environment",
        code: 'invalid_request',
        field: 'data',
      },
    }
  }
  const prepared = scenes.prepare(data)
  if (prepared.error) {
    const { code, field, message } = prepared.error
    const errcode = code === 'invalid_request' ? 40097 : undefined
    return { error: { errcode, errmsg: `${code}: ${message}`, code, field } }
  }
  // Kept before the code is made: a code never points at data that was not stored.
  const failed = await scenes.keep(prepared.ok)
  if (failed) return { error: failed }
  return { scene: prepared.ok.id }
}

/** `{ kind: 'scene', id }`: the data a long scene's id stands for, as { id, data }, as GET /scene/:id answers. */
async function answerScene(scenes, event) {
  const request = withoutRuntimeFields(event)
  const unknown = Object.keys(request).find((key) => key !== 'kind' && key !== 'id')
  if (unknown !== undefined || typeof request.id !== 'string') {
    const field = unknown === undefined ? 'id' : unknown
    return {
      errcode: 40097,
      errmsg:
        "invalid_request: a scene lookup is { kind: 'scene', id: '~…' } (the id scene the code carries)",
      code: 'invalid_request',
      field,
    }
  }
  const found = scenes ? await scenes.get(request.id) : { data: null }
  if (found.error) return found.error
  if (!found.data) {
    return {
      errmsg:
        'not_found: no long scene has this id here (a code from another deployment, or a mistyped id)' +
        (scenes ? '' : '; this cloud function keeps no long scenes (MINICODE_SCENE_SECRET is not set)'),
      code: 'not_found',
    }
  }
  return { id: request.id, data: found.data }
}

/**
 * Builds the cloud function's main for a `cloud` object (wx-server-sdk, or a fake in tests).
 *
 * The event is a code request (`{ scene, page, … }`, `kind` 'unlimited', 'limited' or 'qrcode')
 * answered { buffer, contentType } (what @minicode/taro's cloudBackend reads), or a link request
 * (`{ kind: 'urllink' | 'scheme' | 'shortlink', … }`, core's LinkRequest) answered
 * { kind, link, expiresAt }; either may come wrapped as `{ request }`. Failures are
 * { errcode, errmsg } (links add `code`, `retryable` and, when the request is at fault, `field`).
 *
 * Long scenes, when `options.sceneSecret` (MINICODE_SCENE_SECRET) is set: a code request with `data`
 * (a JSON object, at most 2,048 bytes as canonical JSON) instead of `scene` keeps the data in the
 * cloud database (collection 'minicode_scenes') and makes the code with its id scene;
 * `{ kind: 'scene', id }` answers { id, data }. Their failures are { errmsg, code, field?, errcode? }
 * ('invalid_request', 'payload_too_large', 'not_found', 'store_unavailable').
 *
 * Any user of the mini-program can call a cloud function, so like `minicode serve` it makes
 * 'unlimited' codes only unless `options.kinds` (index.js: MINICODE_KINDS) allows 'limited' or
 * 'qrcode', which spend the app's lifetime quota of 100,000 codes; and temporary short links only
 * unless `options.permanentShortLinks` (MINICODE_PERMANENT_SHORT_LINKS=1). `options.now` is the
 * clock in ms (tests).
 */
function createGetMiniCode(cloud, options = {}) {
  const kinds = options.kinds || ['unlimited']
  const linkOptions = {
    permanentShortLinks: options.permanentShortLinks === true,
    now: options.now || Date.now,
  }
  const scenes = options.sceneSecret ? createSceneStore(cloud, options.sceneSecret) : null
  return async function main(event) {
    const request = requestOf(event)
    if (request && typeof request === 'object' && isLinkKind(request.kind))
      return answerLink(cloud, request, linkOptions)
    if (request && typeof request === 'object' && request.kind === 'scene')
      return answerScene(scenes, request)
    const checked = validate(request)
    if (checked.error) return checked.error
    const req = checked.ok
    if (!kinds.includes(req.kind)) {
      // Refused before any openapi call. 48001 is WeChat's "API not authorised".
      return {
        errcode: 48001,
        errmsg:
          `forbidden: this cloud function does not make '${req.kind}' codes (they spend the app's lifetime quota of ` +
          `100,000); allow them with MINICODE_KINDS=unlimited,${req.kind} in the function's environment`,
        field: 'kind',
      }
    }
    if (req.data !== undefined) {
      const made = await sceneOfData(scenes, req.data)
      if (made.error) return made.error
      req.scene = made.scene
    } else if (scenes && isSceneId(req.scene)) {
      // With long scenes on, id scenes come only from data: a look-alike would resolve to nothing.
      return {
        errcode: 40097,
        errmsg:
          "invalid_request: this scene has the shape of a long scene's id ('~' and 31 base64url characters), " +
          'kept for codes made from data: pass { data } instead, or change the scene',
        code: 'invalid_request',
        field: 'scene',
      }
    }
    const common = {}
    if (req.width !== undefined) common.width = req.width
    let call
    let params
    if (req.kind === 'unlimited') {
      call = 'getUnlimited'
      params = { scene: req.scene, ...common }
      if (req.page !== undefined) params.page = req.page
      if (req.checkPath !== undefined) params.checkPath = req.checkPath
    } else {
      call = req.kind === 'limited' ? 'get' : 'createQRCode'
      params = { path: req.path, ...common }
    }
    {
      if (req.envVersion !== undefined) params.envVersion = req.envVersion
      if (req.autoColor !== undefined) params.autoColor = req.autoColor
      if (req.isHyaline !== undefined) params.isHyaline = req.isHyaline
      if (req.lineColor !== undefined) params.lineColor = req.lineColor
    }
    let result
    try {
      result = await cloud.openapi.wxacode[call](params)
    } catch (error) {
      // openapi throws with errCode/errMsg; keep WeChat's code so the client can explain it.
      const errcode = [error?.errCode, error?.errcode].find((code) => typeof code === 'number') ?? -1
      const errmsg = String(error?.errMsg ?? error?.errmsg ?? error?.message ?? 'openapi call failed')
      return { errcode, errmsg }
    }
    if (result && typeof result.errCode === 'number' && result.errCode !== 0) {
      return { errcode: result.errCode, errmsg: String(result.errMsg ?? '') }
    }
    const buffer = result && result.buffer
    let bytes = Buffer.alloc(0)
    if (buffer) bytes = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer)
    const contentType = sniff(bytes)
    if (!contentType) {
      // A JSON error body in the buffer (rare, but WeChat answers errors with HTTP 200).
      try {
        const data = JSON.parse(bytes.toString('utf8'))
        if (typeof data.errcode === 'number')
          return { errcode: data.errcode, errmsg: String(data.errmsg ?? '') }
      } catch {
        // not JSON either
      }
      return { errcode: -2, errmsg: 'not_an_image: WeChat answered bytes that are not an image' }
    }
    return { buffer: bytes, contentType }
  }
}

module.exports = { createGetMiniCode, kindsFromEnv, permanentShortLinksFromEnv, validate, sniff }
