import type { LinkEndpoint, SimLinkQuotas } from './links'

/** The WeChat endpoints the simulator answers (also the keys of its call counts). */
export type SimEndpoint =
  | 'token'
  | 'stable_token'
  | 'getwxacodeunlimit'
  | 'getwxacode'
  | 'createwxaqrcode'
  | 'jscode2session'
  | LinkEndpoint

/** Where a fault applies: one endpoint, 'code' (the three code APIs, the default), 'link' (the three link APIs) or 'any'. */
export type SimFaultTarget = SimEndpoint | 'code' | 'link' | 'tokens' | 'any'

/**
 * A fault to inject. Queued faults hit the next matching calls (`times`, default 1); `revokeToken`
 * acts at once: every token issued so far (or only `token`) answers 40001 from then on.
 */
export type SimFault =
  | { kind: 'delay'; ms: number }
  | { kind: 'busy' }
  | { kind: 'rate' }
  | { kind: 'errcode'; errcode: number; errmsg?: string }
  | { kind: 'truncate' }
  | { kind: 'empty' }
  | { kind: 'reset' }
  | { kind: 'revokeToken'; token?: string }

/** How often and where a queued fault applies. */
export interface SimFaultOptions {
  /** How many matching calls it hits (default 1; `Infinity` until {@link WeChatSim.clearFaults}). */
  times?: number
  /** Default 'code'. */
  endpoint?: SimFaultTarget
}

/** Options of {@link createWeChatSim} and {@link startWeChatSim}. */
export interface WeChatSimOptions {
  /** Default SIM_APP_ID. */
  appId?: string
  /** Default SIM_APP_SECRET. */
  appSecret?: string
  /** expires_in of issued tokens. Default 7200. */
  tokenTtlSeconds?: number
  /**
   * /cgi-bin/token: how long the previous token keeps working after a refetch; stable_token (normal
   * mode): how long before expiry a new token is issued. Default 300.
   */
  tokenOverlapSeconds?: number
  /** Codes get + createQRCode may make in total (shared). Default 100000. */
  quota?: number
  /** Codes of that quota already used at start (the first Num-Used is this + 1). Default 0. */
  numUsed?: number
  /**
   * Calls per sliding minute before 45009. A number sets the three code APIs; an object sets
   * endpoints one by one. Defaults: 5000 for each code API, 10000 for stable_token, token unlimited.
   */
  ratePerMinute?: number | Partial<Record<SimEndpoint, number>>
  /** Added to every WeChat call (not to /__sim/*). Default 0. */
  latencyMs?: number
  /**
   * Pages of the "released version": getUnlimited with check_path (default true) and a page not in
   * this list answers 41030. Omitted: every well-formed page counts as released.
   */
  releasedPages?: string[]
  /** Page encoded when getUnlimited gets no page. Default 'pages/index/index'. */
  homePage?: string
  /** The clock in ms (default Date.now): drive token expiry and rate windows without sleeping. */
  now?: () => number
  /** The mini-program's name in short links (`#小程序://<name>/…`). Default '示例小程序'. */
  appName?: string
  /** Link quotas (daily caps, the permanent short link total, per-second rate); documented defaults. */
  linkQuotas?: SimLinkQuotas
}

/** Call counts and state, as `GET /__sim/stats` answers them. */
export interface SimStats {
  /** Calls received per endpoint, whatever the answer. */
  token: number
  stable_token: number
  getwxacodeunlimit: number
  getwxacode: number
  createwxaqrcode: number
  /** Login code exchanges (`/sns/jscode2session`), whatever the answer. */
  jscode2session: number
  /** token + stable_token. */
  tokenCalls: number
  /** getwxacodeunlimit + getwxacode + createwxaqrcode. */
  codeCalls: number
  /** Code images served in full. */
  images: number
  /** New access tokens issued (a stable_token call that returns the current one issues none). */
  tokensIssued: number
  /** Calls answered with an errcode or broken by a fault (delay alone is no failure). */
  failures: number
  /** Code calls refused for their token (41001, 40001, 40014, 42001). */
  tokenErrors: number
  /** URL Link, URL Scheme and Short Link calls, whatever the answer. */
  generate_urllink: number
  generatescheme: number
  genwxashortlink: number
  /** generate_urllink + generatescheme + genwxashortlink. */
  linkCalls: number
  /** Links made. */
  links: number
  /** Permanent short links used of their total (100,000 by default). */
  permanentShortLinks: number
  /** errcode -> how many answers carried it. */
  errcodes: Record<string, number>
  /** Codes used of the shared get + createQRCode quota (the last Num-Used). */
  numUsed: number
  quota: number
  /** Queued faults not used up yet. */
  pendingFaults: number
}

/** A request as the pure handler takes it. */
export interface SimRequest {
  method: string
  /** Path and query, e.g. '/wxa/getwxacodeunlimit?access_token=…'. */
  url: string
  body?: Uint8Array
}

/** An answer of the pure handler; `destroy` asks the transport to drop the connection instead. */
export interface SimReply {
  status: number
  headers: Record<string, string>
  body: Uint8Array
  destroy?: boolean
}
