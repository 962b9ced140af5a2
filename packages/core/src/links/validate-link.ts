import { describeValue, invalidRequest } from '../errors'
import type { EnvVersion } from '../types'
import type {
  CloudBaseTarget,
  LinkExpiry,
  LinkKind,
  LinkRequest,
  SchemeRequest,
  ShortLinkRequest,
  UrlLinkRequest,
} from './link-types'

export const LINK_KINDS: readonly LinkKind[] = ['urllink', 'scheme', 'shortlink']
const ENV_VERSIONS: readonly EnvVersion[] = ['release', 'trial', 'develop']
// Written out, not spread from a shared list: a spread is code a bundle that never validates a link keeps.
const FIELDS_OF: Record<LinkKind, readonly string[]> = {
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

/** WeChat's documented limits (urllink/urlscheme/shortlink.generate). */
export const LINK_TEXT_MAX = 1024
export const LINK_MAX_DAYS = 30
export const LINK_MIN_AHEAD_S = 60
export const SHORT_LINK_TITLE_MAX = 20
const DAY_S = 86_400

// The query alphabet WeChat documents for links (the scene alphabet plus '%').
const QUERY_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/
const QUERY_ALLOWED = "0-9 A-Z a-z and ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ %"
// Page paths are app.json paths: undocumented for links, so the characters mini-program pages use.
const PATH_CHARS = /^[0-9A-Za-z_\-./@~]*$/
const CLOUD_ENV = /^[\w-]{1,64}$/
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const APPID = /^wx[0-9a-f]{16}$/

// Requests this module returned (frozen): a service handed one of them skips checking it again.
const VALIDATED = new WeakSet<object>()

/** True for a request `validateLinkRequest` returned (frozen, so still as it was checked). */
export function isValidatedLinkRequest(value: unknown): value is LinkRequest {
  return typeof value === 'object' && value !== null && VALIDATED.has(value)
}

export interface ValidateLinkOptions {
  /** The clock in ms, for `expireTime`'s window. Default Date.now. */
  now?: () => number
}

/**
 * Checks a link request against WeChat's documented rules and returns it normalised and frozen; each
 * violation throws `MiniCodeError('invalid_request')` with `field` and what to do, before any call to
 * WeChat.
 *
 * Normalisation: paths are trimmed and lose a leading '/' (a short link's `page_url` with one answers
 * 40066); `envVersion: 'release'` (the default) and `isExpire: true` (always on) are dropped; URL Links
 * and Schemes always get `expireType` with its field, and neither means `expireInterval: 30`, so every
 * link's lifetime is known. `null` counts as absent.
 *
 * Decided here where WeChat is silent or lenient: `isExpire: false` is refused (WeChat quietly makes an
 * expiring link anyway); a short link title over 20 characters is refused (WeChat would cut it); page
 * paths accept the characters of app.json paths (`0-9 A-Z a-z _ - . / @ ~`) up to 1024.
 *
 * @example
 * validateLinkRequest({ kind: 'urllink', path: '/pages/item/index', query: 'id=42' })
 * // { kind: 'urllink', path: 'pages/item/index', query: 'id=42', expireType: 1, expireInterval: 30 }
 */
export function validateLinkRequest(req: unknown, options: ValidateLinkOptions = {}): LinkRequest {
  const valid = checkLinkRequest(req, options)
  if (valid.kind === 'urllink' && valid.cloudBase) Object.freeze(valid.cloudBase)
  VALIDATED.add(Object.freeze(valid))
  return valid
}

function checkLinkRequest(req: unknown, options: ValidateLinkOptions): LinkRequest {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    throw invalidRequest(
      '',
      __DEV__
        ? `A link request must be an object such as { kind: 'urllink', path: 'pages/item/index', query: 'id=42' }, got ${describeValue(req)}.`
        : '',
    )
  }
  const input = req as Record<string, unknown>
  const kind = input.kind
  if (typeof kind !== 'string' || !LINK_KINDS.includes(kind as LinkKind)) {
    throw invalidRequest(
      'kind',
      __DEV__
        ? `kind must be 'urllink' (https://wxaurl.cn/…), 'scheme' (weixin://dl/business/…) or 'shortlink' (#小程序://…), got ${describeValue(kind)}.`
        : '',
    )
  }
  const k = kind as LinkKind
  for (const key of Object.keys(input)) {
    if (input[key] !== undefined && input[key] !== null && !FIELDS_OF[k].includes(key)) {
      throw invalidRequest(
        key,
        __DEV__
          ? `${key} is not a field of a '${k}' request; its fields are ${FIELDS_OF[k].join(', ')}.`
          : '',
      )
    }
  }
  if (k === 'shortlink') return checkShortLink(input)
  const now = (options.now ?? Date.now)()
  const out = { kind: k } as UrlLinkRequest | SchemeRequest
  const path = given(input.path) ? checkPagePath(input.path, 'path') : ''
  if (path) out.path = path
  if (given(input.query)) {
    const query = checkQuery(input.query, 'query')
    if (query) out.query = query
  }
  if (given(input.envVersion)) {
    if (!ENV_VERSIONS.includes(input.envVersion as EnvVersion)) {
      throw invalidRequest(
        'envVersion',
        __DEV__
          ? `envVersion must be 'release', 'trial' or 'develop' (used when opened outside WeChat), got ${describeValue(input.envVersion)}.`
          : '',
      )
    }
    if (input.envVersion !== 'release') out.envVersion = input.envVersion as EnvVersion
  }
  Object.assign(out, checkExpiry(input, now))
  if (k === 'urllink' && given(input.cloudBase))
    (out as UrlLinkRequest).cloudBase = checkCloudBase(input.cloudBase)
  return out
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null
}

function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw invalidRequest(field, __DEV__ ? `${field} must be a string, got ${describeValue(value)}.` : '')
  }
  return value
}

/** A page path without query: trimmed, leading '/' removed. */
function checkPagePath(value: unknown, field: string): string {
  const path = checkString(value, field).trim().replace(/^\/+/, '')
  if (path.includes('?')) {
    throw invalidRequest(
      field,
      __DEV__
        ? `${field} takes the page only; put '${path.slice(path.indexOf('?') + 1, 40)}' in query (WeChat answers 40165).`
        : '',
    )
  }
  checkPathText(path, field)
  return path
}

function checkPathText(path: string, field: string): void {
  if (path.length > LINK_TEXT_MAX) {
    throw invalidRequest(
      field,
      __DEV__ ? `${field} is ${path.length} characters; at most ${LINK_TEXT_MAX}.` : '',
    )
  }
  if (!PATH_CHARS.test(path)) {
    throw invalidRequest(
      field,
      __DEV__
        ? `${field} '${path.slice(0, 60)}' is not a page path: use the path of a released page as app.json lists it (0-9 A-Z a-z _ - . / @ ~), e.g. 'pages/item/index'.`
        : '',
    )
  }
}

function checkQuery(value: unknown, field: string): string {
  const query = checkString(value, field)
  if (query.length > LINK_TEXT_MAX) {
    throw invalidRequest(
      field,
      __DEV__
        ? `${field} is ${query.length} characters; WeChat takes at most ${LINK_TEXT_MAX} (40212). Keep the data on your server and pass an id.`
        : '',
    )
  }
  if (!QUERY_CHARS.test(query)) {
    const bad = [...query].find((c) => !QUERY_CHARS.test(c))
    throw invalidRequest(
      field,
      __DEV__
        ? `${field} holds ${JSON.stringify(bad)}, which WeChat refuses (40212): use ${QUERY_ALLOWED}; percent-encode anything else (encodeURIComponent).`
        : '',
    )
  }
  return query
}

/** expireType with its one field; the default is the longest life WeChat allows. */
function checkExpiry(input: Record<string, unknown>, now: number): LinkExpiry {
  if (given(input.isExpire) && input.isExpire !== true) {
    throw invalidRequest(
      'isExpire',
      __DEV__
        ? `isExpire: WeChat no longer makes links that never expire (every URL Link and Scheme lasts at most ${LINK_MAX_DAYS} days); leave isExpire out and set expireInterval or expireTime.`
        : '',
    )
  }
  let type = input.expireType
  if (given(type) && type !== 0 && type !== 1) {
    throw invalidRequest(
      'expireType',
      __DEV__
        ? `expireType must be 0 (expires at expireTime) or 1 (expires after expireInterval days), got ${describeValue(type)}.`
        : '',
    )
  }
  const hasTime = given(input.expireTime)
  const hasInterval = given(input.expireInterval)
  if (!given(type)) {
    if (hasTime && hasInterval) {
      throw invalidRequest(
        'expireType',
        __DEV__ ? 'Give expireTime or expireInterval, not both (or set expireType to choose).' : '',
      )
    }
    type = hasTime ? 0 : 1
  }
  if (type === 0) {
    if (hasInterval) throw notWithType('expireInterval', 0)
    return { expireType: 0, expireTime: checkExpireTime(input.expireTime, now) }
  }
  if (hasTime) throw notWithType('expireTime', 1)
  return { expireType: 1, expireInterval: hasInterval ? checkInterval(input.expireInterval) : LINK_MAX_DAYS }
}

function notWithType(field: string, type: 0 | 1) {
  return invalidRequest(
    field,
    __DEV__
      ? `${field} does not go with expireType ${type}: expireType 0 takes expireTime, 1 takes expireInterval.`
      : '',
  )
}

function checkExpireTime(value: unknown, now: number): number {
  const nowS = Math.floor(now / 1000)
  if (!Number.isSafeInteger(value)) {
    throw invalidRequest(
      'expireTime',
      __DEV__
        ? `expireTime is required with expireType 0: a whole Unix time in seconds (e.g. ${nowS + 7 * DAY_S}), got ${describeValue(value)}.`
        : '',
    )
  }
  const time = value as number
  if (time > 1e11) {
    throw invalidRequest(
      'expireTime',
      __DEV__ ? `expireTime is in seconds, not milliseconds: use Math.floor(ms / 1000).` : '',
    )
  }
  if (time < nowS + LINK_MIN_AHEAD_S || time > nowS + LINK_MAX_DAYS * DAY_S) {
    throw invalidRequest(
      'expireTime',
      __DEV__
        ? `expireTime must be between 1 minute and ${LINK_MAX_DAYS} days from now (WeChat answers 85401), got ${time - nowS} s ahead.`
        : '',
    )
  }
  return time
}

function checkInterval(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > LINK_MAX_DAYS) {
    throw invalidRequest(
      'expireInterval',
      __DEV__
        ? `expireInterval is a whole number of days, 1–${LINK_MAX_DAYS} (WeChat answers 85401 otherwise), got ${describeValue(value)}.`
        : '',
    )
  }
  return value as number
}

function checkCloudBase(value: unknown): CloudBaseTarget {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest(
      'cloudBase',
      __DEV__
        ? `cloudBase must be an object such as { env: 'prod-1a2b3c' }, got ${describeValue(value)}.`
        : '',
    )
  }
  const input = value as Record<string, unknown>
  for (const key of Object.keys(input)) {
    if (given(input[key]) && !CLOUD_BASE_FIELDS.includes(key)) {
      throw invalidRequest(
        `cloudBase.${key}`,
        __DEV__ ? `cloudBase.${key} is unknown; cloudBase takes ${CLOUD_BASE_FIELDS.join(', ')}.` : '',
      )
    }
  }
  if (typeof input.env !== 'string' || !CLOUD_ENV.test(input.env)) {
    throw invalidRequest(
      'cloudBase.env',
      __DEV__
        ? `cloudBase.env is required: the CloudBase environment id (letters, digits, '_' and '-'), got ${describeValue(input.env)}.`
        : '',
    )
  }
  const out: CloudBaseTarget = { env: input.env }
  if (given(input.domain)) {
    const domain = checkString(input.domain, 'cloudBase.domain')
    if (!HOSTNAME.test(domain)) {
      throw invalidRequest(
        'cloudBase.domain',
        __DEV__ ? `cloudBase.domain is a host name only, e.g. 'h5.example.com' (no scheme, no path).` : '',
      )
    }
    out.domain = domain.toLowerCase()
  }
  if (given(input.path)) {
    const path = checkString(input.path, 'cloudBase.path').trim()
    if (path.includes('?') || !/^[\x21-\x7e]*$/.test(path) || path.length > LINK_TEXT_MAX) {
      throw invalidRequest(
        'cloudBase.path',
        __DEV__
          ? `cloudBase.path is the H5 page's path (printable ASCII, ≤ ${LINK_TEXT_MAX}, no query: use cloudBase.query).`
          : '',
      )
    }
    if (path) out.path = path
  }
  if (given(input.query)) {
    const query = checkQuery(input.query, 'cloudBase.query')
    if (query) out.query = query
  }
  if (given(input.resourceAppid)) {
    if (typeof input.resourceAppid !== 'string' || !APPID.test(input.resourceAppid)) {
      throw invalidRequest(
        'cloudBase.resourceAppid',
        __DEV__ ? `cloudBase.resourceAppid is an appid: 'wx' and 16 hex digits.` : '',
      )
    }
    out.resourceAppid = input.resourceAppid
  }
  return out
}

function checkShortLink(input: Record<string, unknown>): ShortLinkRequest {
  if (!given(input.pageUrl) || input.pageUrl === '') {
    throw invalidRequest(
      'pageUrl',
      __DEV__
        ? `pageUrl is required: a released page, optionally with its query, e.g. 'pages/item/index?id=42'.`
        : '',
    )
  }
  const raw = checkString(input.pageUrl, 'pageUrl').trim().replace(/^\/+/, '')
  if (raw.length > LINK_TEXT_MAX) {
    throw invalidRequest(
      'pageUrl',
      __DEV__ ? `pageUrl is ${raw.length} characters; at most ${LINK_TEXT_MAX}.` : '',
    )
  }
  const mark = raw.indexOf('?')
  const page = mark < 0 ? raw : raw.slice(0, mark)
  if (!page) throw invalidRequest('pageUrl', __DEV__ ? 'pageUrl needs a page before its query.' : '')
  checkPathText(page, 'pageUrl')
  if (mark >= 0) checkQuery(raw.slice(mark + 1), 'pageUrl')
  const out: ShortLinkRequest = { kind: 'shortlink', pageUrl: raw }
  if (given(input.pageTitle)) {
    const title = checkString(input.pageTitle, 'pageTitle')
    const length = [...title].length
    if (length > SHORT_LINK_TITLE_MAX) {
      throw invalidRequest(
        'pageTitle',
        __DEV__
          ? `pageTitle is ${length} characters; WeChat shows at most ${SHORT_LINK_TITLE_MAX} (it would cut the rest to '...'). Shorten it.`
          : '',
      )
    }
    if (title) out.pageTitle = title
  }
  if (given(input.isPermanent)) {
    if (typeof input.isPermanent !== 'boolean') {
      throw invalidRequest(
        'isPermanent',
        __DEV__ ? `isPermanent must be true or false, got ${describeValue(input.isPermanent)}.` : '',
      )
    }
    if (input.isPermanent) out.isPermanent = true
  }
  return out
}
