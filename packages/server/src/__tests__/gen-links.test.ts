import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { main } from '../cli/main'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(30_000)

let sim: TestSim
let dir: string
beforeAll(async () => {
  sim = await startTestSim({ releasedPages: ['pages/index/index', 'pages/item/index'] })
  dir = await mkdtemp(join(tmpdir(), 'minicode-gen-links-'))
})
afterAll(async () => {
  await sim.close()
  await rm(dir, { recursive: true, force: true })
})

async function gen(args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(['gen', ...args], {
    env: { WECHAT_APPID: sim.appId, WECHAT_APPSECRET: sim.appSecret, WECHAT_API_BASE: sim.url },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  })
  return { code, stdout, stderr }
}

test('minicode gen --link makes one link per row, writes links.json and links.csv, and a rerun keeps them', async () => {
  const input = join(dir, 'links.csv')
  const out = join(dir, 'out')
  await writeFile(
    input,
    [
      'kind,path,query,expireInterval,pageUrl,pageTitle,isPermanent',
      ',pages/item/index,id=1,7,,,',
      ',pages/item/index,id=2,,,,',
      'scheme,pages/item/index,id=1,,,,',
      'shortlink,,,,pages/item/index?id=3,商品三,true',
      ',pages/item/index,name=商品,,,,',
      ',pages/draft/index,,,,,',
      ',/pages/item/index,id=1,7,,,',
    ].join('\n'),
  )
  const first = await gen(['--link', 'urllink', '--input', input, '--out', out])
  expect(first.code).toBe(1)
  expect(first.stdout).toMatch(/5 links made, 0 kept from the last run, 2 failed/)
  // The last row is the first one again: one call for both. The invalid row costs none; the page
  // WeChat does not know costs one.
  expect(sim.raw.stats()).toMatchObject({ generate_urllink: 3, generatescheme: 1, genwxashortlink: 1 })
  const manifest = JSON.parse(await readFile(join(out, 'links.json'), 'utf8'))
  expect(manifest).toMatchObject({ total: 7, ok: 5, failed: 2, interrupted: false })
  const rows = parse(await readFile(join(out, 'links.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[]
  expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'failed', 'failed', 'ok'])
  expect(rows[0]!.link).toMatch(/^https:\/\/wxaurl\.cn\/\w{11}$/)
  expect(rows[6]!.link).toBe(rows[0]!.link)
  expect(Date.parse(rows[0]!.expires_at!) - Date.now()).toBeGreaterThan(6.9 * 86_400_000)
  expect(rows[2]!.link).toMatch(/^weixin:\/\/dl\/business\/\?t=/)
  expect(rows[3]!.link).toMatch(/^#小程序:\/\/示例小程序\//)
  expect(rows[3]!.expires_at).toBe('never')
  expect(rows[4]).toMatchObject({ error_code: 'invalid_request', errcode: '' })
  expect(rows[5]).toMatchObject({ error_code: 'wechat_error', errcode: '40165' })
  expect((await readdir(out)).sort()).toEqual(['links.csv', 'links.json'])

  // Rerun: every link that still lives is kept (no quota spent; the permanent one never made twice).
  const second = await gen(['--link', 'urllink', '--input', input, '--out', out])
  expect(second.stdout).toMatch(/0 links made, 5 kept from the last run, 2 failed/)
  expect(sim.raw.stats()).toMatchObject({ generate_urllink: 4, generatescheme: 1, genwxashortlink: 1 })
  const again = parse(await readFile(join(out, 'links.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[]
  expect(again.map((r) => r.link)).toEqual(rows.map((r) => r.link))
})

test('gen --link refuses an unknown kind and unknown columns', async () => {
  const input = join(dir, 'bad.csv')
  await writeFile(input, 'path,colour\npages/index/index,red\n')
  expect((await gen(['--link', 'qrcode', '--input', input, '--out', join(dir, 'x')])).code).toBe(2)
  const unknown = await gen(['--link', 'scheme', '--input', input, '--out', join(dir, 'y')])
  expect(unknown.code).toBe(2)
  expect(unknown.stderr).toMatch(/Unknown CSV column\(s\): colour/)
})
