import { MiniCodeError } from '../errors'
import type { AlbumPort, AlbumStage } from './album-port'
import { classifyAlbumError } from './classify-album-error'

/** How long a save waits for its cleanup before it settles anyway. */
const CLEANUP_WAIT_MS = 2000

/**
 * The platform calls of one save, with what they leave behind: every call is abortable, its raw
 * failure classified for its stage, and every file it yields is this save's own, removed by
 * {@link AlbumSteps.cleanup} — and never any other file.
 */
export class AlbumSteps {
  /** Files this save wrote or downloaded. */
  private readonly owned: string[] = []
  /** The platform call that runs (an abort does not stop it): the cleanup waits for it. */
  private inFlight: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly platform: AlbumPort,
    private readonly signal?: AbortSignal,
  ) {}

  get aborted(): boolean {
    return this.signal?.aborted === true
  }

  /**
   * One platform call. A path that `ownPath` finds in its result is recorded as this save's own, even
   * when the save was aborted meanwhile, so a file that shows up late is still removed. An abort
   * rejects with 'cancelled' at once, without waiting for the call.
   */
  async run<T>(
    stage: AlbumStage,
    call: () => Promise<T>,
    ownPath?: (value: T) => string | undefined,
  ): Promise<T> {
    if (this.signal?.aborted) throw aborted(this.signal)
    const attempt = this.attempt(stage, call, ownPath)
    this.inFlight = attempt
    return this.untilAborted(attempt)
  }

  /**
   * Removes the files this save owns once the running call has ended. Waits for that at most
   * CLEANUP_WAIT_MS; after an abort it does not wait at all (the platform call may still run).
   */
  async cleanup(): Promise<void> {
    const settled = this.inFlight.then(
      () => this.removeOwned(),
      () => this.removeOwned(),
    )
    if (!this.aborted) await waitAtMost(settled, CLEANUP_WAIT_MS)
  }

  private async attempt<T>(
    stage: AlbumStage,
    call: () => Promise<T>,
    ownPath?: (value: T) => string | undefined,
  ): Promise<T> {
    let value: T
    try {
      value = await call()
    } catch (e) {
      throw classifyAlbumError(e, stage)
    }
    const path = ownPath?.(value)
    if (path) this.owned.push(path)
    return value
  }

  /** Settles as `attempt` does, or rejects with 'cancelled' as soon as the signal aborts, whichever is first. */
  private untilAborted<T>(attempt: Promise<T>): Promise<T> {
    const signal = this.signal
    if (!signal) return attempt
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(aborted(signal))
      signal.addEventListener('abort', onAbort)
      void attempt.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    })
  }

  /** Removes every owned file; one removal that fails (even by throwing at once) stops none of the others. */
  private async removeOwned(): Promise<void> {
    const paths = this.owned.splice(0)
    await Promise.all(
      paths.map(async (path) => {
        try {
          await this.platform.removeFile(path)
        } catch {
          // Nothing to tell the user: the save itself is over, and the host clears its temp files too.
        }
      }),
    )
  }
}

/** Waits for `promise` to settle, but no longer than `ms`. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  try {
    await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The 'cancelled' error of an aborted save; the signal's reason is its cause. */
export function aborted(signal: AbortSignal): MiniCodeError {
  return new MiniCodeError('cancelled', __DEV__ ? 'The save was aborted.' : '', { cause: signal.reason })
}
