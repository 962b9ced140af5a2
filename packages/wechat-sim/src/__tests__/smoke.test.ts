import { startWeChatSim, type RunningWeChatSim } from '../index'
import { decodeQr, getToken, postCode } from './helpers'

let sim: RunningWeChatSim
beforeAll(async () => {
  sim = await startWeChatSim()
})
afterAll(() => sim.close())

test('token then getUnlimited gives a decodable code', async () => {
  const t = await getToken(sim)
  expect(typeof t.access_token).toBe('string')
  const r = await postCode(sim, '/wxa/getwxacodeunlimit', t.access_token as string, { scene: 'id=42&x=1', page: 'pages/goods/detail' })
  expect(r.type).toBe('image/jpeg')
  expect(decodeQr(r.bytes).text).toBe('pages/goods/detail?scene=id%3D42%26x%3D1')
  expect(sim.stats()).toEqual(expect.objectContaining({ token: 1, getwxacodeunlimit: 1, images: 1 }))
})
