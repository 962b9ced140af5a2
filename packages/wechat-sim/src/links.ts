import { randomBytes } from 'node:crypto'

/** The three link endpoints, as the simulator counts them. */
export type LinkEndpoint = 'generate_urllink' | 'generatescheme' | 'genwxashortlink'

/** WeChat's link quotas; the defaults are the documented ones. */
export interface SimLinkQuotas {
  /** URL Links + URL Schemes made per day (Beijing time), shared. Default 500,000; then 45009. */
  daily?: number
  /** Short links made per day. Default 1,000,000; then 45009. */
  shortDaily?: number
  /** Permanent short links ever. Default 100,000; then 85400. */
  permanent?: number
  /** Permanent short links already made at start. Default 0. */
  permanentUsed?: number
  /** URL Links + Schemes per second before 44990. Default 100. */
  perSecond?: number
}

/** What a link endpoint answers: the JSON body, or an errcode. */
export type LinkAnswer = { body: Record<string, string | number> } | { errcode: number }

interface Rules {
  releasedPages?: string[]
  homePage: string
  appName: string
}

const DAY_MS = 86_400_000
const BEIJING_MS = 8 * 3_600_000
const QUERY = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/
const ENV_VERSIONS = ['release', 'trial', 'develop']
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A ticket of `length` base62 characters, like the ones in WeChat's links. */
function ticket(length: number): string {
  let out = ''
  for (const byte of randomBytes(length)) out += BASE62[byte % 62]
  return out
}

/**
 * urllink/urlscheme/shortlink.generate as WeChat answers them: its checks and errcodes (40165/40066
 * page not released, 40212 query, 85401 expiry window, 85402 env_version, 47001 malformed body), its
 * daily quotas (45009), the permanent short link's total (85400), 44990 past 100 a second, and its
 * link formats.
 */
export class LinkDesk {
  /** Links made, and permanent short links used of the total. */
  issued = 0
  permanentUsed: number
  private day = -1
  private dailyUsed = 0
  private shortDailyUsed = 0
  private second = -1
  private secondUsed = 0

  constructor(
    private readonly rules: Rules,
    private readonly quotas: SimLinkQuotas = {},
  ) {
    this.permanentUsed = quotas.permanentUsed ?? 0
  }

  answer(endpoint: LinkEndpoint, body: Record<string, unknown>, now: number): LinkAnswer {
    this.rollDay(now)
    if (endpoint === 'genwxashortlink') return this.shortLink(body)
    const target = endpoint === 'generatescheme' ? body.jump_wxa : body
    if (target !== undefined && (typeof target !== 'object' || target === null)) return { errcode: 47001 }
    const jump = (target ?? {}) as Record<string, unknown>
    const checked = this.checkTarget(jump) ?? this.checkExpiry(body, now)
    if (checked) return { errcode: checked }
    if (endpoint === 'generate_urllink' && body.cloud_base !== undefined) {
      const cloud = body.cloud_base as Record<string, unknown> | null
      if (typeof cloud !== 'object' || cloud === null || typeof cloud.env !== 'string' || !cloud.env)
        return { errcode: 40097 }
    }
    const second = Math.floor(now / 1000)
    if (second !== this.second) {
      this.second = second
      this.secondUsed = 0
    }
    if (++this.secondUsed > (this.quotas.perSecond ?? 100)) return { errcode: 44990 }
    if (this.dailyUsed >= (this.quotas.daily ?? 500_000)) return { errcode: 45009 }
    this.dailyUsed++
    this.issued++
    if (endpoint === 'generatescheme') return { body: { openlink: `weixin://dl/business/?t=${ticket(11)}` } }
    return { body: { url_link: `https://wxaurl.cn/${ticket(11)}` } }
  }

  private rollDay(now: number): void {
    const day = Math.floor((now + BEIJING_MS) / DAY_MS)
    if (day !== this.day) {
      this.day = day
      this.dailyUsed = 0
      this.shortDailyUsed = 0
    }
  }

  private released(page: string): boolean {
    return !this.rules.releasedPages || page === '' || this.rules.releasedPages.includes(page)
  }

  /** path (a released page, no query), query and env_version of a URL Link or a scheme's jump_wxa. */
  private checkTarget(jump: Record<string, unknown>): number | undefined {
    const { path = '', query = '', env_version: env = 'release' } = jump
    if (typeof path !== 'string' || typeof query !== 'string' || typeof env !== 'string') return 47001
    const page = path.replace(/^\//, '')
    if (page.includes('?') || page.length > 1024 || !this.released(page)) return 40165
    if (query.length > 1024 || !QUERY.test(query)) return 40212
    if (!ENV_VERSIONS.includes(env)) return 85402
    return undefined
  }

  /** expire_type 0 needs expire_time 1 min – 30 days ahead; 1 needs expire_interval 1–30 days. */
  private checkExpiry(body: Record<string, unknown>, now: number): number | undefined {
    const type = body.expire_type ?? (body.expire_time !== undefined ? 0 : 1)
    if (type === 0) {
      const time = body.expire_time
      if (typeof time !== 'number' || !Number.isInteger(time)) return 47001
      const ahead = time - Math.floor(now / 1000)
      if (ahead < 60 || ahead > 30 * 86_400) return 85401
      return undefined
    }
    if (type !== 1) return 47001
    const interval = body.expire_interval ?? 30
    if (typeof interval !== 'number' || !Number.isInteger(interval)) return 47001
    if (interval < 1 || interval > 30) return 85401
    return undefined
  }

  private shortLink(body: Record<string, unknown>): LinkAnswer {
    const { page_url: url, page_title: title = '', is_permanent: permanent = false } = body
    if (typeof url !== 'string' || typeof title !== 'string' || typeof permanent !== 'boolean')
      return { errcode: 47001 }
    // No leading '/': WeChat answers 40066 for '/pages/…' (its own example once had one).
    const page = url.split('?')[0]!
    if (!page || page.startsWith('/') || url.length > 1024 || !this.released(page)) return { errcode: 40066 }
    if (this.shortDailyUsed >= (this.quotas.shortDaily ?? 1_000_000)) return { errcode: 45009 }
    if (permanent && this.permanentUsed >= (this.quotas.permanent ?? 100_000)) return { errcode: 85400 }
    this.shortDailyUsed++
    if (permanent) this.permanentUsed++
    this.issued++
    return { body: { link: `#小程序://${this.rules.appName}/${ticket(15)}` } }
  }
}
