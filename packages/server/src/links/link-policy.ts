import { MiniCodeError, type LinkRequest } from '@minicode/core'

export interface LinkPolicyOptions {
  /** Pages links may open ('pages/a/index', or a prefix ending in '*'): the handler's allowPages. */
  allowPages?: readonly string[]
  /**
   * Serve permanent short links, which spend the app's lifetime quota of 100,000 (each new one uses
   * one, forever). Default false: they are 403 until allowed, like limited codes.
   */
  permanentShortLinks?: boolean
}

/** The mini-program page a validated link opens ('' = the home page). */
export function pageOfLink(request: LinkRequest): string {
  if (request.kind === 'shortlink') return request.pageUrl.split('?')[0]!
  return request.path ?? ''
}

/**
 * Which validated link requests this endpoint serves, checked before any upstream call. Throws
 * 'forbidden' naming the field and the setting that would allow it.
 */
export function createLinkPolicy(options: LinkPolicyOptions): (request: LinkRequest) => void {
  const pages = options.allowPages?.map((p) => p.replace(/^\/+/, ''))
  return (request) => {
    if (request.kind === 'shortlink' && request.isPermanent && !options.permanentShortLinks) {
      throw new MiniCodeError(
        'forbidden',
        "This server does not make permanent short links: each spends one of the app's lifetime 100,000. " +
          'Ask for a temporary one (30 days), or allow them with permanentShortLinks / MINICODE_PERMANENT_SHORT_LINKS=1.',
        { field: 'isPermanent' },
      )
    }
    const page = pageOfLink(request)
    // The home page is always allowed, as for codes.
    if (!pages || page === '') return
    if (!pages.some((p) => (p.endsWith('*') ? page.startsWith(p.slice(0, -1)) : page === p))) {
      throw new MiniCodeError(
        'forbidden',
        `Page '${page.slice(0, 128)}' is not in this server's allowPages (MINICODE_ALLOW_PAGES).`,
        { field: request.kind === 'shortlink' ? 'pageUrl' : 'path' },
      )
    }
  }
}
