import { describeWeChatError } from '../wechat-errors'

describe('describeWeChatError', () => {
  it('marks -1 busy as retryable wechat_error', () => {
    const d = describeWeChatError(-1, 'system error')
    expect(d).toMatchObject({ code: 'wechat_error', retryable: true, tokenInvalid: false })
    expect(d.message).toMatch(/busy.*retry/)
    expect(d.message).toContain('system error')
  })

  it.each([40001, 40014, 42001])('marks %d as a token error to refresh and retry', (errcode) => {
    const d = describeWeChatError(errcode)
    expect(d).toMatchObject({ code: 'wechat_error', retryable: true, tokenInvalid: true })
    expect(d.message).toMatch(/token/)
  })

  it('advises check_path false or publishing for 41030', () => {
    const d = describeWeChatError(41030, 'invalid page rid: x')
    expect(d.code).toBe('wechat_error')
    expect(d.retryable).toBe(false)
    expect(d.message).toMatch(/checkPath: false/)
    expect(d.message).toMatch(/publish/)
  })

  it("maps 45009 to 'rate_limited' (retryable) and 45029 to 'quota_exhausted' (not)", () => {
    expect(describeWeChatError(45009)).toMatchObject({ code: 'rate_limited', retryable: true })
    expect(describeWeChatError(45029)).toMatchObject({ code: 'quota_exhausted', retryable: false })
    expect(describeWeChatError(45029).message).toMatch(/unlimited/)
  })

  it.each([
    [40097, /arguments/],
    [40129, /scene/],
    [40169, /too long|JSON/],
    [40159, /path/],
    [85096, /scancode_time/],
    [47001, /JSON/],
    [48001, /not authorised/],
  ])('explains %d', (errcode, advice) => {
    const d = describeWeChatError(errcode)
    expect(d.code).toBe('wechat_error')
    expect(d.retryable).toBe(false)
    expect(d.message).toMatch(advice)
    expect(d.message).toContain(String(errcode))
  })

  it('explains errcode 0 (JSON instead of an image) without calling it retryable', () => {
    const d = describeWeChatError(0, 'ok')
    expect(d).toMatchObject({ code: 'wechat_error', retryable: false })
    expect(d.message).toMatch(/without an image/)
  })

  it('describes an unknown errcode as a non-retryable wechat_error with its errmsg', () => {
    const d = describeWeChatError(99999, 'something new')
    expect(d).toMatchObject({ code: 'wechat_error', retryable: false, tokenInvalid: false })
    expect(d.message).toContain('99999')
    expect(d.message).toContain('something new')
  })
})
