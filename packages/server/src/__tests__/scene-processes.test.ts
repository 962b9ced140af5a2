import { isSceneId } from '@minicode/core'
import { sceneInCode } from './qr-scene'
import { useServersOnRedis } from './server-processes'

const setting = useServersOnRedis()

const postData = (url: string, data: unknown) =>
  fetch(`${url}/minicode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, page: 'pages/product/index' }),
  })

test('four server processes on one redis-server give the same data the same id, and each reads the others’ scenes', async () => {
  const { sim } = setting
  const servers = await setting.startServers(4)
  // The same data, its keys in another order at each process, all at once.
  const orders = [
    { sku: 'A-1', from: 'poster', utm: { source: 'wechat', campaign: '双十一' } },
    { utm: { campaign: '双十一', source: 'wechat' }, sku: 'A-1', from: 'poster' },
    { from: 'poster', utm: { source: 'wechat', campaign: '双十一' }, sku: 'A-1' },
    { utm: { source: 'wechat', campaign: '双十一' }, from: 'poster', sku: 'A-1' },
  ]
  const responses = await Promise.all(servers.map((s, i) => postData(s.url, orders[i])))
  expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200])
  const ids = responses.map((r) => r.headers.get('x-minicode-scene'))
  expect(new Set(ids).size).toBe(1)
  const id = ids[0]!
  expect(isSceneId(id)).toBe(true)
  // One code for all four: the same scene, so the shared code cache coalesced them.
  expect((await sim.counts()).code).toBe(1)
  // The id really is in the code, as jsQR reads it.
  const scene = decodeURIComponent(sceneInCode(new Uint8Array(await responses[2]!.arrayBuffer())).scene)
  expect(scene).toBe(id)
  for (const s of servers) {
    const res = await fetch(`${s.url}/scene/${id}`)
    expect(await res.json()).toEqual({ id, data: orders[0] })
  }
  // Data made at one process only is read at another (from Redis, not its memory).
  const lone = await postData(servers[0]!.url, { only: 'here' })
  const loneId = lone.headers.get('x-minicode-scene')!
  expect(await (await fetch(`${servers[3]!.url}/scene/${loneId}`)).json()).toEqual({
    id: loneId,
    data: { only: 'here' },
  })
  // Unknown ids are 404 at every process.
  for (const s of servers) expect((await fetch(`${s.url}/scene/~${'Z'.repeat(31)}`)).status).toBe(404)
  await setting.stopServers()
}, 60_000)
