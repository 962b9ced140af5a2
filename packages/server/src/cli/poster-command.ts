import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { MiniCodeError, type PosterSpec } from '@minicode/core'
import { createCodeService } from '../code-service'
import { parseImageHosts } from '../poster/image-policy'
import { renderPosterImage } from '../poster/render-poster-image'
import { wireFromEnv, type Env } from './config'
import { writeAtomic } from './batch-files'
import { posterBatch } from './poster'
import { createRenderPool, type RenderPool } from './render-pool'
import { startSim, type RunningSim } from './sim'

export const POSTER_USAGE = `  minicode poster --spec spec.json --out poster.png [--format png|jpeg] [--quality 0.9] [--pixel-ratio 1]
  minicode poster --spec spec.json --data rows.csv --out DIR [--concurrency 4] [--sim] [...]
      One poster, or one per CSV row with {{column}} filled into texts, qr texts and code requests.
      Reruns skip valid files; writes manifest.json, and failures.csv + exit code 1 when any row failed.
      env: MINICODE_IMAGE_HOSTS (hosts images may come from), WECHAT_APPID WECHAT_APPSECRET for codes
`

interface Io {
  env: Env
  /** The built poster-worker.js: with it, --data batches render in worker threads. */
  posterWorker?: string
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown; isTTY?: boolean }
  signal?: AbortSignal
}

/** `minicode poster …`; resolves to the exit code. Usage mistakes throw (main prints the usage). */
export async function posterCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      spec: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      quality: { type: 'string' },
      'pixel-ratio': { type: 'string' },
      concurrency: { type: 'string' },
      sim: { type: 'boolean' },
    },
  })
  if (!values.spec || !values.out)
    throw usage('poster needs --spec spec.json and --out (a file, or a DIR with --data)')
  const spec = await readSpec(values.spec)
  const single = !values.data
  const format = (values.format ?? (single && /\.jpe?g$/i.test(values.out) ? 'jpeg' : 'png')) as
    'png' | 'jpeg'
  const render = {
    format,
    quality: values.quality === undefined ? undefined : Number(values.quality),
    pixelRatio: values['pixel-ratio'] === undefined ? 1 : Number(values['pixel-ratio']),
    imageHosts: parseImageHosts(io.env.MINICODE_IMAGE_HOSTS),
  }
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency)
  if (!(Number.isInteger(concurrency) && concurrency > 0))
    throw usage('--concurrency must be a positive whole number')

  let sim: RunningSim | null = null
  let close = async () => undefined as void
  let pool: RenderPool | undefined
  try {
    // Codes only when there is a way to make them: credentials in env, or the simulator.
    let codes
    if (values.sim || io.env.WECHAT_APPID) {
      if (values.sim) sim = await startSim()
      const wiring = wireFromEnv(
        { ...io.env, REDIS_URL: undefined, MINICODE_CACHE_DIR: undefined },
        sim?.upstream ?? null,
      )
      codes = createCodeService({ client: wiring.client, memoryLimit: 0 })
      close = () => wiring.close()
    }
    if (single) {
      const image = await renderPosterImage(spec, { ...render, codes })
      await writeAtomic(values.out, image.bytes)
      io.stdout.write(`${image.width}×${image.height} ${image.mime} → ${values.out}\n`)
      return 0
    }
    // --concurrency render threads, each drawing one poster at a time (the first uses this process's core too).
    pool = io.posterWorker ? createRenderPool(io.posterWorker, concurrency, render) : undefined
    const summary = await posterBatch({
      pool,
      spec,
      data: await readFile(values.data as string, 'utf8'),
      out: values.out,
      concurrency,
      render,
      codes,
      stderr: io.stderr,
      signal: io.signal,
    })
    io.stdout.write(
      `${summary.ok} written, ${summary.skipped} already there, ${summary.failed} failed → ${values.out}\n`,
    )
    if (summary.failed)
      io.stderr.write(
        `See ${values.out}/failures.csv; rerun the same command to retry only what is missing.\n`,
      )
    if (io.signal?.aborted) return 130
    return summary.failed ? 1 : 0
  } finally {
    await pool?.close()
    await close()
    await sim?.close()
  }
}

async function readSpec(path: string): Promise<PosterSpec> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PosterSpec
  } catch (error) {
    throw new MiniCodeError(
      'invalid_request',
      `--spec ${path} is not a readable JSON file: ${(error as Error).message}`,
      {
        field: 'spec',
      },
    )
  }
}

function usage(message: string): Error {
  return Object.assign(new Error(message), { usage: true })
}
