import { sleep } from '../retry'

/**
 * Paces calls to `limit` per `windowMs`, evenly spaced (no burst), so a batch never trips
 * WeChat's per-minute limit. `take()` resolves when the next call may start.
 */
export function createPacer(limit: number, windowMs: number): { take(): Promise<void> } {
  const gap = windowMs / limit
  let next = 0
  return {
    async take() {
      const now = performance.now()
      const at = Math.max(now, next)
      next = at + gap
      if (at > now) await sleep(at - now)
    },
  }
}
