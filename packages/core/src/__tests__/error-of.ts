import { MiniCodeError } from '../errors'

/** The MiniCodeError a call throws (fails the test when it throws something else or nothing). */
export function errorOf(fn: () => unknown): MiniCodeError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(MiniCodeError)
    return e as MiniCodeError
  }
  throw new Error('expected a MiniCodeError, nothing was thrown')
}
