import type { EnvVersion } from '../types'

/**
 * Which WeChat API makes the link:
 * - 'urllink'   — urllink.generate (`/wxa/generate_urllink`): `https://wxaurl.cn/…`, opens from SMS, mail, any web page
 * - 'scheme'    — urlscheme.generate (`/wxa/generatescheme`): `weixin://dl/business/?t=…`, opens from other apps and H5
 * - 'shortlink' — shortlink.generate (`/wxa/genwxashortlink`): `#小程序://名称/…`, pasted inside WeChat only
 */
export type LinkKind = 'urllink' | 'scheme' | 'shortlink'

/**
 * When a URL Link or URL Scheme stops working. Every one expires (WeChat ended permanent ones in 2022):
 * give `expireTime` (Unix seconds, at most 30 days ahead) or `expireInterval` (days, 1–30); neither
 * means `expireInterval: 30`. `expireType` (0 = time, 1 = interval) is implied by the field you give.
 */
export interface LinkExpiry {
  /** 0: expires at `expireTime`; 1: expires `expireInterval` days after it is made. */
  expireType?: 0 | 1
  /** Unix time in seconds; at least 60 s and at most 30 days ahead. */
  expireTime?: number
  /** Days, a whole number 1–30. */
  expireInterval?: number
  /** Deprecated by WeChat: always true now. Only `true` is accepted (false would promise a link that never expires). */
  isExpire?: boolean
}

/** Where a URL Link opened outside WeChat lands first: a page of your CloudBase static site (cloud_base). */
export interface CloudBaseTarget {
  /** CloudBase environment id. Required. */
  env: string
  /** Custom domain of the static site; default its CloudBase domain. */
  domain?: string
  /** H5 page path of the site, without query. WeChat's default '/'. */
  path?: string
  /** H5 page query, ≤ 1024 characters of the link query alphabet. */
  query?: string
  /** The appid owning the environment, when the environment is shared from another account. */
  resourceAppid?: string
}

/** A URL Link request. */
export interface UrlLinkRequest extends LinkExpiry {
  kind: 'urllink'
  /** A released page, no query, no leading '/' needed; omitted = the home page. */
  path?: string
  /** ≤ 1024 characters of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ % */
  query?: string
  /** Which version opens (outside WeChat only). Default 'release'. */
  envVersion?: EnvVersion
  cloudBase?: CloudBaseTarget
}

/** A URL Scheme request (sent to WeChat as `jump_wxa` plus the expiry). */
export interface SchemeRequest extends LinkExpiry {
  kind: 'scheme'
  /** A released page, no query; omitted = the home page. */
  path?: string
  /** ≤ 1024 characters of 0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ % */
  query?: string
  /** Default 'release'. */
  envVersion?: EnvVersion
}

/** A Short Link request. */
export interface ShortLinkRequest {
  kind: 'shortlink'
  /** A released page, may carry a query ('pages/item/index?id=42'); ≤ 1024 characters. Required. */
  pageUrl: string
  /** Shown on the link card; ≤ 20 characters (WeChat would cut a longer one to '…'). */
  pageTitle?: string
  /**
   * true: never expires, and spends one of the app's lifetime quota of 100,000 permanent short links.
   * Default false: valid 30 days, no total limit.
   */
  isPermanent?: boolean
}

/** Any of the three link requests, told apart by `kind`. */
export type LinkRequest = UrlLinkRequest | SchemeRequest | ShortLinkRequest

/** A link WeChat made. */
export interface EntryLink {
  kind: LinkKind
  /** `https://wxaurl.cn/…`, `weixin://dl/business/?t=…` or `#小程序://…/…`. */
  link: string
  /** When it stops working, in ms since the epoch; null for a permanent short link. */
  expiresAt: number | null
}
