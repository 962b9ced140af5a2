import { createRequire } from 'node:module'
import { join } from 'node:path'
import { isMiniCodeError, isSceneId, parseScene } from '@minicode/core'
import { createWeChatSim, type WeChatSim } from '@minicode/wechat-sim'
import { canonicalSceneData, createSceneIdMaker } from '../index'
import { cloudDatabase, type CloudDatabaseFake } from './fixtures/cloud-database'
import { seededRandom } from './fixtures/seeded-random'
import { simCloud, type SimCloud } from './fixtures/sim-openapi'
import { sceneInCode } from './qr-scene'

// The cloud function's long scenes: its copies of the server's canonical JSON and id maker, checked
// against the server's on random data, and the round trip through a real code: data in, the code's
// scene read back by jsQR, the data looked up again.

const dir = join(__dirname, '../../cloudfunction/getMiniCode')
const require_ = createRequire(__filename)
type Answer = Record<string, unknown>
const scenes = require_(join(dir, 'scenes.js')) as {
  canonicalSceneData(data: unknown): { ok?: string; error?: { code: string; field: string } }
  sceneIdMaker(secret: string): (canonical: string) => string
  sceneSecretFromEnv(env: Record<string, string | undefined>): string | undefined
}
const logic = require_(join(dir, 'logic.js')) as {
  createGetMiniCode(cloud: unknown, options?: { sceneSecret?: string }): (event: unknown) => Promise<Answer>
}

const SECRET = 'a-scene-secret-of-at-least-32-bytes!'

// The same "random" inputs on every run, so a failure can be replayed.
const rand = seededRandom(2048)
const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)]!
const KEYS = ['sku', 'a', 'B', 'a b', '中文', '', '$x', '1st', 'utm', 'z'.repeat(40)]

/** JSON-ish values, with now and then something JSON cannot carry faithfully. */
function randomValue(depth: number): unknown {
  const roll = rand()
  if (roll < 0.03)
    return pick([undefined, NaN, Infinity, -Infinity, new Date(0), () => 1, new Map(), Symbol('s')])
  if (roll < 0.25 && depth < 18)
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(depth + 1))
  if (roll < 0.5 && depth < 18) return randomObject(depth + 1)
  return pick<unknown>([
    0,
    -0,
    1.5,
    -7,
    1e21,
    'x',
    '中文 "quoted" \\ \n',
    '😀',
    'y'.repeat(Math.floor(rand() * 2200)),
    true,
    false,
    null,
  ])
}

function randomObject(depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const count = Math.floor(rand() * 5)
  for (let i = 0; i < count; i++) out[pick(KEYS)] = randomValue(depth)
  return out
}

function serverVerdict(data: unknown): unknown {
  try {
    return { ok: canonicalSceneData(data) }
  } catch (error) {
    if (!isMiniCodeError(error)) throw error
    return { error: { code: error.code, field: error.field } }
  }
}

function copyVerdict(data: unknown): unknown {
  const verdict = scenes.canonicalSceneData(data)
  return verdict.error ? { error: { code: verdict.error.code, field: verdict.error.field } } : verdict
}

test("the copied canonical JSON agrees with the server's on 4,000 random data (text, or code and field)", () => {
  const seen = { ok: 0, invalid: 0, tooLarge: 0 }
  for (let i = 0; i < 4000; i++) {
    const data = rand() < 0.05 ? randomValue(0) : randomObject(0)
    const server = serverVerdict(data) as { ok?: string; error?: { code: string } }
    expect({ i, verdict: copyVerdict(data) }).toEqual({ i, verdict: server })
    if (server.ok) seen.ok++
    else if (server.error!.code === 'payload_too_large') seen.tooLarge++
    else seen.invalid++
  }
  // Not vacuous: each verdict is common.
  expect(seen.ok).toBeGreaterThan(500)
  expect(seen.invalid).toBeGreaterThan(100)
  expect(seen.tooLarge).toBeGreaterThan(50)
  // Both sides of 2,048 bytes, counted in UTF-8 ('é' is 2 bytes, '😀' 4).
  for (let n = 1010; n < 1030; n++) {
    for (const data of [{ s: 'é'.repeat(n) }, { s: '😀'.repeat(n / 2) }, { s: 'y'.repeat(2 * n) }])
      expect(copyVerdict(data)).toEqual(serverVerdict(data))
  }
  // Nesting past 16 levels is refused at the same path.
  let deep: unknown = 1
  for (let i = 0; i < 20; i++) deep = { d: deep }
  expect(copyVerdict(deep)).toEqual(serverVerdict(deep))
})

test("ids are the server's: the same data gets the same id as on a server with the same secret", () => {
  const serverId = createSceneIdMaker(SECRET)
  const copyId = scenes.sceneIdMaker(SECRET)
  const otherId = scenes.sceneIdMaker(`${SECRET}-other`)
  for (let i = 0; i < 1000; i++) {
    const text = JSON.stringify(randomObject(0))
    const id = copyId(text)
    expect(isSceneId(id)).toBe(true)
    expect(id).toBe(serverId(text))
    expect(otherId(text)).not.toBe(id)
  }
  expect(() => scenes.sceneIdMaker('short')).toThrow(/at least 32/)
  expect(() => createSceneIdMaker('short')).toThrow(/at least 32/)
  expect(scenes.sceneSecretFromEnv({})).toBeUndefined()
  expect(scenes.sceneSecretFromEnv({ MINICODE_SCENE_SECRET: SECRET })).toBe(SECRET)
})

describe('long scenes through the function', () => {
  let sim: WeChatSim
  let cloud: SimCloud & { database: CloudDatabaseFake['database'] }
  let db: CloudDatabaseFake
  let main: (event: unknown) => Promise<Answer>
  beforeEach(() => {
    sim = createWeChatSim()
    db = cloudDatabase()
    cloud = { ...simCloud(sim), database: db.database }
    main = logic.createGetMiniCode(cloud, { sceneSecret: SECRET })
  })
  afterEach(() => sim.dispose())

  const data = { sku: 'A-1', from: 'poster', utm: { source: 'wechat-moments', campaign: 'double-12' } }

  test('data in, a real code out whose scene (read by jsQR) gives the data back', async () => {
    const code = await main({ data, page: 'pages/item/index', userInfo: { openId: 'o1' } })
    expect(code.contentType).toBe('image/png')
    const read = sceneInCode(code.buffer as Buffer)
    expect(read.page).toBe('pages/item/index')
    const { raw } = parseScene(read.scene)
    expect(isSceneId(raw)).toBe(true)
    expect(raw).toBe(createSceneIdMaker(SECRET)(canonicalSceneData(data)))
    expect(cloud.calls[0]).toMatchObject({ api: 'wxacode.getUnlimited', params: { scene: raw } })
    expect(await main({ kind: 'scene', id: raw })).toEqual({ id: raw, data })
    // Wrapped, as cloudBackend sends it.
    expect(await main({ request: { kind: 'scene', id: raw } })).toEqual({ id: raw, data })
    // The collection was made on first use, and the data was stored before the code was made.
    expect(db.log.slice(0, 3)).toEqual([
      `set minicode_scenes/${raw}`,
      'createCollection minicode_scenes',
      `set minicode_scenes/${raw}`,
    ])
  })

  test('the same data in another key order is the same id and one document', async () => {
    await main({ data })
    await main({
      data: { utm: { campaign: 'double-12', source: 'wechat-moments' }, from: 'poster', sku: 'A-1' },
    })
    const scenesOf = cloud.calls.map((c) => c.params.scene)
    expect(scenesOf[0]).toBe(scenesOf[1])
    expect(db.collections.get('minicode_scenes')!.size).toBe(1)
  })

  test("data that can't be a long scene is refused with its field before any call", async () => {
    expect(await main({ data: { sku: 'A-1', when: new Date(0) } })).toEqual({
      errcode: 40097,
      errmsg: expect.stringMatching(/^invalid_request: /),
      code: 'invalid_request',
      field: 'data.when',
    })
    expect(await main({ data: { blob: 'x'.repeat(2100) } })).toEqual({
      errcode: undefined,
      errmsg: expect.stringContaining('at most 2048'),
      code: 'payload_too_large',
      field: 'data',
    })
    expect(await main({ data: [1] })).toMatchObject({ errcode: 40097, field: 'data' })
    expect(await main({ data, scene: 'id=1' })).toMatchObject({ errcode: 40097, field: 'scene' })
    expect(cloud.calls).toHaveLength(0)
    expect(db.log).toHaveLength(0)
  })

  test('a database that is down refuses new long scenes (store_unavailable, retryable) and makes no code', async () => {
    db.down = true
    expect(await main({ data })).toEqual({
      errmsg: expect.stringMatching(/^store_unavailable: .*refused rather than lost/),
      code: 'store_unavailable',
      retryable: true,
    })
    expect(cloud.calls).toHaveLength(0)
    expect(await main({ kind: 'scene', id: `~${'A'.repeat(31)}` })).toMatchObject({
      code: 'store_unavailable',
    })
    db.down = false
    expect(await main({ data })).toMatchObject({ contentType: 'image/png' })
  })

  test('unknown ids are not_found; ids of the wrong shape never reach the database', async () => {
    expect(await main({ kind: 'scene', id: `~${'B'.repeat(31)}` })).toEqual({
      errmsg: expect.stringMatching(/^not_found: /),
      code: 'not_found',
    })
    const logged = db.log.length
    expect(await main({ kind: 'scene', id: 'id=42' })).toMatchObject({ code: 'not_found' })
    expect(db.log).toHaveLength(logged)
    expect(await main({ kind: 'scene' })).toMatchObject({ code: 'invalid_request', field: 'id' })
    expect(await main({ kind: 'scene', id: '~x', extra: 1 })).toMatchObject({
      code: 'invalid_request',
      field: 'extra',
    })
  })

  test("an ordinary scene shaped like an id is refused while long scenes are on, and works as before when they're off", async () => {
    const lookalike = `~${'C'.repeat(31)}`
    expect(await main({ scene: lookalike })).toMatchObject({
      errcode: 40097,
      code: 'invalid_request',
      field: 'scene',
    })
    expect(cloud.calls).toHaveLength(0)
    const plain = logic.createGetMiniCode(cloud)
    expect(await plain({ scene: lookalike })).toMatchObject({ contentType: 'image/png' })
  })

  test('without MINICODE_SCENE_SECRET: data is refused naming the setting; lookups are not_found', async () => {
    const plain = logic.createGetMiniCode(cloud)
    expect(await plain({ data })).toEqual({
      errcode: 40097,
      errmsg: expect.stringContaining('MINICODE_SCENE_SECRET'),
      code: 'invalid_request',
      field: 'data',
    })
    expect(await plain({ kind: 'scene', id: `~${'D'.repeat(31)}` })).toMatchObject({
      code: 'not_found',
      errmsg: expect.stringContaining('MINICODE_SCENE_SECRET'),
    })
    expect(cloud.calls).toHaveLength(0)
    expect(db.log).toHaveLength(0)
  })
})
