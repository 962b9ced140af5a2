import { LINK_KINDS, type LinkKind } from '@minicode/core'
import { wireFromEnv, type Env } from './config'
import { generateLinks } from './gen-links'
import { startSim, type RunningSim } from './sim'

interface Io {
  env: Env
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown; isTTY?: boolean }
}

/** `minicode gen --link KIND …`: parsed flags in, exit code out (1 when a row failed, 130 on SIGINT). */
export async function runGenLinks(
  values: { input?: string; out?: string; concurrency?: string; rate?: string; sim?: boolean; link?: string },
  io: Io,
): Promise<number> {
  const kind = values.link as LinkKind
  if (!LINK_KINDS.includes(kind)) throw usage(`--link must be ${LINK_KINDS.join(', ')}`)
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency)
  if (!(Number.isInteger(concurrency) && concurrency > 0))
    throw usage('--concurrency must be a positive whole number')
  let sim: RunningSim | null = null
  const abort = new AbortController()
  const onSignal = () => abort.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    if (values.sim) sim = await startSim()
    // The owner's batch: permanent short links allowed (it is the owner's quota to spend).
    const wiring = wireFromEnv(
      { ...io.env, REDIS_URL: undefined, MINICODE_CACHE_DIR: undefined },
      sim?.upstream ?? null,
    )
    try {
      const summary = await generateLinks({
        input: values.input!,
        out: values.out!,
        kind,
        client: wiring.client,
        concurrency,
        rate: values.rate,
        stderr: io.stderr,
        signal: abort.signal,
      })
      io.stdout.write(
        `${summary.ok} links made, ${summary.skipped} kept from the last run, ${summary.failed} failed → ${values.out}/links.csv\n`,
      )
      if (abort.signal.aborted) return 130
      return summary.failed ? 1 : 0
    } finally {
      await wiring.close()
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await sim?.close()
  }
}

function usage(message: string): Error {
  return Object.assign(new Error(message), { usage: true })
}
