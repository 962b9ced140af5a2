import { MiniCodeError } from '@minicode/core'
import type { SceneData } from '@minicode/core'
import { resultOf, templateError } from './cloud-answer'

/**
 * The data in a cloud function's answer to `{ kind: 'scene', id }`: the template's `{ id, data }`,
 * or its failure ('not_found', 'store_unavailable', 'invalid_request') as a MiniCodeError.
 */
export function readCloudScene(answer: unknown, fn: string): SceneData {
  const value = resultOf(answer)
  const body = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>
  const data = body.data
  if (data && typeof data === 'object' && !Array.isArray(data)) return data as SceneData
  const explained = templateError(body, fn)
  if (explained) throw explained
  throw new MiniCodeError(
    'not_found',
    __DEV__
      ? `Cloud function "${fn}" answered no scene data. Deploy the getMiniCode template of @minicode/server with MINICODE_SCENE_SECRET set, or return { id, data }.`
      : '',
    { cause: value },
  )
}
