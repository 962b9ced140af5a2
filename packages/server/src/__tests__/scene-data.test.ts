import { isSceneId } from '@minicode/core'
import { canonicalSceneData, createSceneIdMaker } from '@minicode/server'

describe('canonicalSceneData', () => {
  // The examples of RFC 8785 (JSON Canonicalization Scheme): our canonical text is JCS for JSON input.
  test('RFC 8785 §3.2.2: numbers and strings serialised as ECMAScript does', () => {
    const input = JSON.parse(
      String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
    )
    expect(canonicalSceneData(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    )
  })

  test('RFC 8785 §3.2.3: keys sorted by UTF-16 code units (the emoji before U+FB33)', () => {
    const input = JSON.parse(
      String.raw`{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}`,
    )
    expect(canonicalSceneData(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    )
  })

  test('nested objects sorted at every level; arrays keep their order; -0 is 0', () => {
    expect(canonicalSceneData({ b: [{ z: 1, a: -0 }], a: { d: true, c: null } })).toBe(
      '{"a":{"c":null,"d":true},"b":[{"a":0,"z":1}]}',
    )
  })

  test('what JSON cannot carry is refused with its path', () => {
    const cases: [unknown, string][] = [
      [{ a: undefined }, 'data.a'],
      [{ a: [1, Number.NaN] }, 'data.a[1]'],
      [{ a: { b: Infinity } }, 'data.a.b'],
      [{ when: new Date(0) }, 'data.when'],
      [{ 'a b': () => 1 }, 'data["a b"]'],
      [{ n: 10n }, 'data.n'],
      [[1], 'data'],
      [null, 'data'],
    ]
    for (const [data, field] of cases) {
      let caught: unknown
      try {
        canonicalSceneData(data)
      } catch (error) {
        caught = error
      }
      expect(caught).toMatchObject({ name: 'MiniCodeError', code: 'invalid_request', field })
    }
  })
})

describe('createSceneIdMaker', () => {
  const secret = 'k'.repeat(32)
  test('an id scene: same canonical data, same id; another secret or other data, another id', () => {
    const idOf = createSceneIdMaker(secret)
    const id = idOf('{"a":1}')
    expect(id).toHaveLength(32)
    expect(isSceneId(id)).toBe(true)
    expect(createSceneIdMaker(secret)(`{"a":1}`)).toBe(id)
    expect(idOf('{"a":2}')).not.toBe(id)
    expect(createSceneIdMaker('j'.repeat(32))('{"a":1}')).not.toBe(id)
  })

  test('a secret shorter than 32 bytes is refused', () => {
    expect(() => createSceneIdMaker('short')).toThrow(expect.objectContaining({ field: 'secret' }))
  })
})
