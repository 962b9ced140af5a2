/**
 * Keeps calls within `limit` per sliding `windowMs`, the way WeChat (and wechat-sim) count them:
 * up to `limit` calls may run at once; a finished call frees its slot `windowMs` after it finished
 * (the server saw it no later than that), so a batch bursts, then follows the window exactly.
 */
export function createPacer(limit: number, windowMs: number): { take(): Promise<() => void> } {
  let free = Math.max(1, Math.floor(limit))
  const waiters: (() => void)[] = []
  const release = () => {
    const next = waiters.shift()
    if (next) next()
    else free++
  }
  return {
    async take() {
      if (free > 0) free--
      else await new Promise<void>((resolve) => waiters.push(resolve))
      let done = false
      return () => {
        if (done) return
        done = true
        // +5 ms: timer and clock granularity on both sides.
        setTimeout(release, windowMs + 5).unref?.()
      }
    },
  }
}
