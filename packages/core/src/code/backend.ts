import type { CodeImage, CodeRequest } from '../types'

/** What a backend receives besides the request. */
export interface CodeFetchContext {
  /** Aborted when nobody waits for the code any more; a backend should stop its IO then. */
  signal?: AbortSignal
}

/**
 * Where code images come from: your server (`httpBackend`), a cloud function (`cloudBackend`),
 * or a QR encoder on the device (`localBackend`). Write your own for anything else.
 *
 * `name` is part of the cache key: two backends with the same name must return the same image
 * for the same request. The built-in backends put their configuration in it (e.g. the URL), so a
 * backend re-created on every render keeps hitting the cache.
 *
 * `fetchCode` resolves with checked image bytes or rejects with a MiniCodeError. In development
 * builds the request it gets was validated and normalised; production builds skip that client-side
 * check (it is most of the bytes), so a backend that does not pass the request to a minicode server
 * or cloud function should call `validateCodeRequest` itself, as `localBackend` does.
 *
 * @example
 * const mine: CodeBackend = {
 *   name: 'mine',
 *   fetchCode: async (req, { signal }) => decodeCodeResponse(await download(req, signal)),
 * }
 */
export interface CodeBackend {
  readonly name: string
  fetchCode(request: CodeRequest, ctx: CodeFetchContext): Promise<CodeImage>
}
