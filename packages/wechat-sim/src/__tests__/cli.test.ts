import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { parseArgs } from '../cli'

const root = resolve(__dirname, '../../../..')
let dir: string
let entry: string
beforeAll(async () => {
  // The CLI from sources, bundled for plain node (no build step).
  dir = await mkdtemp(join(tmpdir(), 'wechat-sim-cli-'))
  entry = join(dir, 'cli.cjs')
  await build({
    stdin: {
      contents: "require('./cli').main(process.argv.slice(2)).then((c) => { process.exitCode = c })",
      resolveDir: resolve(__dirname, '..'),
      loader: 'ts',
    },
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
  })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

test('parseArgs reads the flags and refuses bad ones', () => {
  expect(
    parseArgs(['--port', '4100', '--host=0.0.0.0', '--rate', '60', '--pages', 'pages/a, pages/b']),
  ).toEqual({
    port: 4100,
    host: '0.0.0.0',
    ratePerMinute: 60,
    releasedPages: ['pages/a', 'pages/b'],
  })
  expect(() => parseArgs(['--port', 'x'])).toThrow(/--port/)
  expect(() => parseArgs(['--port', '70000'])).toThrow(/65535/)
  expect(() => parseArgs(['--rate'])).toThrow(/needs a value/)
  expect(() => parseArgs(['--nope', '1'])).toThrow(/Unknown option --nope/)
})

test.each(['SIGINT', 'SIGTERM'] as const)(
  'prints its URL once listening, answers, and exits 0 on %s',
  async (signal) => {
    const child = spawn(process.execPath, [entry, '--port', '0', '--rate', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    const url = await new Promise<string>((resolveUrl, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (m) resolveUrl(m[1])
      })
      child.on('exit', () => reject(new Error(`exited early: ${out}`)))
    })
    const stats = (await (await fetch(`${url}/__sim/stats`)).json()) as { token: number }
    expect(stats.token).toBe(0)
    child.kill(signal)
    expect(await exited).toBe(0)
  },
)

test('a bad flag exits 2 with a message', async () => {
  const child = spawn(process.execPath, [entry, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (c: Buffer) => (err += c))
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
  expect(code).toBe(2)
  expect(err).toMatch(/--port must be a whole number/)
})
