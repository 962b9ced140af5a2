export interface Progress {
  update(counts: { done: number; ok: number; skipped: number; failed: number }): void
  finish(): void
}

/** A progress bar on a TTY (redrawn at most 10×/s), else a plain line every 10%. */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean },
): Progress {
  const started = Date.now()
  let lastDraw = 0
  let lastDecile = -1
  let last = { done: 0, ok: 0, skipped: 0, failed: 0 }
  const line = () => {
    const { done, ok, skipped, failed } = last
    const elapsed = (Date.now() - started) / 1000
    const rate = done / Math.max(elapsed, 0.001)
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0
    return `${done}/${total} ok ${ok} skipped ${skipped} failed ${failed} · ${rate.toFixed(0)}/s · eta ${eta}s`
  }
  return {
    update(counts) {
      last = counts
      if (stream.isTTY) {
        const now = Date.now()
        if (now - lastDraw < 100 && counts.done < total) return
        lastDraw = now
        const width = 24
        const filled = total ? Math.round((counts.done / total) * width) : width
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line()}\x1b[K`)
      } else {
        const decile = total ? Math.floor((counts.done / total) * 10) : 10
        if (decile !== lastDecile) {
          lastDecile = decile
          stream.write(`${line()}\n`)
        }
      }
    },
    finish() {
      if (stream.isTTY) stream.write(`\r${line()}\x1b[K\n`)
      else stream.write(`done: ${line()}\n`)
    },
  }
}
