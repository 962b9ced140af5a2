import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileStore, memoryStore, redisStore, type Store } from '@minicode/server'
import { startRedis } from './redis-server'

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null)
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

let redis: Awaited<ReturnType<typeof startRedis>>
let dir: string
const made: Store[] = []

beforeAll(async () => {
  redis = await startRedis()
  dir = await mkdtemp(join(tmpdir(), 'minicode-store-'))
})
afterAll(async () => {
  await Promise.all(made.map((s) => s.close?.()))
  await redis.stop()
  await rm(dir, { recursive: true, force: true })
})

const kinds: [string, () => Store][] = [
  ['memoryStore', () => memoryStore()],
  ['fileStore', () => fileStore(join(dir, String(Math.random())))],
  [
    'redisStore',
    () => {
      const s = redisStore(redis.url, { prefix: `t${Math.random()}:` })
      made.push(s)
      return s
    },
  ],
]

describe.each(kinds)('%s', (_name, make) => {
  test('get/set, ttl expiry, forever without ttl', async () => {
    const store = make()
    expect(await store.get('a')).toBeNull()
    await store.set('a', bytes('one'))
    await store.set('b', bytes('two'), 80)
    expect(text(await store.get('a'))).toBe('one')
    expect(text(await store.get('b'))).toBe('two')
    await wait(150)
    expect(await store.get('b')).toBeNull()
    expect(text(await store.get('a'))).toBe('one')
  })

  test('deleteIfEquals deletes only the very value', async () => {
    const store = make()
    await store.set('tok', bytes('A'))
    expect(await store.deleteIfEquals('tok', bytes('B'))).toBe(false)
    expect(text(await store.get('tok'))).toBe('A')
    expect(await store.deleteIfEquals('tok', bytes('A'))).toBe(true)
    expect(await store.get('tok')).toBeNull()
    expect(await store.deleteIfEquals('tok', bytes('A'))).toBe(false)
  })

  test('tryLock is exclusive until released or expired', async () => {
    const store = make()
    const release = await store.tryLock('L', 200)
    expect(release).toBeInstanceOf(Function)
    expect(await store.tryLock('L', 200)).toBeNull()
    await release!()
    const again = await store.tryLock('L', 100)
    expect(again).not.toBeNull()
    await wait(180)
    // Expired: someone else may take it, and the old holder's release must not free the new lock.
    const third = await store.tryLock('L', 1000)
    expect(third).not.toBeNull()
    await again!()
    expect(await store.tryLock('L', 1000)).toBeNull()
    await third!()
  })
})

test('fileStore names files by sha256 and leaves no temp file behind', async () => {
  const d = join(dir, 'names')
  const store = fileStore(d)
  await store.set('scene=../../etc/passwd&page=pages/x', bytes('x'))
  const names = await readdir(d)
  expect(names).toHaveLength(1)
  expect(names[0]).toMatch(/^[0-9a-f]{64}$/)
})

test('fileStore cleans its temp file when the write fails', async () => {
  const d = join(dir, 'fail')
  const store = fileStore(d)
  await store.set('k', bytes('v'))
  const [name] = await readdir(d)
  // A directory where the file should be makes rename fail after the temp file was written.
  await rm(join(d, name!))
  await mkdir(join(d, name!))
  await writeFile(join(d, name!, 'x'), 'x')
  await expect(store.set('k', bytes('v2'))).rejects.toThrow()
  expect((await readdir(d)).filter((n) => n.endsWith('.tmp'))).toEqual([])
})
