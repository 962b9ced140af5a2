import { codeRequestKey, toWeChatBody, validateCodeRequest, weChatApiPath } from '..'
import { MiniCodeError } from '../../errors'
import { errorOf } from '../../__tests__/error-of'

function rejects(req: unknown, field: string | undefined, message?: RegExp): MiniCodeError {
  const e = errorOf(() => validateCodeRequest(req))
  expect(e.code).toBe('invalid_request')
  expect(e.field).toBe(field)
  if (message) expect(e.message).toMatch(message)
  return e
}

const SCENE_SPECIALS = "!#$&'()*+,/:;=?@-._~".split('')

describe('validateCodeRequest: the request itself', () => {
  it.each([[null], [undefined], ['scene=1'], [42], [['a']]])('rejects %p: not an object', (req) => {
    rejects(req, undefined, /must be an object/)
  })

  it("defaults kind to 'unlimited' and returns a normalised copy", () => {
    const input = { scene: 'id=42' }
    const out = validateCodeRequest(input)
    expect(out).toEqual({ kind: 'unlimited', scene: 'id=42' })
    expect(out).not.toBe(input)
  })

  it('rejects an unknown kind', () => {
    rejects({ kind: 'mini', scene: 'a' }, 'kind', /'unlimited'.*'limited'.*'qrcode'/)
  })

  it('treats null fields as absent', () => {
    expect(validateCodeRequest({ kind: null, scene: 'a', page: null, width: null })).toEqual({
      kind: 'unlimited',
      scene: 'a',
    })
    expect(validateCodeRequest({ kind: 'limited', path: 'p', scene: null })).toEqual({
      kind: 'limited',
      path: 'p',
    })
  })
})

describe('validateCodeRequest: unknown fields', () => {
  it.each([
    ['check_path', 'checkPath'],
    ['env_version', 'envVersion'],
    ['auto_color', 'autoColor'],
    ['line_color', 'lineColor'],
    ['is_hyaline', 'isHyaline'],
    ['Scene', 'scene'],
  ])('names the camelCase field for %s', (wrong, right) => {
    const e = rejects({ scene: 'a', [wrong]: true }, wrong)
    expect(e.message).toContain(`'${right}'`)
  })

  it('rejects any other unknown field and lists the fields of the kind', () => {
    rejects({ scene: 'a', foo: 1 }, 'foo', /Unknown field 'foo'.*scene, page/)
  })
})

describe('validateCodeRequest: fields that belong to another kind', () => {
  it.each(['scene', 'page', 'checkPath'])("rejects %s on kind 'limited' and 'qrcode'", (field) => {
    const value = field === 'checkPath' ? false : 'x'
    rejects({ kind: 'limited', path: 'pages/a', [field]: value }, field, /belongs to kind 'unlimited'/)
    rejects({ kind: 'qrcode', path: 'pages/a', [field]: value }, field, /belongs to kind 'unlimited'/)
  })

  it('rejects path on an unlimited code and points to page + scene', () => {
    rejects({ scene: 'a', path: 'pages/a?id=1' }, 'path', /page .*scene/)
  })

  it.each([
    ['envVersion', 'trial'],
    ['autoColor', true],
    ['lineColor', { r: 1, g: 2, b: 3 }],
    ['isHyaline', true],
  ])("rejects %s on kind 'qrcode' but accepts it on 'limited' and 'unlimited'", (field, value) => {
    rejects({ kind: 'qrcode', path: 'pages/a', [field]: value }, field, /createQRCode takes only/)
    expect(validateCodeRequest({ kind: 'limited', path: 'pages/a', [field]: value })).toMatchObject({
      [field]: value,
    })
    expect(validateCodeRequest({ scene: 'a', [field]: value })).toMatchObject({ [field]: value })
  })

  it('accepts width on every kind', () => {
    expect(validateCodeRequest({ kind: 'qrcode', path: 'p', width: 280 }).width).toBe(280)
    expect(validateCodeRequest({ kind: 'limited', path: 'p', width: 280 }).width).toBe(280)
  })
})

describe('validateCodeRequest: scene', () => {
  it('is required on an unlimited code', () => {
    rejects({}, 'scene', /required/)
    rejects({ page: 'pages/a' }, 'scene', /required/)
  })

  it('rejects an empty scene', () => {
    rejects({ scene: '' }, 'scene', /empty/)
  })

  it('accepts 32 characters and rejects 33', () => {
    expect(validateCodeRequest({ scene: 'a'.repeat(32) }).scene).toBe('a'.repeat(32))
    rejects({ scene: 'a'.repeat(33) }, 'scene', /33 characters.*at most 32.*short id/)
  })

  it('accepts a single character', () => {
    expect(validateCodeRequest({ scene: 'Z' }).scene).toBe('Z')
  })

  it.each(SCENE_SPECIALS)('accepts the special character %s', (c) => {
    expect(validateCodeRequest({ scene: `a${c}b` }).scene).toBe(`a${c}b`)
  })

  it('accepts every letter and digit', () => {
    const all = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
    for (let i = 0; i < all.length; i += 32)
      expect(validateCodeRequest({ scene: all.slice(i, i + 32) }).scene).toBe(all.slice(i, i + 32))
  })

  it("rejects '%' and says not to URL-encode", () => {
    const e = rejects({ scene: 'id%3D42' }, 'scene', /'%'/)
    expect(e.message).toMatch(/URL-encode/)
    expect(e.message).toContain("! # $ & ' ( ) * + , / : ; = ? @ - . _ ~")
  })

  it.each([['商品42'], ['id=测试'], ['🎉'], ['é']])(
    'rejects the non-ASCII scene %s, listing the allowed characters and suggesting a short id',
    (scene) => {
      const e = rejects({ scene }, 'scene')
      expect(e.message).toContain("0-9 A-Z a-z and ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~")
      expect(e.message).toMatch(/short id/)
    },
  )

  it.each(['"', '<', '>', '^', '`', '{', '|', '}', '[', ']', '\\'])(
    'rejects the ASCII character %s that WeChat does not allow',
    (c) => {
      rejects({ scene: `a${c}b` }, 'scene', /not allowed/)
    },
  )

  it.each([[' a'], ['a '], ['a b'], ['a\n'], ['\ta']])(
    'rejects whitespace in %p instead of trimming it',
    (scene) => {
      rejects({ scene }, 'scene', /spaces or line breaks/)
    },
  )

  it('counts a CJK scene as not allowed before counting its length', () => {
    rejects({ scene: '测'.repeat(40) }, 'scene', /not allowed/)
  })

  it('accepts a whole number and makes it a string', () => {
    expect(validateCodeRequest({ scene: 42 }).scene).toBe('42')
    expect(validateCodeRequest({ scene: 0 }).scene).toBe('0')
  })

  it.each([[1.5], [NaN], [Infinity], [2 ** 60], [true], [{ id: 1 }], [['a']]])(
    'rejects the non-string scene %p',
    (scene) => {
      rejects({ scene }, 'scene', /must be a string/)
    },
  )
})

describe('validateCodeRequest: page', () => {
  it("removes a leading '/' silently", () => {
    expect(validateCodeRequest({ scene: 'a', page: '/pages/goods/detail' }).page).toBe('pages/goods/detail')
    expect(validateCodeRequest({ scene: 'a', page: '//pages/x' }).page).toBe('pages/x')
  })

  it('keeps a page without a leading slash as it is and trims whitespace', () => {
    expect(validateCodeRequest({ scene: 'a', page: 'pages/index/index' }).page).toBe('pages/index/index')
    expect(validateCodeRequest({ scene: 'a', page: ' /pages/index/index\n' }).page).toBe('pages/index/index')
  })

  it('drops an empty page (the home page)', () => {
    expect(validateCodeRequest({ scene: 'a', page: '' })).not.toHaveProperty('page')
    expect(validateCodeRequest({ scene: 'a', page: '/' })).not.toHaveProperty('page')
  })

  it('rejects a page with a query and suggests scene', () => {
    const e = rejects({ scene: 'a', page: 'pages/goods/detail?id=42' }, 'page', /query/)
    expect(e.message).toMatch(/scene/)
    expect(e.message).toContain("page: 'pages/goods/detail'")
  })

  it.each([['pages/a b'], ['pages/a#top'], ['pages\\a']])('rejects the malformed page %p', (page) => {
    rejects({ scene: 'a', page }, 'page', /plain page path/)
  })

  it('rejects a non-string page', () => {
    rejects({ scene: 'a', page: 42 }, 'page', /must be a string/)
  })
})

describe('validateCodeRequest: path', () => {
  it.each(['limited', 'qrcode'])("is required and non-empty for kind '%s'", (kind) => {
    rejects({ kind }, 'path', /required/)
    rejects({ kind, path: '' }, 'path', /empty/)
    rejects({ kind, path: '   ' }, 'path', /empty/)
    rejects({ kind, path: 12 }, 'path', /must be a string/)
  })

  it('keeps a query on a limited path and trims whitespace', () => {
    expect(validateCodeRequest({ kind: 'limited', path: ' pages/a?id=42&from=poster ' }).path).toBe(
      'pages/a?id=42&from=poster',
    )
  })

  it('accepts a limited path of 1024 characters and rejects 1025', () => {
    const p = (n: number) => `pages/a?q=${'x'.repeat(n - 10)}`
    expect(validateCodeRequest({ kind: 'limited', path: p(1024) }).path).toHaveLength(1024)
    rejects({ kind: 'limited', path: p(1025) }, 'path', /1025 characters.*at most 1024/)
  })

  it('counts limited path length in characters, so 1024 CJK characters pass', () => {
    expect(validateCodeRequest({ kind: 'limited', path: '测'.repeat(1024) }).path).toHaveLength(1024)
    rejects({ kind: 'limited', path: '测'.repeat(1025) }, 'path')
  })

  it('counts an emoji (two UTF-16 units) as one character in a limited path', () => {
    expect(validateCodeRequest({ kind: 'limited', path: '🎉'.repeat(1024) }).path).toHaveLength(2048)
    rejects({ kind: 'limited', path: '🎉'.repeat(1025) }, 'path', /1025 characters/)
  })

  it('accepts a qrcode path of 128 UTF-8 bytes and rejects 129', () => {
    expect(validateCodeRequest({ kind: 'qrcode', path: 'p'.repeat(128) }).path).toHaveLength(128)
    rejects({ kind: 'qrcode', path: 'p'.repeat(129) }, 'path', /129 bytes.*at most 128/)
  })

  it('counts CJK as 3 bytes in a qrcode path', () => {
    // 'pages/a?t=' is 10 bytes; 39 CJK characters are 117 bytes: 127; one more ASCII byte: 128.
    const ok = `pages/a?t=${'码'.repeat(39)}x`
    expect(Buffer.byteLength(ok)).toBe(128)
    expect(validateCodeRequest({ kind: 'qrcode', path: ok }).path).toBe(ok)
    const tooLong = `pages/a?t=${'码'.repeat(40)}`
    expect(tooLong.length).toBeLessThan(128) // fits by characters, not by bytes
    rejects({ kind: 'qrcode', path: tooLong }, 'path', /130 bytes/)
  })

  it.each(['limited', 'qrcode'])(
    "rejects the reserved scancode_time in a '%s' path (errcode 85096)",
    (kind) => {
      for (const path of [
        'pages/a?scancode_time=1',
        'pages/a?id=1&scancode_time=1',
        'pages/a?scancode_time',
        'pages/a?scancode_time&id=1',
      ]) {
        rejects({ kind, path }, 'path', /scancode_time.*85096/)
      }
      // Only the exact parameter name is reserved.
      expect(validateCodeRequest({ kind, path: 'pages/a?my_scancode_time=1&scancode_times=2' }).path).toBe(
        'pages/a?my_scancode_time=1&scancode_times=2',
      )
    },
  )

  it('counts an emoji as 4 bytes in a qrcode path', () => {
    expect(validateCodeRequest({ kind: 'qrcode', path: `${'a'.repeat(124)}🎉` }).path).toHaveLength(126)
    rejects({ kind: 'qrcode', path: `${'a'.repeat(125)}🎉` }, 'path', /129 bytes/)
  })
})

describe('validateCodeRequest: width', () => {
  it.each([280, 430, 1280])('accepts %d', (width) => {
    expect(validateCodeRequest({ scene: 'a', width }).width).toBe(width)
  })

  it.each([279, 1281, 0, -430, 430.5, NaN, Infinity, '430', true])('rejects %p', (width) => {
    rejects({ scene: 'a', width }, 'width', /280 to 1280/)
  })
})

describe('validateCodeRequest: other fields', () => {
  it.each(['release', 'trial', 'develop'])("accepts envVersion '%s'", (envVersion) => {
    expect(validateCodeRequest({ scene: 'a', envVersion }).envVersion).toBe(envVersion)
  })

  it.each(['prod', 'Release', '', 1])('rejects envVersion %p', (envVersion) => {
    rejects({ scene: 'a', envVersion }, 'envVersion', /'release', 'trial' or 'develop'/)
  })

  it.each(['checkPath', 'autoColor', 'isHyaline'])(
    'accepts booleans for %s and rejects strings and numbers',
    (field) => {
      expect(validateCodeRequest({ scene: 'a', [field]: false })).toMatchObject({ [field]: false })
      expect(validateCodeRequest({ scene: 'a', [field]: true })).toMatchObject({ [field]: true })
      rejects({ scene: 'a', [field]: 'false' }, field, /true or false/)
      rejects({ scene: 'a', [field]: 0 }, field, /true or false/)
    },
  )

  it('accepts lineColor channels 0 and 255', () => {
    expect(validateCodeRequest({ scene: 'a', lineColor: { r: 0, g: 255, b: 128 } }).lineColor).toEqual({
      r: 0,
      g: 255,
      b: 128,
    })
  })

  it.each([
    [{ r: -1, g: 0, b: 0 }, /lineColor\.r/],
    [{ r: 0, g: 256, b: 0 }, /lineColor\.g/],
    [{ r: 0, g: 0, b: 1.5 }, /lineColor\.b/],
    [{ r: '0', g: 0, b: 0 }, /lineColor\.r/],
    [{ r: 0, g: 0 }, /lineColor\.b/],
    [{ r: 0, g: 0, b: 0, a: 1 }, /remove a/],
    ['#000000', /object/],
    [[0, 0, 0], /object/],
  ])('rejects lineColor %p', (lineColor, message) => {
    rejects({ scene: 'a', lineColor }, 'lineColor', message)
  })
})

describe('codeRequestKey', () => {
  it('is the same whatever the key order', () => {
    const a = {
      scene: 'id=1',
      page: 'pages/a',
      width: 300,
      checkPath: false,
      envVersion: 'trial',
      lineColor: { r: 1, g: 2, b: 3 },
    }
    const b = {
      lineColor: { b: 3, g: 2, r: 1 },
      envVersion: 'trial',
      checkPath: false,
      width: 300,
      page: 'pages/a',
      scene: 'id=1',
    }
    expect(codeRequestKey(a)).toBe(codeRequestKey(b))
  })

  it('applies defaults', () => {
    const key = codeRequestKey({ scene: 'a' })
    expect(codeRequestKey({ scene: 'a', width: 430, kind: 'unlimited' })).toBe(key)
    expect(
      codeRequestKey({
        scene: 'a',
        checkPath: true,
        envVersion: 'release',
        autoColor: false,
        isHyaline: false,
      }),
    ).toBe(key)
    expect(codeRequestKey({ scene: 'a', lineColor: { r: 0, g: 0, b: 0 } })).toBe(key)
    expect(codeRequestKey({ scene: 'a', page: '/' })).toBe(key)
    expect(codeRequestKey({ kind: 'qrcode', path: 'p' })).toBe(
      codeRequestKey({ kind: 'qrcode', path: 'p', width: 430 }),
    )
  })

  it('normalises before keying (leading slash, number scene)', () => {
    expect(codeRequestKey({ scene: 'a', page: '/pages/x' })).toBe(
      codeRequestKey({ scene: 'a', page: 'pages/x' }),
    )
    expect(codeRequestKey({ scene: 42 })).toBe(codeRequestKey({ scene: '42' }))
  })

  it('differs when the image would differ', () => {
    const base = { scene: 'a' }
    const variants: unknown[] = [
      { scene: 'b' },
      { scene: 'a', page: 'pages/x' },
      { scene: 'a', width: 431 },
      { scene: 'a', checkPath: false },
      { scene: 'a', envVersion: 'trial' },
      { scene: 'a', autoColor: true },
      { scene: 'a', lineColor: { r: 1, g: 0, b: 0 } },
      { scene: 'a', isHyaline: true },
      { kind: 'limited', path: 'a' },
      { kind: 'qrcode', path: 'a' },
    ]
    const keys = new Set([codeRequestKey(base), ...variants.map((v) => codeRequestKey(v))])
    expect(keys.size).toBe(variants.length + 1)
  })

  it('does not confuse fields through separators', () => {
    expect(codeRequestKey({ scene: 'a', page: 'b' })).not.toBe(codeRequestKey({ scene: 'a,b' }))
    expect(codeRequestKey({ kind: 'limited', path: 'x' })).not.toBe(
      codeRequestKey({ kind: 'qrcode', path: 'x' }),
    )
  })

  it('throws invalid_request for an invalid request', () => {
    expect(errorOf(() => codeRequestKey({ scene: '商品' })).code).toBe('invalid_request')
  })
})

describe('toWeChatBody', () => {
  it('maps an unlimited request to getwxacodeunlimit with a snake_case body', () => {
    expect(
      toWeChatBody({
        scene: 'id=42',
        page: '/pages/goods/detail',
        checkPath: false,
        envVersion: 'trial',
        width: 600,
        autoColor: false,
        lineColor: { r: 1, g: 2, b: 3 },
        isHyaline: true,
      }),
    ).toEqual({
      path: '/wxa/getwxacodeunlimit',
      body: {
        scene: 'id=42',
        page: 'pages/goods/detail',
        check_path: false,
        env_version: 'trial',
        width: 600,
        auto_color: false,
        line_color: { r: 1, g: 2, b: 3 },
        is_hyaline: true,
      },
    })
  })

  it('sends only what was given', () => {
    expect(toWeChatBody({ scene: 'a' })).toEqual({ path: '/wxa/getwxacodeunlimit', body: { scene: 'a' } })
  })

  it('maps a limited request to getwxacode', () => {
    expect(toWeChatBody({ kind: 'limited', path: 'pages/a?id=1', width: 300, isHyaline: true })).toEqual({
      path: '/wxa/getwxacode',
      body: { path: 'pages/a?id=1', width: 300, is_hyaline: true },
    })
  })

  it('maps a qrcode request to createwxaqrcode', () => {
    expect(toWeChatBody({ kind: 'qrcode', path: 'pages/a?id=1', width: 280 })).toEqual({
      path: '/cgi-bin/wxaapp/createwxaqrcode',
      body: { path: 'pages/a?id=1', width: 280 },
    })
  })

  it('names the API path of each kind with weChatApiPath', () => {
    expect(weChatApiPath()).toBe('/wxa/getwxacodeunlimit')
    expect(weChatApiPath('unlimited')).toBe(toWeChatBody({ scene: 'a' }).path)
    expect(weChatApiPath('limited')).toBe(toWeChatBody({ kind: 'limited', path: 'p' }).path)
    expect(weChatApiPath('qrcode')).toBe(toWeChatBody({ kind: 'qrcode', path: 'p' }).path)
    expect(errorOf(() => weChatApiPath('mini' as 'qrcode')).field).toBe('kind')
  })

  it('validates first', () => {
    expect(errorOf(() => toWeChatBody({ scene: 'a', check_path: false })).field).toBe('check_path')
  })
})
