import { createHash } from 'node:crypto'
import { MiniCodeError, isMiniCodeError, validatePosterSpec, type PosterSpec } from '@minicode/core'
import { etagOf, type CodeService } from '../code-service'
import { createImageFetcher, type ImageFetcher, type ImagePolicyOptions } from '../poster/image-policy'
import { createPosterCache } from '../poster/poster-cache'
import { renderPosterImage, type PosterImageResult } from '../poster/render-poster-image'
import { fastResponse } from './fast-response'
import { readJsonBody } from './read-body'

/** `POST /poster` (issue #16): a PosterSpec in, its image out. */
export interface PosterRouteOptions {
  /** Hosts images may come from (MINICODE_IMAGE_HOSTS); see ImagePolicyOptions.hosts. Default none. */
  imageHosts?: readonly string[]
  /** Largest spec body in bytes (data URLs inside count). Default 1 MiB. */
  maxSpecBytes?: number
  /** Bytes per fetched image. Default 5 MiB. */
  maxImageBytes?: number
  /** Bytes of all fetched images of one spec. Default 20 MiB. */
  maxSpecImageBytes?: number
  /** Render time limit in ms. Default 20000. */
  timeoutMs?: number
  /** Bytes of rendered posters cached in memory. Default 64 MiB. */
  cacheBytes?: number
  /** How long a rendered poster is reused, in ms. Default 10 minutes. */
  cacheTtlMs?: number
  /** DNS lookup for the image policy (tests). */
  lookup?: ImagePolicyOptions['lookup']
}

/** What the route borrows from the handler: who asks and how often. */
export interface PosterRouteContext {
  service: Pick<CodeService, 'get'>
  /** The caller's rate-limit identity (throws 'unauthorized' for a bad key or session). */
  identify(request: Request, remoteAddress?: string): string
  /** null when the caller may go on, else the 429. */
  throttle(client: string, extra: Record<string, string>): Response | null
}

type Rendered = PosterImageResult & { etag: string }

/**
 * The `/poster` route: auth and rate limit as `/minicode`, the spec validated (400 with its field),
 * rendered once per spec and format (concurrent asks share the render), answered with an ETag.
 * Query: `format=png|jpeg`, `quality=0–1`, `pixelRatio=1–4`.
 */
export function createPosterRoute(options: PosterRouteOptions, ctx: PosterRouteContext) {
  const maxSpecBytes = options.maxSpecBytes ?? 1024 * 1024
  const maxSpecImageBytes = options.maxSpecImageBytes ?? 20 * 1024 * 1024
  const hosts = options.imageHosts ?? []
  const fetchOne = createImageFetcher({ hosts, maxImageBytes: options.maxImageBytes, lookup: options.lookup })
  const cache = createPosterCache<Rendered>({ maxBytes: options.cacheBytes, ttlMs: options.cacheTtlMs })
  // Body bytes (and query) already seen -> their cache key: a repeated ask skips parsing and validation.
  const knownBodies = new Map<string, string>()

  return async (
    request: Request,
    url: URL,
    info: { remoteAddress?: string } | undefined,
    extra: Record<string, string>,
  ): Promise<Response> => {
    if (request.method !== 'POST') {
      return json(
        405,
        { error: { code: 'method_not_allowed', message: 'Use POST /poster with a JSON spec.' } },
        {
          ...extra,
          allow: 'POST, OPTIONS',
        },
      )
    }
    const limited = ctx.throttle(ctx.identify(request, info?.remoteAddress), extra)
    if (limited) return limited
    const raw = await readJsonBody(request, maxSpecBytes, 'poster spec')
    const bodyKey = createHash('sha256').update(raw).update(`\0${url.search}`).digest('base64url')
    let spec: PosterSpec | undefined
    let key = knownBodies.get(bodyKey)
    if (!key) {
      spec = parseSpec(raw)
      const params = renderParams(url.searchParams)
      key = createHash('sha256')
        .update(stableJson({ spec, ...params }))
        .digest('base64url')
      if (knownBodies.size >= 1000) knownBodies.delete(knownBodies.keys().next().value as string)
      knownBodies.set(bodyKey, key)
    }
    const rendered = await cache.get(key, async () => {
      // Evicted since this body was first seen: parse it again.
      const image = await renderPosterImage(spec ?? parseSpec(raw), {
        ...renderParams(url.searchParams),
        codes: ctx.service,
        fetchImage: perSpecCap(fetchOne, maxSpecImageBytes),
        timeoutMs: options.timeoutMs ?? 20000,
      }).catch((error: unknown) => {
        throw refusalOf(error)
      })
      return { ...image, etag: etagOf(image.bytes) }
    })
    const headers: Record<string, string> = {
      ...extra,
      etag: rendered.etag,
      'cache-control': 'public, max-age=600',
    }
    const inm = request.headers.get('if-none-match')
    if (inm?.split(',').some((tag) => tag.trim() === rendered.etag || tag.trim() === '*')) {
      return fastResponse(304, headers, null)
    }
    headers['content-type'] = rendered.mime
    headers['content-length'] = String(rendered.bytes.length)
    return fastResponse(200, headers, rendered.bytes)
  }
}

/** The body as a checked spec: 400 for broken JSON or a spec error (with its field). */
function parseSpec(raw: Buffer): PosterSpec {
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new MiniCodeError('invalid_request', 'The poster spec is not valid JSON.', { field: 'body' })
  }
  return validatePosterSpec(value)
}

function renderParams(query: URLSearchParams): {
  format: 'png' | 'jpeg'
  quality?: number
  pixelRatio: number
} {
  const format = query.get('format') ?? 'png'
  if (format !== 'png' && format !== 'jpeg') {
    throw new MiniCodeError('invalid_request', `format must be png or jpeg, got ${format}.`, {
      field: 'format',
    })
  }
  const pixelRatio = Number(query.get('pixelRatio') ?? 1)
  if (!(pixelRatio >= 1 && pixelRatio <= 4)) {
    throw new MiniCodeError('invalid_request', 'pixelRatio must be from 1 to 4.', { field: 'pixelRatio' })
  }
  const quality = query.has('quality') ? Number(query.get('quality')) : undefined
  return quality === undefined ? { format, pixelRatio } : { format, quality, pixelRatio }
}

/** A fetcher that refuses once one spec's images add up to more than `cap` bytes. */
function perSpecCap(fetchOne: ImageFetcher, cap: number): ImageFetcher {
  let total = 0
  return async (url, signal) => {
    const bytes = await fetchOne(url, signal)
    total += bytes.length
    if (total > cap) {
      throw new MiniCodeError('payload_too_large', `The spec's images are larger than ${cap} bytes in all.`)
    }
    return bytes
  }
}

/**
 * An image the policy refused reaches us as 'image_load_failed' with the refusal as its cause:
 * answer with the refusal's own code (403 forbidden, 413 too large), keeping the element's field.
 */
function refusalOf(error: unknown): unknown {
  if (!isMiniCodeError(error) || error.code !== 'image_load_failed') return error
  const cause = error.cause
  if (isMiniCodeError(cause) && (cause.code === 'forbidden' || cause.code === 'payload_too_large')) {
    return new MiniCodeError(cause.code, cause.message, { field: error.field, cause: error })
  }
  return error
}

/** JSON with object keys sorted: the same spec in another key order is the same cache entry. */
function stableJson(value: unknown): string {
  // A replacer keeps it native-fast (a hand-written recursion costs milliseconds on a 6 KB spec).
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v
    const sorted: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
    return sorted
  })
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return fastResponse(
    status,
    { ...headers, 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify(body),
  )
}
