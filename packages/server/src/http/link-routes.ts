import { MiniCodeError, validateLinkRequest, type LinkKind } from '@minicode/core'
import type { LinkService } from '../links/link-service'
import { createLinkPolicy, type LinkPolicyOptions } from '../links/link-policy'
import { utf8 } from '../stores/store'
import { fastResponse } from './fast-response'
import { readJson } from './read-json'

/** What the link routes share with the handler: who asks, how often, how much body. */
export interface LinkRouteOptions extends LinkPolicyOptions {
  links: Pick<LinkService, 'get'>
  maxBodyBytes: number
  /** The handler's caller check (API key, session, else IP); throws 'unauthorized'. */
  identify(request: Request, remoteAddress?: string): string
  /** The handler's rate limit: null to go on, else its 429. */
  throttle(client: string, extra: Record<string, string>): Response | null
  /** The clock for expireTime's window. */
  now: () => number
}

type LinkRoute = (
  request: Request,
  url: URL,
  info: { remoteAddress?: string } | undefined,
  extra: Record<string, string>,
) => Promise<Response>

const PATHS: Record<string, LinkKind> = {
  '/urllink': 'urllink',
  '/scheme': 'scheme',
  '/shortlink': 'shortlink',
}

/**
 * `POST /urllink`, `POST /scheme`, `POST /shortlink`: a JSON link request (its `kind` implied by the
 * path) answered with `{ kind, link, expiresAt }`, behind the same auth, rate limit and page allow-list
 * as `/minicode`. Errors are thrown for the handler to answer as JSON.
 */
export function createLinkRoutes(options: LinkRouteOptions): Record<string, LinkRoute> {
  const checkPolicy = createLinkPolicy(options)
  // A cached link is answered many times: its JSON is encoded once.
  const bodies = new WeakMap<object, Uint8Array>()
  const bodyOf = (link: object): Uint8Array => {
    let body = bodies.get(link)
    if (body === undefined) bodies.set(link, (body = utf8.encode(JSON.stringify(link))))
    return body
  }
  const routes: Record<string, LinkRoute> = {}
  for (const [path, kind] of Object.entries(PATHS)) {
    routes[path] = async (request, _url, info, extra) => {
      if (request.method !== 'POST') {
        const body = JSON.stringify({ error: { code: 'method_not_allowed', message: 'Use POST, OPTIONS.' } })
        return fastResponse(
          405,
          {
            ...extra,
            allow: 'POST, OPTIONS',
            'content-type': 'application/json; charset=utf-8',
            'content-length': String(Buffer.byteLength(body)),
          },
          body,
        )
      }
      const limited = options.throttle(options.identify(request, info?.remoteAddress), extra)
      if (limited) return limited
      const body = await readJson(request, options.maxBodyBytes, `${kind} request`)
      if (body.kind !== undefined && body.kind !== kind) {
        throw new MiniCodeError(
          'invalid_request',
          `${path} makes '${kind}' links; drop kind or use /${body.kind}.`,
          {
            field: 'kind',
          },
        )
      }
      const linkRequest = validateLinkRequest({ ...body, kind }, { now: options.now })
      checkPolicy(linkRequest)
      const answer = bodyOf(await options.links.get(linkRequest))
      // With its length, Node sends the answer in one write instead of chunked encoding.
      return fastResponse(
        200,
        {
          ...extra,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(answer.length),
          'cache-control': 'no-store',
        },
        answer,
      )
    }
  }
  return routes
}
