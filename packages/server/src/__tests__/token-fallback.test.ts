import { createWeChatClient, memoryStore, type Store } from '@minicode/server'
import { startTestSim, type TestSim } from './test-sim'

let sim: TestSim
beforeAll(async () => {
  sim = await startTestSim()
})
afterAll(() => sim.close())
beforeEach(() => sim.reset())

/** A store that is away (as Redis with no connection): every call fails at once, like connectRedis's. */
function awayStore(): Store & { away: boolean } {
  const base = memoryStore()
  const state = { away: true }
  const fail = () =>
    Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"))
  return Object.assign(state, {
    get: (key: string) => (state.away ? fail() : base.get(key)),
    set: (key: string, value: Uint8Array, ttl?: number) => (state.away ? fail() : base.set(key, value, ttl)),
    deleteIfEquals: (key: string, value: Uint8Array) =>
      state.away ? fail() : base.deleteIfEquals(key, value),
    tryLock: (key: string, ttl: number) => (state.away ? fail() : base.tryLock(key, ttl)),
  })
}

test('with the token store away from the start, 20 concurrent asks cost one stable_token call', async () => {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    tokenStore: awayStore(),
  })
  const tokens = await Promise.all(Array.from({ length: 20 }, () => client.getAccessToken()))
  expect(new Set(tokens).size).toBe(1)
  expect((await sim.counts()).token).toBe(1)
  // Later asks use the token this process holds.
  await client.getAccessToken()
  expect((await sim.counts()).token).toBe(1)
})

test('a token WeChat refuses is dropped from memory too, and one fresh one fetched', async () => {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    tokenStore: awayStore(),
  })
  await client.getCode({ scene: 'a=1' })
  await sim.revokeToken()
  const codes = await Promise.all([1, 2, 3].map((i) => client.getCode({ scene: `b=${i}` })))
  expect(codes).toHaveLength(3)
  expect((await sim.counts()).token).toBe(2)
})

test('the old /cgi-bin/token is never fetched without the store: it would invalidate other processes', async () => {
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    tokenStore: awayStore(),
    stableToken: false,
  })
  await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'network' })
  expect((await sim.counts()).token).toBe(0)
})

test('when the store comes back the token is shared through it again', async () => {
  const store = awayStore()
  const client = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    tokenStore: store,
  })
  const first = await client.getAccessToken()
  store.away = false
  // A second process on the same store, with nothing in memory: the store is empty, so it fetches
  // (stable_token gives it the same token), then both read the shared copy.
  const other = createWeChatClient({
    appId: sim.appId,
    appSecret: sim.appSecret,
    apiBase: sim.url,
    tokenStore: store,
  })
  expect(await other.getAccessToken()).toBe(first)
  expect(await client.getAccessToken()).toBe(first)
  expect((await sim.counts()).token).toBe(2)
})
