// minicode getMiniCode cloud function: entry links (URL Link, URL Scheme, Short Link).
//
// A deployed cloud function can't import workspace packages, so this file carries a copy of
// @minicode/core's validateLinkRequest rules and describeLinkError table (core/src/links). Tests in
// packages/server/src/__tests__/cloudfunction-links.test.ts check both agree with core on many
// random inputs. The checks run in core's order, so the same bad request names the same field.
'use strict'

const LINK_KINDS = ['urllink', 'scheme', 'shortlink']
const ENV_VERSIONS = ['release', 'trial', 'develop']
const FIELDS_OF = {
  urllink: [
    'kind',
    'path',
    'query',
    'envVersion',
    'cloudBase',
    'expireType',
    'expireTime',
    'expireInterval',
    'isExpire',
  ],
  scheme: ['kind', 'path', 'query', 'envVersion', 'expireType', 'expireTime', 'expireInterval', 'isExpire'],
  shortlink: ['kind', 'pageUrl', 'pageTitle', 'isPermanent'],
}
const CLOUD_BASE_FIELDS = ['env', 'domain', 'path', 'query', 'resourceAppid']

// WeChat's documented limits (urllink/urlscheme/shortlink.generate).
const TEXT_MAX = 1024
const MAX_DAYS = 30
const MIN_AHEAD_S = 60
const TITLE_MAX = 20
const DAY_S = 86400

const QUERY_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/
const QUERY_ALLOWED = "0-9 A-Z a-z and ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ %"
const PATH_CHARS = /^[0-9A-Za-z_\-./@~]*$/
const CLOUD_ENV = /^[\w-]{1,64}$/
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const APPID = /^wx[0-9a-f]{16}$/

/** A request that breaks a rule: thrown inside validateLink, answered as an error object. */
class Invalid {
  constructor(field, message) {
    this.field = field
    this.message = message
  }
}

function given(value) {
  return value !== undefined && value !== null
}

function isLinkKind(kind) {
  return LINK_KINDS.includes(kind)
}

/**
 * Returns { ok: request } normalised like core's validateLinkRequest (paths trimmed, no leading
 * '/', 'release' and isExpire dropped, expireType with its one field, 30 days by default) or
 * { error: { errcode: 40097, errmsg, code: 'invalid_request', field } }. `now` is in ms.
 */
function validateLink(input, now) {
  try {
    return { ok: checkLinkRequest(input, now) }
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    return {
      error: {
        errcode: 40097,
        errmsg: `invalid_request: ${error.message}`,
        code: 'invalid_request',
        // core leaves the field out when the whole request is at fault
        field: error.field || undefined,
      },
    }
  }
}

function checkLinkRequest(input, now) {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Invalid('', "a link request is an object such as { kind: 'urllink', path: 'pages/item/index' }")
  const kind = input.kind
  if (!isLinkKind(kind)) throw new Invalid('kind', "kind must be 'urllink', 'scheme' or 'shortlink'")
  for (const key of Object.keys(input)) {
    if (given(input[key]) && !FIELDS_OF[kind].includes(key))
      throw new Invalid(
        key,
        `${key} is not a field of a '${kind}' request; its fields are ${FIELDS_OF[kind].join(', ')}`,
      )
  }
  if (kind === 'shortlink') return checkShortLink(input)
  const out = { kind }
  const path = given(input.path) ? checkPagePath(input.path, 'path') : ''
  if (path) out.path = path
  if (given(input.query)) {
    const query = checkQuery(input.query, 'query')
    if (query) out.query = query
  }
  if (given(input.envVersion)) {
    if (!ENV_VERSIONS.includes(input.envVersion))
      throw new Invalid('envVersion', "envVersion must be 'release', 'trial' or 'develop'")
    if (input.envVersion !== 'release') out.envVersion = input.envVersion
  }
  Object.assign(out, checkExpiry(input, now))
  if (kind === 'urllink' && given(input.cloudBase)) out.cloudBase = checkCloudBase(input.cloudBase)
  return out
}

function checkString(value, field) {
  if (typeof value !== 'string') throw new Invalid(field, `${field} must be a string`)
  return value
}

/** A page path without query: trimmed, leading '/' removed. */
function checkPagePath(value, field) {
  const path = checkString(value, field).trim().replace(/^\/+/, '')
  if (path.includes('?'))
    throw new Invalid(field, `${field} takes the page only; put the rest in query (40165)`)
  checkPathText(path, field)
  return path
}

function checkPathText(path, field) {
  if (path.length > TEXT_MAX)
    throw new Invalid(field, `${field} is ${path.length} characters; at most ${TEXT_MAX}`)
  if (!PATH_CHARS.test(path))
    throw new Invalid(field, `${field} is not a page path like 'pages/item/index' (0-9 A-Z a-z _ - . / @ ~)`)
}

function checkQuery(value, field) {
  const query = checkString(value, field)
  if (query.length > TEXT_MAX)
    throw new Invalid(
      field,
      `${field} is ${query.length} characters; WeChat takes at most ${TEXT_MAX} (40212)`,
    )
  if (!QUERY_CHARS.test(query))
    throw new Invalid(
      field,
      `${field} holds characters WeChat refuses (40212): use ${QUERY_ALLOWED}; percent-encode the rest`,
    )
  return query
}

/** expireType with its one field; the default is the longest life WeChat allows. */
function checkExpiry(input, now) {
  if (given(input.isExpire) && input.isExpire !== true)
    throw new Invalid('isExpire', 'WeChat no longer makes links that never expire: leave isExpire out')
  let type = input.expireType
  if (given(type) && type !== 0 && type !== 1)
    throw new Invalid('expireType', 'expireType must be 0 (expireTime) or 1 (expireInterval)')
  const hasTime = given(input.expireTime)
  const hasInterval = given(input.expireInterval)
  if (!given(type)) {
    if (hasTime && hasInterval) throw new Invalid('expireType', 'give expireTime or expireInterval, not both')
    type = hasTime ? 0 : 1
  }
  if (type === 0) {
    if (hasInterval) throw notWithType('expireInterval', 0)
    return { expireType: 0, expireTime: checkExpireTime(input.expireTime, now) }
  }
  if (hasTime) throw notWithType('expireTime', 1)
  return { expireType: 1, expireInterval: hasInterval ? checkInterval(input.expireInterval) : MAX_DAYS }
}

function notWithType(field, type) {
  return new Invalid(field, `${field} does not go with expireType ${type}`)
}

function checkExpireTime(value, now) {
  const nowS = Math.floor(now / 1000)
  if (!Number.isSafeInteger(value))
    throw new Invalid('expireTime', 'expireTime is a whole Unix time in seconds, required with expireType 0')
  if (value > 1e11) throw new Invalid('expireTime', 'expireTime is in seconds, not milliseconds')
  if (value < nowS + MIN_AHEAD_S || value > nowS + MAX_DAYS * DAY_S)
    throw new Invalid(
      'expireTime',
      `expireTime must be between 1 minute and ${MAX_DAYS} days from now (85401)`,
    )
  return value
}

function checkInterval(value) {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS)
    throw new Invalid('expireInterval', `expireInterval is a whole number of days, 1-${MAX_DAYS} (85401)`)
  return value
}

function checkCloudBase(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Invalid('cloudBase', "cloudBase must be an object such as { env: 'prod-1a2b3c' }")
  for (const key of Object.keys(value)) {
    if (given(value[key]) && !CLOUD_BASE_FIELDS.includes(key))
      throw new Invalid(`cloudBase.${key}`, `cloudBase takes ${CLOUD_BASE_FIELDS.join(', ')}`)
  }
  if (typeof value.env !== 'string' || !CLOUD_ENV.test(value.env))
    throw new Invalid('cloudBase.env', 'cloudBase.env is required: the CloudBase environment id')
  const out = { env: value.env }
  if (given(value.domain)) {
    const domain = checkString(value.domain, 'cloudBase.domain')
    if (!HOSTNAME.test(domain))
      throw new Invalid('cloudBase.domain', "cloudBase.domain is a host name only, e.g. 'h5.example.com'")
    out.domain = domain.toLowerCase()
  }
  if (given(value.path)) {
    const path = checkString(value.path, 'cloudBase.path').trim()
    if (path.includes('?') || !/^[\x21-\x7e]*$/.test(path) || path.length > TEXT_MAX)
      throw new Invalid('cloudBase.path', `cloudBase.path is printable ASCII, at most ${TEXT_MAX}, no query`)
    if (path) out.path = path
  }
  if (given(value.query)) {
    const query = checkQuery(value.query, 'cloudBase.query')
    if (query) out.query = query
  }
  if (given(value.resourceAppid)) {
    if (typeof value.resourceAppid !== 'string' || !APPID.test(value.resourceAppid))
      throw new Invalid(
        'cloudBase.resourceAppid',
        "cloudBase.resourceAppid is an appid: 'wx' and 16 hex digits",
      )
    out.resourceAppid = value.resourceAppid
  }
  return out
}

function checkShortLink(input) {
  if (!given(input.pageUrl) || input.pageUrl === '')
    throw new Invalid('pageUrl', "pageUrl is required, e.g. 'pages/item/index?id=42'")
  const raw = checkString(input.pageUrl, 'pageUrl').trim().replace(/^\/+/, '')
  if (raw.length > TEXT_MAX)
    throw new Invalid('pageUrl', `pageUrl is ${raw.length} characters; at most ${TEXT_MAX}`)
  const mark = raw.indexOf('?')
  const page = mark < 0 ? raw : raw.slice(0, mark)
  if (!page) throw new Invalid('pageUrl', 'pageUrl needs a page before its query')
  checkPathText(page, 'pageUrl')
  if (mark >= 0) checkQuery(raw.slice(mark + 1), 'pageUrl')
  const out = { kind: 'shortlink', pageUrl: raw }
  if (given(input.pageTitle)) {
    const title = checkString(input.pageTitle, 'pageTitle')
    const length = Array.from(title).length
    if (length > TITLE_MAX)
      throw new Invalid('pageTitle', `pageTitle is ${length} characters; WeChat shows at most ${TITLE_MAX}`)
    if (title) out.pageTitle = title
  }
  if (given(input.isPermanent)) {
    if (typeof input.isPermanent !== 'boolean')
      throw new Invalid('isPermanent', 'isPermanent must be true or false')
    if (input.isPermanent) out.isPermanent = true
  }
  return out
}

/**
 * The openapi method and its parameters for a validated request. wx-server-sdk turns camelCase
 * keys into WeChat's snake_case (jumpWxa -> jump_wxa), so the body is core's toWeChatLinkBody in
 * camelCase: isExpire true, a scheme's page inside jumpWxa.
 */
function toOpenapiCall(req) {
  if (req.kind === 'shortlink') {
    const params = { pageUrl: req.pageUrl, isPermanent: req.isPermanent === true }
    if (req.pageTitle) params.pageTitle = req.pageTitle
    return { api: 'shortlink', params }
  }
  const target = { path: req.path || '', query: req.query || '', envVersion: req.envVersion || 'release' }
  const expiry = { isExpire: true, expireType: req.expireType }
  if (req.expireType === 0) expiry.expireTime = req.expireTime
  else expiry.expireInterval = req.expireInterval
  if (req.kind === 'scheme') return { api: 'urlscheme', params: { jumpWxa: target, ...expiry } }
  const params = { ...target, ...expiry }
  if (req.cloudBase) params.cloudBase = { ...req.cloudBase }
  return { api: 'urllink', params }
}

/** The field of the openapi answer that holds the link (wx-server-sdk camel-cases url_link). */
const ANSWER_FIELD = { urllink: 'urlLink', scheme: 'openlink', shortlink: 'link' }

/** When a link made at `issuedAt` (ms) stops working, in ms; null for a permanent short link. */
function linkExpiresAt(req, issuedAt) {
  if (req.kind === 'shortlink') return req.isPermanent ? null : issuedAt + 30 * DAY_S * 1000
  if (req.expireType === 0) return req.expireTime * 1000
  return issuedAt + req.expireInterval * DAY_S * 1000
}

// core's describeLinkError: the link APIs' own errcodes, then the general ones (code/wechat-errors.ts).
const LINK_CODE_OF = { 44990: 'rate_limited', 45009: 'quota_exhausted', 85400: 'quota_exhausted' }
const CODE_OF = { 45009: 'rate_limited', 45011: 'rate_limited', 45029: 'quota_exhausted' }
const RETRYABLE = [-1, 45009, 45011, 40001, 40014, 42001, 44990]
const ADVICE = {
  40002:
    'this app may not make links: only verified mini-programs of non-individual accounts in mainland China can',
  40013: "the app's permission to make links was blocked by WeChat",
  40066: 'page_url is not a page of the released version (no leading "/"): publish the page or fix the path',
  40165: 'path is not a page of the released version (no query in path): publish the page or fix the path',
  40212:
    "query is too long (max 1024) or holds characters WeChat refuses: use 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~%",
  40225: 'page_title is not accepted (WeChat refuses illegal content): change the title',
  85079: 'the mini-program has no released version yet: links open released pages only',
  85400:
    'the lifetime quota of 100,000 permanent short links (or long-lived schemes) is used up: make temporary ones (isPermanent: false)',
  85401: 'expire_time must be between 1 minute and 30 days ahead, expire_interval 1–30 days',
  85402: "env_version must be 'release', 'trial' or 'develop'",
  44990: 'links are made too fast (over 100 a second): slow down and retry',
  45009:
    "today's quota is used up (URL Links + Schemes: 500,000 a day; short links: 1,000,000 a day): cache links and retry tomorrow",
}

/**
 * A link errcode explained as core's describeLinkError explains it: { errcode, errmsg (what it
 * means and what to do, WeChat's own errmsg in brackets), code (MiniCodeError's), retryable }.
 */
function describeLinkError(errcode, errmsg, kind) {
  const said = errmsg ? ` (${errmsg})` : ''
  const advice = ADVICE[errcode]
  const linkCode = LINK_CODE_OF[errcode]
  const code = linkCode || (advice === undefined ? CODE_OF[errcode] : undefined) || 'wechat_error'
  // A used-up quota stays used up today (45009) or for ever (85400): retrying only spends calls.
  const retryable = code !== 'quota_exhausted' && RETRYABLE.includes(errcode)
  const explained = advice === undefined ? '' : `: ${advice}`
  return {
    errcode,
    errmsg: `WeChat errcode ${errcode} making a ${kind}${said}${explained}.`,
    code,
    retryable,
  }
}

/**
 * Makes a validated link through cloud.openapi and answers { kind, link, expiresAt } (expiresAt in
 * ms, null for a permanent short link: the same answer as the HTTP server's POST /urllink), or
 * { errcode, errmsg, code, retryable } explained.
 */
async function makeLink(cloud, req, now) {
  const { api, params } = toOpenapiCall(req)
  const issuedAt = now()
  let result
  try {
    result = await cloud.openapi[api].generate(params)
  } catch (error) {
    // openapi throws { errCode, errMsg: 'openapi.urllink.generate:fail <WeChat errmsg>' }.
    const errcode = [error?.errCode, error?.errcode].find((code) => typeof code === 'number') ?? -1
    const errmsg = String(error?.errMsg ?? error?.errmsg ?? error?.message ?? 'openapi call failed')
    return describeLinkError(errcode, errmsg, req.kind)
  }
  if (result && typeof result.errCode === 'number' && result.errCode !== 0)
    return describeLinkError(result.errCode, String(result.errMsg ?? ''), req.kind)
  const link = result && (result[ANSWER_FIELD[req.kind]] ?? result.url_link)
  if (typeof link !== 'string' || !link) {
    return {
      errcode: -2,
      errmsg: `not_a_link: openapi.${api}.generate answered without ${ANSWER_FIELD[req.kind]}`,
      code: 'wechat_error',
      retryable: false,
    }
  }
  return { kind: req.kind, link, expiresAt: linkExpiresAt(req, issuedAt) }
}

module.exports = {
  LINK_KINDS,
  isLinkKind,
  validateLink,
  toOpenapiCall,
  linkExpiresAt,
  describeLinkError,
  makeLink,
}
