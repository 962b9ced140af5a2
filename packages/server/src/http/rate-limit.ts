import { MiniCodeError } from '@minicode/core'

/** `'600/min'`, `'10/s'`, `'5000/hour'`, `'off'`, or a bucket of `limit` requests refilled over `windowMs`. */
export type RateLimitOption = string | { limit: number; windowMs: number }

export interface RateLimiter {
  /** 0 when the request may go, else the seconds to wait before the next one would. */
  take(client: string): number
}

const UNITS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
}

/** Parses a rate-limit option; null means off. Throws invalid_request on a malformed string. */
export function parseRateLimit(
  option: RateLimitOption | undefined,
): { limit: number; windowMs: number } | null {
  if (option === undefined) return { limit: 600, windowMs: 60_000 }
  if (typeof option === 'object') {
    if (!(option.limit > 0) || !(option.windowMs > 0))
      throw new MiniCodeError('invalid_request', 'rateLimit needs a positive limit and windowMs.', {
        field: 'rateLimit',
      })
    return option
  }
  const text = option.trim().toLowerCase()
  if (text === 'off' || text === 'none' || text === '0') return null
  const match = /^(\d+)\s*\/\s*([a-z]+)$/.exec(text)
  const windowMs = match ? UNITS[match[2]!] : undefined
  if (!match || !windowMs || Number(match[1]) <= 0) {
    throw new MiniCodeError(
      'invalid_request',
      `MINICODE_RATE_LIMIT '${option}' is not understood: write e.g. '600/min', '10/s' or 'off'.`,
      {
        field: 'rateLimit',
      },
    )
  }
  return { limit: Number(match[1]), windowMs }
}

/**
 * A token bucket per client: `limit` requests at once, refilled evenly over `windowMs`.
 * Idle full buckets are forgotten so memory stays bounded.
 */
export function createRateLimiter(
  option: { limit: number; windowMs: number },
  now: () => number = Date.now,
): RateLimiter {
  const { limit, windowMs } = option
  const perMs = limit / windowMs
  const buckets = new Map<string, { tokens: number; at: number }>()
  return {
    take(client) {
      const t = now()
      let bucket = buckets.get(client)
      if (!bucket) {
        if (buckets.size >= 50_000) {
          for (const [key, b] of buckets) if (b.tokens + (t - b.at) * perMs >= limit) buckets.delete(key)
        }
        bucket = { tokens: limit, at: t }
        buckets.set(client, bucket)
      }
      bucket.tokens = Math.min(limit, bucket.tokens + (t - bucket.at) * perMs)
      bucket.at = t
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return 0
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
    },
  }
}
