import { parseScene } from '../scene'

describe('parseScene', () => {
  test('decodes the URI-encoded scene WeChat passes to the page and reads its pairs', () => {
    expect(parseScene(encodeURIComponent('id=42&from=poster'))).toEqual({
      raw: 'id=42&from=poster',
      params: { id: '42', from: 'poster' },
    })
  })

  test('a scene without pairs is kept raw', () => {
    expect(parseScene('sku42')).toEqual({ raw: 'sku42', params: {} })
  })

  test('an already decoded scene (or one with a lone %) is left as it is', () => {
    expect(parseScene('a=1&b=%zz').raw).toBe('a=1&b=%zz')
    expect(parseScene('a=1&b=2').params).toEqual({ a: '1', b: '2' })
  })

  test('every character getUnlimited allows survives the round trip', () => {
    const allowed = "0-9AZaz!#$&'()*+,/:;=?@-._~"
    expect(parseScene(encodeURIComponent(allowed)).raw).toBe(allowed)
  })

  test('missing scene (page opened without a code) is empty', () => {
    expect(parseScene(undefined)).toEqual({ raw: '', params: {} })
  })
})
