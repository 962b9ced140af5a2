/**
 * @jest-environment node
 */
import { resolveScene } from '@minicode/core'
import { createWeChatSim, type WeChatSim } from '@minicode/wechat-sim'
import {
  cloudDatabase,
  type CloudDatabaseFake,
} from '../../../../server/src/__tests__/fixtures/cloud-database'
import { simCloud } from '../../../../server/src/__tests__/fixtures/sim-openapi'
import { sceneInCode } from '../../../../server/src/__tests__/qr-scene'
import { cloudBackend, type CloudLike } from '../cloud-backend'
import { failure } from '../../__tests__/fixtures/failure'

// Long scenes through cloudBackend and the real getMiniCode template: its openapi answered by
// @minicode/wechat-sim, its database an in-memory stand-in for wx-server-sdk's. The code's scene is
// read back from the image by jsQR, as a phone would scan it. Node's globals are needed, so Taro is
// mocked away (every backend here is given its cloud).
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))

// eslint-disable-next-line @typescript-eslint/no-require-imports
const logic = require('../../../../server/cloudfunction/getMiniCode/logic.js') as {
  createGetMiniCode(cloud: unknown, options?: { sceneSecret?: string }): (event: unknown) => Promise<unknown>
}

const SECRET = 'a-scene-secret-of-at-least-32-bytes!'

/** wx.cloud whose callFunction runs the template: `{ result, errMsg, requestID }`, the result as JSON. */
function templateCloud(sim: WeChatSim, db: CloudDatabaseFake, sceneSecret?: string): CloudLike {
  const main = logic.createGetMiniCode({ ...simCloud(sim), database: db.database }, { sceneSecret })
  return {
    callFunction: async (call) => {
      const result = JSON.parse(JSON.stringify(await main({ ...call.data, userInfo: { openId: 'o1' } })))
      return { result, errMsg: 'cloud.callFunction:ok', requestID: 'r1' }
    },
  }
}

let sim: WeChatSim
let db: CloudDatabaseFake
beforeEach(() => {
  sim = createWeChatSim()
  db = cloudDatabase()
})
afterEach(() => sim.dispose())

const data = { sku: 'A-1', from: 'poster', utm: { source: 'moments', campaign: 'double-12' } }

test('a code made from data carries an id scene that resolveScene turns back into the data', async () => {
  const backend = cloudBackend({ cloud: templateCloud(sim, db, SECRET) })
  const image = await backend.fetchCode({ data, page: 'pages/item/index' }, {})
  expect(image.mime).toBe('image/png')
  const scanned = sceneInCode(image.bytes).scene
  const resolved = await resolveScene(scanned, { backend })
  expect(resolved).toEqual({ raw: resolved.id, params: {}, id: expect.stringMatching(/^~/), data })
  // An ordinary scene needs no lookup.
  expect(await resolveScene('id%3D42', { backend })).toMatchObject({ params: { id: '42' } })
})

test('long-scene failures keep their code and field: bad data, too large, store down, unknown id', async () => {
  const backend = cloudBackend({ cloud: templateCloud(sim, db, SECRET) })
  expect(
    await failure(backend.fetchCode({ data: { a: { b: [1, { c: [] }] }, big: 'x'.repeat(2100) } }, {})),
  ).toMatchObject({
    code: 'payload_too_large',
    field: 'data',
  })
  db.down = true
  const down = await failure(backend.fetchCode({ data }, {}))
  expect(down).toMatchObject({ code: 'store_unavailable', retryable: true })
  expect(down.message).toContain('refused rather than lost')
  expect(sim.stats().getwxacodeunlimit).toBe(0)
  db.down = false
  expect(await failure(backend.scene(`~${'Z'.repeat(31)}`))).toMatchObject({ code: 'not_found' })
  const withoutSecret = cloudBackend({ cloud: templateCloud(sim, db) })
  expect(await failure(withoutSecret.fetchCode({ data }, {}))).toMatchObject({
    code: 'invalid_request',
    field: 'data',
    errcode: 40097,
  })
})

test('scene(): a function that answers no data is not_found; an abort is cancelled', async () => {
  const nothing: CloudLike = { callFunction: async () => ({ result: { ok: true } }) }
  const none = await failure(cloudBackend({ cloud: nothing }).scene(`~${'Y'.repeat(31)}`))
  expect(none.code).toBe('not_found')
  expect(none.message).toContain('MINICODE_SCENE_SECRET')
  const never: CloudLike = { callFunction: () => new Promise(() => undefined) }
  const controller = new AbortController()
  const pending = cloudBackend({ cloud: never }).scene(`~${'Y'.repeat(31)}`, { signal: controller.signal })
  controller.abort()
  expect((await failure(pending)).code).toBe('cancelled')
})
