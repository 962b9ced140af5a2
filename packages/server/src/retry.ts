import { MiniCodeError } from '@minicode/core'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Exponential backoff with full jitter around it: 100, 200, 400 ms … ×(0.5–1.5), capped at 3 s. */
export function backoffMs(attempt: number, baseMs = 100): number {
  return Math.min(3000, baseMs * 2 ** attempt) * (0.5 + Math.random())
}

/** Replaces every occurrence of `secret` so it can't leak through a message. */
export function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text
}

/** Turns what fetch threw into a MiniCodeError without echoing URLs (which may carry secrets). */
export function fetchFailure(error: unknown, what: string, timeoutMs: number, secret: string): MiniCodeError {
  const name = (error as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new MiniCodeError(
      'timeout',
      `${what} took longer than ${timeoutMs} ms. Try again, or raise timeoutMs.`,
    )
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause
  const detail = cause?.code ?? cause?.message ?? (error as Error | null)?.message ?? String(error)
  return new MiniCodeError(
    'network',
    `${what} failed: ${scrub(String(detail), secret)}. Check the network and apiBase.`,
    {
      cause: scrub(String(detail), secret),
    },
  )
}
