/**
 * A logger for failures that repeat on every request while something is down (Redis away): the
 * first line at once, then at most one line per `intervalMs` saying how many were left out.
 */
export function throttledLog(
  intervalMs = 10_000,
  write: (line: string) => void = (line) => console.error(line),
  now: () => number = Date.now,
): (line: string) => void {
  let lastAt = -Infinity
  let skipped = 0
  return (line) => {
    if (now() - lastAt < intervalMs) {
      skipped++
      return
    }
    write(skipped > 0 ? `${line} (and ${skipped} more like it)` : line)
    lastAt = now()
    skipped = 0
  }
}
