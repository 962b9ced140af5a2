import { codeRequestKey } from '../request-key'
import { validateCodeRequest } from '../validate-request'
import { toWeChatBody } from '../wechat-body'
import { errorOf } from '../../__tests__/error-of'

describe('a code request with long-scene data instead of a scene', () => {
  test('is valid for unlimited codes and kept as given', () => {
    expect(validateCodeRequest({ data: { sku: 'A-1' }, page: '/pages/a/index' })).toEqual({
      kind: 'unlimited',
      data: { sku: 'A-1' },
      page: 'pages/a/index',
    })
  })

  test('is refused with scene, as a non-object, or for kinds keyed by path', () => {
    expect(errorOf(() => validateCodeRequest({ data: { a: 1 }, scene: 'id=1' }))).toMatchObject({
      code: 'invalid_request',
      field: 'scene',
    })
    for (const data of [['a'], 'sku=1', 42]) {
      expect(errorOf(() => validateCodeRequest({ data }))).toMatchObject({ field: 'data' })
    }
    expect(
      errorOf(() => validateCodeRequest({ kind: 'limited', path: 'pages/a', data: { a: 1 } })),
    ).toMatchObject({ field: 'data' })
  })

  test('has one cache key whatever its key order, apart from any scene', () => {
    const a = codeRequestKey({ data: { x: 1, y: { b: 2, a: 1 } } })
    expect(codeRequestKey({ data: { y: { a: 1, b: 2 }, x: 1 } })).toBe(a)
    expect(codeRequestKey({ data: { x: 2, y: { a: 1, b: 2 } } })).not.toBe(a)
    expect(codeRequestKey({ scene: 'x=1' })).not.toBe(a)
  })

  test('never reaches WeChat as it is: only a minicode server turns data into a scene', () => {
    expect(errorOf(() => toWeChatBody({ data: { a: 1 } }))).toMatchObject({
      code: 'invalid_request',
      field: 'data',
    })
  })
})
