import { MiniCodeError } from '../../errors'
import { resolveScene, type SceneBackend } from '../resolve-scene'
import { isSceneId } from '../scene-id'

const ID = '~' + 'aZ09_-'.repeat(6).slice(0, 31)

/** A backend that knows one id and counts its lookups. */
function backendWith(known: Record<string, Record<string, unknown>>) {
  const asked: string[] = []
  const backend: SceneBackend = {
    async scene(id) {
      asked.push(id)
      const data = known[id]
      if (!data) throw new MiniCodeError('not_found', `no scene ${id}`)
      return data
    },
  }
  return { backend, asked }
}

describe('isSceneId', () => {
  test('is a ~ and exactly 31 base64url characters, nothing else', () => {
    expect(ID).toHaveLength(32)
    expect(isSceneId(ID)).toBe(true)
    expect(isSceneId(ID.slice(0, 31))).toBe(false)
    expect(isSceneId(ID + 'a')).toBe(false)
    expect(isSceneId('~' + '.'.repeat(31))).toBe(false)
    expect(isSceneId('a' + ID.slice(1))).toBe(false)
    expect(isSceneId('id=42')).toBe(false)
    expect(isSceneId(undefined)).toBe(false)
  })
})

describe('resolveScene', () => {
  test('an ordinary scene gives its params without asking the backend', async () => {
    const { backend, asked } = backendWith({})
    await expect(resolveScene(encodeURIComponent('id=42&from=poster'), { backend })).resolves.toEqual({
      raw: 'id=42&from=poster',
      params: { id: '42', from: 'poster' },
    })
    expect(asked).toEqual([])
  })

  test('an id scene (URI-encoded or not) gives the stored data', async () => {
    const { backend, asked } = backendWith({ [ID]: { sku: 'A-1', tags: ['x'] } })
    const resolved = await resolveScene(encodeURIComponent(ID), { backend })
    expect(resolved).toEqual({ raw: ID, params: {}, id: ID, data: { sku: 'A-1', tags: ['x'] } })
    expect(asked).toEqual([ID])
  })

  test("an unknown id rejects with the backend's not_found", async () => {
    const { backend } = backendWith({})
    await expect(resolveScene(ID, { backend })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('an id scene without a backend is invalid_request naming backend', async () => {
    await expect(resolveScene(ID)).rejects.toMatchObject({ code: 'invalid_request', field: 'backend' })
  })

  test('no scene at all is an empty ordinary one', async () => {
    await expect(resolveScene(undefined)).resolves.toEqual({ raw: '', params: {} })
  })
})
