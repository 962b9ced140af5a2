import { parseArgs } from 'node:util'
import { isMiniCodeError } from '@minicode/core'
import { wireFromEnv, type Env } from './config'
import { generate } from './gen'
import { runGenLinks } from './gen-links-command'
import { POSTER_USAGE, posterCommand } from './poster-command'
import { formatQuota } from './quota'
import { serve } from './serve'
import { startSim, type RunningSim } from './sim'

const USAGE = `minicode — WeChat mini-program codes

  minicode serve [--sim] [--port 8787] [--host 127.0.0.1]
      HTTP endpoint POST/GET /minicode, GET /healthz.
      HTTP POST /session {code}: a Taro.login code for a signed session token.
      HTTP GET /scene/:id: the data of a long scene (POST /minicode {data} instead of scene).
      env: WECHAT_APPID WECHAT_APPSECRET WECHAT_API_BASE REDIS_URL MINICODE_API_KEYS
           MINICODE_CACHE_DIR MINICODE_RATE_LIMIT (600/min | off) HOST PORT
           MINICODE_KINDS (unlimited) MINICODE_ALLOW_PAGES MINICODE_ALLOW_SCENES ('id=<digits> ...')
           MINICODE_REQUIRE_SESSION MINICODE_SESSION_SECRET MINICODE_SESSION_TTL (7200)
           MINICODE_QUOTA_RESERVE (1000) MINICODE_QUOTA_DAILY (1000 | off) MINICODE_QUOTA_TOTAL (100000)
           MINICODE_LONG_SCENES (on | off) MINICODE_SCENE_SECRET (default: derived from the app secret)
      --sim  start the local WeChat simulator in-process and use its test credentials

  minicode quota [--json]
      The limited/qrcode quota as this deployment's ledger knows it (REDIS_URL or MINICODE_CACHE_DIR):
      last Num-Used seen, what remains, the reserve, today's new codes against the daily cap.

  minicode gen --input codes.csv --out DIR [--concurrency 8] [--rate 5000/min] [--sim]
      One code per CSV row (columns: scene,page,path,kind,width,checkPath,envVersion,
      autoColor,lineColor,isHyaline,file). Reruns skip valid files; writes manifest.json,
      and failures.csv + exit code 1 when any row failed.

  minicode gen --link urllink|scheme|shortlink --input links.csv --out DIR [--rate 50/s] [--sim]
      One link per CSV row instead (columns: kind,path,query,envVersion,expireType,expireTime,
      expireInterval,pageUrl,pageTitle,isPermanent,cloudEnv,...; --link is the kind of rows
      without one). Writes links.json and links.csv; reruns keep links that still live.

${POSTER_USAGE}`

export interface CliIo {
  env?: Env
  stdout?: { write(s: string): unknown }
  stderr?: { write(s: string): unknown; isTTY?: boolean }
  /** Resolves when the process should stop (default: SIGINT/SIGTERM). */
  stopSignal?: Promise<unknown>
  /** The built poster-worker.js (the bin passes it): `minicode poster --data` renders in worker threads. */
  posterWorker?: string
  /** Told the URL once `serve` listens. */
  onListening?: (url: string) => void
}

function signals(): { promise: Promise<string>; dispose(): void } {
  let dispose = () => undefined as void
  const promise = new Promise<string>((resolve) => {
    const on = (name: string) => () => resolve(name)
    const int = on('SIGINT')
    const term = on('SIGTERM')
    process.once('SIGINT', int)
    process.once('SIGTERM', term)
    dispose = () => {
      process.off('SIGINT', int)
      process.off('SIGTERM', term)
    }
  })
  return { promise, dispose }
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env
  const stdout = io.stdout ?? process.stdout
  const stderr = io.stderr ?? process.stderr
  const [command, ...rest] = argv
  try {
    if (command === 'serve') {
      const { values } = parseArgs({
        args: rest,
        options: { sim: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
      })
      const port = values.port === undefined ? undefined : Number(values.port)
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536))
        throw usage(`--port must be 0–65535`)
      const stop = io.stopSignal ? { promise: io.stopSignal, dispose: () => undefined } : signals()
      const running = await serve({ env, sim: values.sim, port, host: values.host })
      stdout.write(
        `minicode listening on ${running.url}${running.simUrl ? ` (wechat-sim at ${running.simUrl})` : ''}\n`,
      )
      io.onListening?.(running.url)
      await stop.promise
      stop.dispose()
      await running.close()
      return 0
    }
    if (command === 'gen') {
      const { values } = parseArgs({
        args: rest,
        options: {
          input: { type: 'string' },
          out: { type: 'string' },
          concurrency: { type: 'string' },
          rate: { type: 'string' },
          sim: { type: 'boolean' },
          link: { type: 'string' },
        },
      })
      if (!values.input || !values.out) throw usage('gen needs --input FILE.csv and --out DIR')
      if (values.link !== undefined) return await runGenLinks(values, { env, stdout, stderr })
      const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency)
      if (!(Number.isInteger(concurrency) && concurrency > 0))
        throw usage('--concurrency must be a positive whole number')
      let sim: RunningSim | null = null
      const abort = new AbortController()
      const stop = signals()
      void stop.promise.then(() => abort.abort())
      try {
        if (values.sim) sim = await startSim()
        // The owner's batch: every kind, no quota guard (it is the owner's quota to spend).
        const wiring = wireFromEnv(
          { ...env, REDIS_URL: undefined, MINICODE_CACHE_DIR: undefined },
          sim?.upstream ?? null,
        )
        const summary = await generate({
          input: values.input,
          out: values.out,
          client: wiring.client,
          concurrency,
          rate: values.rate,
          stderr,
          signal: abort.signal,
        })
        await wiring.close()
        stdout.write(
          `${summary.ok} written, ${summary.skipped} already there, ${summary.failed} failed → ${values.out}\n`,
        )
        if (summary.failed)
          stderr.write(
            `See ${values.out}/failures.csv; rerun the same command to retry only what is missing.\n`,
          )
        if (abort.signal.aborted) return 130
        return summary.failed ? 1 : 0
      } finally {
        stop.dispose()
        await sim?.close()
      }
    }
    if (command === 'poster') {
      // Ctrl-C stops a --data batch as it stops gen: posters under way finish, the manifest is written.
      const abort = new AbortController()
      const stop = io.stopSignal ? { promise: io.stopSignal, dispose: () => undefined } : signals()
      void stop.promise.then(() => abort.abort())
      try {
        return await posterCommand(rest, {
          env,
          stdout,
          stderr,
          posterWorker: io.posterWorker,
          signal: abort.signal,
        })
      } finally {
        stop.dispose()
      }
    }
    if (command === 'quota') {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
      // Reads the ledger only: no credentials are used and nothing is sent to WeChat.
      const wiring = wireFromEnv({ WECHAT_APPID: 'unset', WECHAT_APPSECRET: 'unset', ...env }, null)
      try {
        await wiring.ready()
        const figures = await wiring.quota.read()
        stdout.write(
          values.json
            ? `${JSON.stringify({ ...wiring.quota.rules, ...figures })}\n`
            : formatQuota(wiring.quota.rules, figures, env),
        )
      } finally {
        await wiring.close()
      }
      return 0
    }
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      stdout.write(USAGE)
      return command === undefined ? 2 : 0
    }
    throw usage(`Unknown command '${command}'.`)
  } catch (error) {
    const message = isMiniCodeError(error) || error instanceof Error ? error.message : String(error)
    stderr.write(`minicode: ${message}\n`)
    if ((error as { usage?: boolean }).usage) stderr.write(USAGE)
    return 2
  }
}

function usage(message: string): Error {
  return Object.assign(new Error(message), { usage: true })
}
