import type { LinkKind, LinkRequest } from './link-types'

/** The WeChat API path of each link kind. */
export const LINK_API_PATH: Record<LinkKind, string> = {
  urllink: '/wxa/generate_urllink',
  scheme: '/wxa/generatescheme',
  shortlink: '/wxa/genwxashortlink',
}

/** The field of WeChat's answer that holds the link. */
export const LINK_ANSWER_FIELD: Record<LinkKind, 'url_link' | 'openlink' | 'link'> = {
  urllink: 'url_link',
  scheme: 'openlink',
  shortlink: 'link',
}

const DAY_MS = 86_400_000

/**
 * The API path and JSON body WeChat expects for a validated (normalised) link request: snake_case
 * fields, a scheme's page inside `jump_wxa`, and `is_expire: true` (older API versions read the expiry
 * fields only with it; newer ones ignore it).
 */
export function toWeChatLinkBody(req: LinkRequest): { path: string; body: Record<string, unknown> } {
  const path = LINK_API_PATH[req.kind]
  if (req.kind === 'shortlink') {
    const body: Record<string, unknown> = { page_url: req.pageUrl, is_permanent: req.isPermanent === true }
    if (req.pageTitle) body.page_title = req.pageTitle
    return { path, body }
  }
  const target: Record<string, unknown> = { path: req.path ?? '', query: req.query ?? '' }
  target.env_version = req.envVersion ?? 'release'
  const expiry: Record<string, unknown> = { is_expire: true, expire_type: req.expireType }
  if (req.expireType === 0) expiry.expire_time = req.expireTime
  else expiry.expire_interval = req.expireInterval
  if (req.kind === 'scheme') return { path, body: { jump_wxa: target, ...expiry } }
  const body: Record<string, unknown> = { ...target, ...expiry }
  if (req.cloudBase) {
    const { env, domain, path: h5Path, query, resourceAppid } = req.cloudBase
    const cloud: Record<string, unknown> = { env }
    if (domain) cloud.domain = domain
    if (h5Path) cloud.path = h5Path
    if (query) cloud.query = query
    if (resourceAppid) cloud.resource_appid = resourceAppid
    body.cloud_base = cloud
  }
  return { path, body }
}

/**
 * When a link made at `issuedAt` (ms) stops working, in ms; null for a permanent short link. A
 * temporary short link lives 30 days (WeChat's documented life).
 */
export function linkExpiresAt(req: LinkRequest, issuedAt: number): number | null {
  if (req.kind === 'shortlink') return req.isPermanent ? null : issuedAt + 30 * DAY_MS
  if (req.expireType === 0) return (req.expireTime ?? 0) * 1000
  return issuedAt + (req.expireInterval ?? 30) * DAY_MS
}

/**
 * A cache key for a validated (normalised) link request: the same for the same link, whatever the
 * key order it was asked with. Built field by field (no sorting), as it runs on every warm ask.
 */
export function linkRequestKey(req: LinkRequest): string {
  if (req.kind === 'shortlink')
    return JSON.stringify(['shortlink', req.pageUrl, req.pageTitle ?? '', req.isPermanent === true])
  const expiry = req.expireType === 0 ? req.expireTime : req.expireInterval
  const target = [req.path ?? '', req.query ?? '', req.envVersion ?? 'release', req.expireType, expiry]
  if (req.kind === 'scheme') return JSON.stringify(['scheme', ...target])
  const cloud = req.cloudBase
  const h5 = cloud
    ? [cloud.env, cloud.domain ?? '', cloud.path ?? '', cloud.query ?? '', cloud.resourceAppid ?? '']
    : null
  return JSON.stringify(['urllink', ...target, h5])
}
