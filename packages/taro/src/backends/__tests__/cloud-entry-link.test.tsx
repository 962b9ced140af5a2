import { renderHook, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { LinkRequest } from '@minicode/core'
import { useEntryLink } from '../../links/use-entry-link'
import { cloudBackend } from '../cloud-backend'

// useEntryLink with cloudBackend on Taro's H5 runtime: Taro.cloud.callFunction runs the real
// getMiniCode template, whose openapi answers as wx-server-sdk does ({ errCode: 0, urlLink }).
// cloud-links.test.ts covers the same path against the WeChat simulator.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const logic = require('../../../../server/cloudfunction/getMiniCode/logic.js') as {
  createGetMiniCode(cloud: unknown, options?: { now?: () => number }): (event: unknown) => Promise<unknown>
}

const asked: Record<string, unknown>[] = []
const openapi = {
  urllink: {
    generate: async (params: Record<string, unknown>) => {
      asked.push(params)
      return {
        urlLink: `https://wxaurl.cn/cf${asked.length}`,
        errCode: 0,
        errMsg: 'openapi.urllink.generate:ok',
      }
    },
  },
}
const main = logic.createGetMiniCode({ openapi })
const taro = Taro as unknown as { cloud?: unknown }
let saved: unknown
beforeEach(() => {
  saved = taro.cloud
  taro.cloud = {
    callFunction: async ({ data }: { data: Record<string, unknown> }) => ({
      result: JSON.parse(JSON.stringify(await main(data))),
      errMsg: 'cloud.callFunction:ok',
    }),
  }
})
afterEach(() => {
  taro.cloud = saved
})

test('useEntryLink shows a URL Link made by the cloud function, and its field error for a bad request', async () => {
  const request: LinkRequest = { kind: 'urllink', path: 'pages/item/index', query: 'id=42' }
  const { result } = renderHook(() => useEntryLink(request, { backend: cloudBackend() }))
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.link).toBe('https://wxaurl.cn/cf1')
  expect(result.current.expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000)
  expect(asked[0]).toMatchObject({ path: 'pages/item/index', query: 'id=42', expireInterval: 30 })

  const bad = { kind: 'urllink', query: 'a b' } as LinkRequest
  const failed = renderHook(() => useEntryLink(bad, { backend: cloudBackend() }))
  await waitFor(() => expect(failed.result.current.status).toBe('error'))
  expect(failed.result.current.error).toMatchObject({ code: 'invalid_request', field: 'query' })
  expect(asked).toHaveLength(1)
})
