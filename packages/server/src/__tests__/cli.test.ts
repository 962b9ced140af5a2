import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { decodeCodeResponse } from '@minicode/core'
import { bundle } from './bundle'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
let cli: string
let dir: string
beforeAll(async () => {
  ;[sim, cli, dir] = await Promise.all([
    startTestSim(),
    bundle(join(__dirname, 'fixtures/cli-entry.ts')),
    mkdtemp(join(tmpdir(), 'minicode-cli-')),
  ])
})
afterAll(async () => {
  await sim.close()
  await rm(dir, { recursive: true, force: true })
  await rm(dirname(cli), { recursive: true, force: true })
})
beforeEach(() => sim.reset())

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: {
      ...process.env,
      WECHAT_APPID: sim.appId,
      WECHAT_APPSECRET: sim.appSecret,
      WECHAT_API_BASE: sim.url,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c))
  child.stderr.on('data', (c: Buffer) => (stderr += c))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  )
  return { child, done, stdout: () => stdout }
}

async function waitFor<T>(what: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = what()
    if (value) return value
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

test('minicode serve --sim prints the URL once ready, serves codes, and stops cleanly on SIGTERM', async () => {
  const proc = run(['serve', '--sim', '--port', '0'], {
    WECHAT_APPID: '',
    WECHAT_APPSECRET: '',
    WECHAT_API_BASE: '',
    MINICODE_API_KEYS: 'k1',
  })
  const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(proc.stdout())?.[1])
  expect((await fetch(`${url}/healthz`)).status).toBe(200)
  expect((await fetch(`${url}/minicode?scene=cli`)).status).toBe(401)
  const res = await fetch(`${url}/minicode?scene=cli`, { headers: { 'x-api-key': 'k1' } })
  expect(res.status).toBe(200)
  expect(decodeCodeResponse(new Uint8Array(await res.arrayBuffer())).mime).toMatch(/^image\//)
  proc.child.kill('SIGTERM')
  const result = await proc.done
  expect(result.code).toBe(0)
})

test('minicode serve without credentials says what to set and exits non-zero', async () => {
  const result = await run(['serve', '--port', '0'], { WECHAT_APPID: '', WECHAT_APPSECRET: '' }).done
  expect(result.code).not.toBe(0)
  expect(result.stderr).toMatch(/WECHAT_APPID/)
})

test('minicode gen: writes codes, a manifest and failures.csv with exit 1; a rerun resumes and skips valid files', async () => {
  const out = join(dir, 'gen')
  const input = join(dir, 'codes.csv')
  await writeFile(
    input,
    [
      'scene,page,width,isHyaline,file',
      'id=1,pages/product/index,430,,one.png',
      'id=2,pages/product/index,300,true,',
      'id=3,,,,',
      '商品,pages/product/index,,,',
      'id=5,,99,,',
      'id=6,,,yes,',
    ].join('\n'),
  )
  const first = await run(['gen', '--input', input, '--out', out, '--concurrency', '3', '--rate', '50/s'])
    .done
  expect(first.code).toBe(1)
  const files = (await readdir(out)).sort()
  expect(files).toContain('one.png')
  expect(files).toContain('manifest.json')
  expect(files).toContain('failures.csv')
  expect(files.filter((f) => /^code-[0-9a-f]{16}\.(png|jpg)$/.test(f))).toHaveLength(2)
  expect(files.filter((f) => f.includes('tmp'))).toEqual([])
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
  expect(manifest).toMatchObject({ total: 6, ok: 3, skipped: 0, failed: 3 })
  const failures = (await readFile(join(out, 'failures.csv'), 'utf8')).trim().split('\n')
  expect(failures).toHaveLength(4)
  expect(failures[0]).toMatch(/error_code/)
  expect(failures.slice(1).every((l) => l.includes('invalid_request'))).toBe(true)
  for (const f of files.filter((f) => f.endsWith('.png') || f.endsWith('.jpg'))) {
    expect(() => decodeCodeResponse(new Uint8Array(readFileSync(join(out, f))))).not.toThrow()
  }
  expect((await sim.counts()).code).toBe(3)

  // Break one file (truncate it): the rerun fetches only that one.
  const one = await readFile(join(out, 'one.png'))
  await writeFile(join(out, 'one.png'), one.subarray(0, one.length - 20))
  const fixed = [
    'scene,page,width,isHyaline,file',
    'id=1,pages/product/index,430,,one.png',
    'id=2,pages/product/index,300,true,',
    'id=3,,,,',
  ].join('\n')
  await writeFile(input, fixed)
  const second = await run(['gen', '--input', input, '--out', out, '--concurrency', '2']).done
  expect(second.code).toBe(0)
  expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))).toMatchObject({
    total: 3,
    ok: 1,
    skipped: 2,
    failed: 0,
  })
  expect(await readdir(out)).not.toContain('failures.csv')
  expect((await sim.counts()).code).toBe(4)
  expect(second.stderr).toMatch(/3\/3/)
}, 60_000)

test('minicode gen refuses unknown columns and missing flags with exit 2', async () => {
  const input = join(dir, 'bad.csv')
  await writeFile(input, 'scene,colour\na,red\n')
  const bad = await run(['gen', '--input', input, '--out', join(dir, 'bad')]).done
  expect(bad.code).toBe(2)
  expect(bad.stderr).toMatch(/colour/)
  expect((await run(['gen', '--input', input]).done).code).toBe(2)
})

test('minicode gen (the owner) makes every kind, though the endpoint serves only unlimited ones', async () => {
  const input = join(dir, 'kinds.csv')
  const out = join(dir, 'kinds')
  await writeFile(
    input,
    [
      'kind,path,scene,file',
      'limited,pages/a/index?x=1,,l.png',
      'qrcode,pages/a/index?x=2,,q.png',
      'unlimited,,k=1,u.png',
    ].join('\n'),
  )
  const result = await run(['gen', '--input', input, '--out', out]).done
  expect(result.code).toBe(0)
  expect((await readdir(out)).filter((f) => f.endsWith('.png')).sort()).toEqual(['l.png', 'q.png', 'u.png'])
})

test('minicode serve refuses bad policy and session settings at start, with exit 2', async () => {
  for (const [env, message] of [
    [{ MINICODE_KINDS: 'unlimited,all' }, /'all' is not a code kind/],
    [{ MINICODE_ALLOW_SCENES: 'id=<number>' }, /allowScenes pattern 'id=<number>'/],
    [{ MINICODE_SESSION_SECRET: 'short' }, /MINICODE_SESSION_SECRET must be at least 32/],
    [{ MINICODE_QUOTA_RESERVE: '-5' }, /MINICODE_QUOTA_RESERVE must be a whole number/],
  ] as const) {
    const result = await run(['serve', '--port', '0'], env).done
    expect({ env, code: result.code }).toEqual({ env, code: 2 })
    expect(result.stderr).toMatch(message)
  }
})

test('minicode quota without a shared ledger says the figure is unknown', async () => {
  const result = await run(['quota']).done
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(/used +unknown/)
  expect(result.stdout).toMatch(/reserve +1000 \(MINICODE_QUOTA_RESERVE\)/)
  expect(result.stdout).not.toContain(sim.appSecret)
})

test('minicode serve with MINICODE_REQUIRE_SESSION: codes need a token from POST /session', async () => {
  const proc = run(['serve', '--port', '0'], { MINICODE_REQUIRE_SESSION: '1', MINICODE_SESSION_TTL: '600' })
  const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(proc.stdout())?.[1])
  try {
    expect((await fetch(`${url}/minicode?scene=s`)).status).toBe(401)
    const login = await fetch(`${url}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'testcode:cli:1' }),
    })
    const { token, expiresIn } = (await login.json()) as { token: string; expiresIn: number }
    expect(expiresIn).toBe(600)
    expect(
      (await fetch(`${url}/minicode?scene=s`, { headers: { 'x-minicode-session': token } })).status,
    ).toBe(200)
  } finally {
    proc.child.kill('SIGTERM')
    expect((await proc.done).code).toBe(0)
  }
})
