import { startWeChatSim, type RunningWeChatSim, type StartWeChatSimOptions } from './server'

const USAGE = `Usage: minicode-wechat-sim [--port N] [--host 127.0.0.1] [--rate N] [--quota N] [--num-used N]
                           [--latency MS] [--ttl SECONDS] [--pages p1,p2] [--appid ID] [--secret SECRET]
A local stand-in for WeChat's token, code and login (jscode2session) API. --quota and --num-used set the
shared get/createQRCode quota and how much of it is used at start. Login codes: POST /__sim/login
{"user":"alice"}, or any 'testcode:<user>:<nonce>' (each works once; the same user, the same openid).
Control it over HTTP:
  GET /__sim/stats · POST /__sim/reset · POST /__sim/fault {"kind":"busy","times":2} · POST /__sim/advance {"ms":N}`

/** Parses the CLI flags into simulator options; throws an Error naming the bad flag. */
export function parseArgs(argv: string[]): StartWeChatSimOptions & { help?: boolean } {
  const options: StartWeChatSimOptions & { help?: boolean } = { port: 0 }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--help' || flag === '-h') {
      options.help = true
      continue
    }
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined]
    const value = inline ?? argv[++i]
    if (value === undefined) throw new Error(`${name} needs a value.`)
    const count = (min: number) => {
      const n = Number(value)
      if (!Number.isInteger(n) || n < min)
        throw new Error(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}.`)
      return n
    }
    switch (name) {
      case '--port':
        options.port = count(0)
        if (options.port > 65535) throw new Error('--port must be at most 65535.')
        break
      case '--host':
        options.host = value
        break
      case '--rate':
        options.ratePerMinute = count(1)
        break
      case '--quota':
        options.quota = count(0)
        break
      case '--num-used':
        options.numUsed = count(0)
        break
      case '--latency':
        options.latencyMs = count(0)
        break
      case '--ttl':
        options.tokenTtlSeconds = count(1)
        break
      case '--pages':
        options.releasedPages = value
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
        break
      case '--appid':
        options.appId = value
        break
      case '--secret':
        options.appSecret = value
        break
      default:
        throw new Error(`Unknown option ${name}.\n${USAGE}`)
    }
  }
  return options
}

/**
 * Runs the CLI: starts the simulator, prints its URL once listening, closes cleanly on SIGINT/SIGTERM.
 * Resolves with the exit code (it stays running until a signal when it started).
 */
export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let options: ReturnType<typeof parseArgs>
  try {
    options = parseArgs(argv)
  } catch (error) {
    err.write(`${(error as Error).message}\n`)
    return 2
  }
  if (options.help) {
    out.write(`${USAGE}\n`)
    return 0
  }
  let sim: RunningWeChatSim
  try {
    sim = await startWeChatSim(options)
  } catch (error) {
    err.write(
      `minicode-wechat-sim could not listen on ${options.host ?? '127.0.0.1'}:${options.port}: ${(error as Error).message}\n`,
    )
    return 1
  }
  out.write(`minicode-wechat-sim listening on ${sim.url} (appid ${sim.appId})\n`)
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void sim.close().then(() => resolve(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
