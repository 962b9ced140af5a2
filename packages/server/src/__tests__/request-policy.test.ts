import { compileScenePatterns, createRequestPolicy } from '@minicode/server'
import { validateCodeRequest, type CodeRequest } from '@minicode/core'

const refusal = (check: (r: CodeRequest) => void, request: CodeRequest) => {
  try {
    check(validateCodeRequest(request))
    return null
  } catch (error) {
    return {
      code: (error as { code: string }).code,
      field: (error as { field?: string }).field,
      message: (error as Error).message,
    }
  }
}

test("kinds: only 'unlimited' by default; the refusal names the setting", () => {
  const check = createRequestPolicy({})
  expect(refusal(check, { scene: 'a' })).toBeNull()
  for (const kind of ['limited', 'qrcode'] as const) {
    const r = refusal(check, { kind, path: 'pages/a/index?x=1' })
    expect(r).toMatchObject({ code: 'forbidden', field: 'kind' })
    expect(r!.message).toContain(`MINICODE_KINDS=unlimited,${kind}`)
  }
  const all = createRequestPolicy({ kinds: ['unlimited', 'limited', 'qrcode'] })
  expect(refusal(all, { kind: 'qrcode', path: 'pages/a' })).toBeNull()
  expect(() => createRequestPolicy({ kinds: ['unlimitd' as never] })).toThrow(
    expect.objectContaining({ code: 'invalid_request', field: 'kinds' }),
  )
})

test('scene patterns: literal scene characters and placeholders, the whole scene must match', () => {
  const allowed = compileScenePatterns([
    'id=<digits>',
    'sku=<word>&c=<alnum>',
    'p=<hex>',
    'u=<letters>',
    'home',
  ])
  const yes = ['id=1', 'id=0042', 'sku=a-b_c&c=Z9', 'p=deadBEEF', 'u=abc', 'home']
  const no = [
    'id=',
    'id=4a',
    'xid=1',
    'id=1&x=2',
    'sku=a.b&c=1',
    'sku=a&c=',
    'p=xyz',
    'u=a1',
    'homes',
    'ID=1',
    '',
  ]
  expect(yes.filter((s) => !allowed(s))).toEqual([])
  expect(no.filter((s) => allowed(s))).toEqual([])
  // Regex metacharacters that are scene characters are literal text.
  const literal = compileScenePatterns(['a.b*c?(d)+$'])
  expect(literal('a.b*c?(d)+$')).toBe(true)
  expect(literal('aXb*c?(d)+$')).toBe(false)
  expect(literal('a.bbbc(d)$')).toBe(false)
})

test('bad patterns are refused when the server starts, naming allowScenes', () => {
  for (const bad of [
    '',
    'id=<number>',
    'id=<digits',
    'id=<digits><digits>',
    'a=<word>,b=<word>,c=<word>,d=<word>,e=<word>',
    'id=%<digits>',
    'id= <digits>',
    '商品=<digits>',
    'x=[0-9]+',
  ]) {
    expect(() => compileScenePatterns([bad])).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'allowScenes' }),
    )
  }
})

test('matching stays fast on adversarial scenes (no catastrophic backtracking)', () => {
  const allowed = compileScenePatterns(['<word>-<word>-<word>-<word>!'])
  const scene = '-'.repeat(31) + 'a'
  const started = performance.now()
  for (let i = 0; i < 1000; i++) allowed(scene.slice(0, 32 - (i % 3)))
  // Linear matching takes milliseconds; catastrophic backtracking takes seconds per call. The bound is
  // loose because a loaded 2-core machine took 586 ms once (500 was flaky).
  expect(performance.now() - started).toBeLessThan(3000)
})

test('policy: allowScenes refuses before anything else; limited/qrcode are checked by path, not scene', () => {
  const check = createRequestPolicy({
    allowScenes: ['id=<digits>'],
    allowPages: ['pages/product/*'],
    kinds: ['unlimited', 'limited'],
  })
  expect(refusal(check, { scene: 'id=42', page: 'pages/product/index' })).toBeNull()
  expect(refusal(check, { scene: 'id=42x', page: 'pages/product/index' })).toMatchObject({
    code: 'forbidden',
    field: 'scene',
  })
  expect(refusal(check, { scene: 'id=42', page: 'pages/admin/index' })).toMatchObject({
    code: 'forbidden',
    field: 'page',
  })
  expect(refusal(check, { kind: 'limited', path: 'pages/product/index?anything=1' })).toBeNull()
})
