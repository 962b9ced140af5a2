/** A sliding one-minute window: `take(now)` is false once `limit` calls were let through in the last 60 s. */
export class RateWindow {
  private times: number[] = []
  private head = 0

  constructor(readonly limit: number) {}

  take(now: number): boolean {
    while (this.head < this.times.length && this.times[this.head] <= now - 60_000) this.head++
    if (this.head > 4096) {
      this.times = this.times.slice(this.head)
      this.head = 0
    }
    if (this.times.length - this.head >= this.limit) return false
    this.times.push(now)
    return true
  }
}
