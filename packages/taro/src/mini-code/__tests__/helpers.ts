import { CodeClient, createQrPng, type CodeBackend, type CodeImage, type CodeRequest } from '@minicode/core'

export const PNG_A = createQrPng('https://example.com/mp?scene=a', { size: 60 })
export const PNG_B = createQrPng('https://example.com/mp?scene=b', { size: 60 })

export interface Call {
  request: CodeRequest
  resolve(image: CodeImage): void
  reject(error: unknown): void
}

/** A backend whose every call waits until the test settles it. */
export function controllable(name = 'fake'): CodeBackend & { calls: Call[] } {
  const calls: Call[] = []
  return {
    name,
    calls,
    fetchCode: (request) =>
      new Promise<CodeImage>((resolve, reject) => calls.push({ request, resolve, reject })),
  }
}

export const png = (bytes: Uint8Array): CodeImage => ({ mime: 'image/png', bytes })
export const freshClient = () => new CodeClient()
export const dataUrlOf = (bytes: Uint8Array) =>
  `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`
