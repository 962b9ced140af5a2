/** `minicode poster` (issue #16 item 3): one poster, and one per CSV row, resumable. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { encodePng, type PosterSpec } from '@minicode/core'
import { productPoster } from '../../../../src/posters/product-poster'
import { main } from '../cli/main'
import { ROWS_PER_THREAD, posterBatch } from '../cli/poster'
import { bundle } from './bundle'
import { sceneInCode } from './qr-scene'
import { startTestSim, type TestSim } from './test-sim'

jest.setTimeout(60_000)

let sim: TestSim
let dir: string
beforeAll(async () => {
  sim = await startTestSim()
  dir = await mkdtemp(join(tmpdir(), 'minicode-poster-'))
})
afterAll(async () => {
  await sim.close()
  await rm(dir, { recursive: true, force: true })
})

const SPEC: PosterSpec = {
  width: 240,
  height: 300,
  elements: [
    { type: 'text', x: 10, y: 10, text: 'Hello {{name}}', size: 16 },
    { type: 'qr', x: 20, y: 40, size: 200, text: 'https://example.com/p/{{id}}' },
    { type: 'code', x: 0, y: 240, size: 60, request: { scene: 'id={{id}}', page: 'pages/index/index' } },
  ],
}

async function run(args: string[], posterWorker?: string, stopSignal?: Promise<unknown>) {
  let stdout = ''
  let stderr = ''
  const code = await main(['poster', ...args], {
    env: { WECHAT_APPID: sim.appId, WECHAT_APPSECRET: sim.appSecret, WECHAT_API_BASE: sim.url },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    posterWorker,
    stopSignal,
  })
  return { code, stdout, stderr }
}

/** The qr element's text, read from its own square (the code element below is another symbol). */
function qrOf(bytes: Buffer): string | undefined {
  const png = PNG.sync.read(bytes)
  const side = 200
  const crop = new Uint8ClampedArray(side * side * 4)
  for (let y = 0; y < side; y++) {
    const from = ((40 + y) * png.width + 20) * 4
    crop.set(png.data.subarray(from, from + side * 4), y * side * 4)
  }
  return jsQR(crop, side, side)?.data
}

test('one poster: --spec and --out a file', async () => {
  const spec = { ...SPEC, elements: SPEC.elements.slice(0, 2) }
  const single = JSON.parse(
    JSON.stringify(spec)
      .replace(/\{\{id\}\}/g, '7')
      .replace(/\{\{name\}\}/g, 'A'),
  )
  await writeFile(join(dir, 'one.json'), JSON.stringify(single))
  const result = await run(['--spec', join(dir, 'one.json'), '--out', join(dir, 'one.png')])
  expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('240×300 image/png') })
  expect(qrOf(await readFile(join(dir, 'one.png')))).toBe('https://example.com/p/7')
})

test('one poster per row, {{column}} filled in, failures listed, reruns resumed', async () => {
  const out = join(dir, 'batch')
  await writeFile(join(dir, 'spec.json'), JSON.stringify(SPEC))
  await writeFile(join(dir, 'rows.csv'), 'name,id,file\nAda,1,\nBob,2,bob.png\nEve,3,.hidden\n')
  const args = ['--spec', join(dir, 'spec.json'), '--data', join(dir, 'rows.csv'), '--out', out]
  const first = await run(args)
  expect(first.code).toBe(1)
  expect(first.stdout).toContain('2 written, 0 already there, 1 failed')
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
  expect(manifest).toMatchObject({ total: 3, ok: 2, failed: 1, interrupted: false })
  const files = manifest.items
    .filter((i: { status: string }) => i.status === 'ok')
    .map((i: { file: string }) => i.file)
  expect(files).toContain('bob.png')
  expect(qrOf(await readFile(join(out, 'bob.png')))).toBe('https://example.com/p/2')
  const ada = files.find((f: string) => f !== 'bob.png')
  expect(ada).toMatch(/^poster-[0-9a-f]{16}\.png$/)
  expect(qrOf(await readFile(join(out, ada)))).toBe('https://example.com/p/1')
  const failures = await readFile(join(out, 'failures.csv'), 'utf8')
  expect(failures).toContain('Eve,3,.hidden,4,invalid_request,file,')

  // A truncated file is rendered again; a valid one is skipped.
  const bob = await readFile(join(out, 'bob.png'))
  await writeFile(join(out, 'bob.png'), bob.subarray(0, 100))
  const again = await run(args)
  expect(again.stdout).toContain('1 written, 1 already there, 1 failed')
  expect(qrOf(await readFile(join(out, 'bob.png')))).toBe('https://example.com/p/2')
  expect((await readdir(out)).some((f) => f.endsWith('.mctmp'))).toBe(false)
})

test('an unknown {{column}} fails the row at its field', async () => {
  const out = join(dir, 'typo')
  const spec = { ...SPEC, elements: [{ type: 'text', x: 0, y: 0, text: 'Hi {{nmae}}' }] }
  await writeFile(join(dir, 'typo.json'), JSON.stringify(spec))
  await writeFile(join(dir, 'typo.csv'), 'name\nAda\n')
  const result = await run(['--spec', join(dir, 'typo.json'), '--data', join(dir, 'typo.csv'), '--out', out])
  expect(result.code).toBe(1)
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
  expect(manifest.items[0].error).toMatchObject({ code: 'invalid_request', field: 'elements[0].text' })
})

test('usage mistakes print the usage', async () => {
  const result = await run(['--spec', join(dir, 'spec.json')])
  expect(result.code).toBe(2)
  expect(result.stderr).toContain('minicode poster --spec spec.json --data rows.csv --out DIR')
})

test('with the worker script, rows render in worker threads, to the same bytes', async () => {
  const worker = await bundle(join(__dirname, '../cli/poster-worker.ts'))
  try {
    await writeFile(join(dir, 'spec.json'), JSON.stringify(SPEC))
    await writeFile(
      join(dir, 'many.csv'),
      ['name,id', ...Array.from({ length: 6 }, (_, i) => `N${i},${i}`)].join('\n'),
    )
    const base = ['--spec', join(dir, 'spec.json'), '--data', join(dir, 'many.csv')]
    const threads = await run([...base, '--out', join(dir, 'threads'), '--concurrency', '2'], worker)
    expect(threads).toMatchObject({ code: 0, stdout: expect.stringContaining('6 written') })
    const here = await run([...base, '--out', join(dir, 'here'), '--concurrency', '1'])
    expect(here.code).toBe(0)
    const names = (await readdir(join(dir, 'here'))).filter((f) => f.endsWith('.png')).sort()
    expect(names).toHaveLength(6)
    expect((await readdir(join(dir, 'threads'))).filter((f) => f.endsWith('.png')).sort()).toEqual(names)
    for (const name of names) {
      expect(
        Buffer.compare(await readFile(join(dir, 'threads', name)), await readFile(join(dir, 'here', name))),
      ).toBe(0)
    }
    // A worker script that cannot start fails the rows (canvas_unavailable) instead of hanging.
    const broken = await run([...base, '--out', join(dir, 'broken')], join(dir, 'no-such-worker.js'))
    expect(broken.code).toBe(1)
    const manifest = JSON.parse(await readFile(join(dir, 'broken', 'manifest.json'), 'utf8'))
    expect(manifest.items[0].error.code).toBe('canvas_unavailable')
  } finally {
    await rm(join(worker, '..'), { recursive: true, force: true })
  }
})

test('in worker threads, code elements inside boxes are fetched too (the demo poster)', async () => {
  const worker = await bundle(join(__dirname, '../cli/poster-worker.ts'))
  try {
    // The demo poster keeps its code in the card's footer box, two boxes down.
    const spec = JSON.stringify(productPoster()).replace('"scene":"id=42"', '"scene":"id={{id}}"')
    expect(spec).toContain('id={{id}}')
    await writeFile(join(dir, 'demo.json'), spec)
    await writeFile(join(dir, 'demo.csv'), 'id,file\n7,a.png\n8,b.png\n9,c.png\n')
    const out = join(dir, 'demo')
    const args = ['--spec', join(dir, 'demo.json'), '--data', join(dir, 'demo.csv'), '--out', out]
    const result = await run([...args, '--concurrency', '2', '--pixel-ratio', '2'], worker)
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('3 written') })
    for (const [file, id] of [
      ['a.png', 7],
      ['b.png', 8],
      ['c.png', 9],
    ] as const) {
      expect(sceneInCode(await readFile(join(out, file))).scene).toBe(encodeURIComponent(`id=${id}`))
    }
  } finally {
    await rm(join(worker, '..'), { recursive: true, force: true })
  }
})

test('Ctrl-C stops a batch as gen: posters under way finish, manifest written, no temp file, exit 130', async () => {
  const worker = await bundle(join(__dirname, '../cli/poster-worker.ts'))
  try {
    await writeFile(join(dir, 'spec.json'), JSON.stringify(SPEC))
    await writeFile(
      join(dir, 'stop.csv'),
      ['name,id', ...Array.from({ length: 40 }, (_, i) => `N${i},${i}`)].join('\n'),
    )
    const base = ['--spec', join(dir, 'spec.json'), '--data', join(dir, 'stop.csv'), '--concurrency', '2']
    const check = async (out: string, result: { code: number; stdout: string }) => {
      expect(result.code).toBe(130)
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
      expect(manifest.interrupted).toBe(true)
      expect(manifest.ok).toBeGreaterThan(0)
      expect(manifest.ok).toBeLessThan(40)
      const files = await readdir(out)
      expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(manifest.ok)
      expect(files.some((f) => f.endsWith('.mctmp'))).toBe(false)
    }
    // In threads, stopped through CliIo.stopSignal once the first poster is written (the progress line).
    let stop!: () => void
    const stopSignal = new Promise<void>((resolve) => (stop = resolve))
    const threads = join(dir, 'stop-threads')
    const written = run([...base, '--out', threads], worker, stopSignal)
    const watch = setInterval(() => {
      void readdir(threads).then(
        (files) => files.some((f) => f.endsWith('.png')) && stop(),
        () => undefined,
      )
    }, 5)
    const result = await written
    clearInterval(watch)
    await check(threads, result)

    // In this thread, stopped by a SIGINT (the default stop signal).
    const here = join(dir, 'stop-here')
    const running = run([...base, '--out', here])
    const sigint = setInterval(() => {
      void readdir(here).then(
        (files) => files.some((f) => f.endsWith('.png')) && process.emit('SIGINT'),
        () => undefined,
      )
    }, 5)
    const stopped = await running
    clearInterval(sigint)
    await check(here, stopped)
    // A rerun renders only what is missing.
    const rerun = await run([...base, '--out', here])
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toContain(
      `${40 - JSON.parse(await readFile(join(here, 'manifest.json'), 'utf8')).skipped} written`,
    )
  } finally {
    await rm(join(worker, '..'), { recursive: true, force: true })
  }
})

test('with render threads, a next row waits queued while each thread draws (no thread waits on the main one)', async () => {
  const png = encodePng({ width: 1, height: 1, data: new Uint8Array([0, 0, 0, 255]) })
  let drawing = 0
  let most = 0
  const pool = {
    async render() {
      most = Math.max(most, ++drawing)
      await new Promise((resolve) => setTimeout(resolve, 5))
      drawing--
      return { bytes: png, mime: 'image/png' as const, width: 1, height: 1 }
    },
    close: async () => undefined,
  }
  const summary = await posterBatch({
    spec: { width: 1, height: 1, elements: [{ type: 'text', x: 0, y: 0, text: '{{n}}' }] },
    data: ['n', ...Array.from({ length: 8 }, (_, i) => String(i))].join('\n'),
    out: join(dir, 'queued'),
    concurrency: 1,
    pool,
    stderr: { write: () => true },
  })
  expect(summary.ok).toBe(8)
  // One thread: one poster drawing, the next ones already handed over.
  expect(most).toBe(ROWS_PER_THREAD)
})
