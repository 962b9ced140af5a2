import { MiniCodeError } from '../errors'
import { parseScene } from './scene'
import { isSceneId } from './scene-id'

/** JSON data a long scene stands for: the `data` object given when the code was made. */
export type SceneData = Record<string, unknown>

/** Where id scenes are looked up: `httpBackend(...)` has it (`GET /scene/:id` on your server). */
export interface SceneBackend {
  /**
   * The data stored for `id`. Rejects with MiniCodeError 'not_found' for an unknown id, or the
   * transport's error ('network', 'timeout', 'store_unavailable', …).
   */
  scene(id: string, ctx?: { signal?: AbortSignal }): Promise<SceneData>
}

/** A scene made readable: the ordinary one's `k=v` params, or the long one's data. */
export interface ResolvedScene {
  /** The scene decoded once, as parseScene gives it. */
  raw: string
  /** `k=v&k2=v2` pairs of an ordinary scene; empty for an id scene. */
  params: Record<string, string>
  /** The id of an id scene (the scene itself), else undefined. */
  id?: string
  /** The data an id scene stands for, else undefined. */
  data?: SceneData
}

export interface ResolveSceneOptions {
  /** Looks id scenes up; needed only when the scene is one. */
  backend?: SceneBackend
  /** Stops the lookup (rejects with 'cancelled' or the backend's abort error). */
  signal?: AbortSignal
}

/**
 * Reads a scanned code's scene, whichever kind it is: an ordinary scene gives its parsed params at once
 * (no network); an id scene (a long scene's `~…` id, see isSceneId) is looked up through
 * `backend.scene(id)` and gives back the stored data.
 *
 * Errors: 'not_found' when the server knows no such id (a code from another server, or data that was
 * never stored); 'invalid_request' (field 'backend') for an id scene without a backend; else the
 * backend's own ('network', 'timeout', 'store_unavailable', …).
 *
 * @example
 * const { data, params } = await resolveScene(router.params.scene, { backend })
 * // ordinary 'id=42' -> params { id: '42' }; '~Abc…' -> data { sku: 'A-1', utm: {…} }
 */
export async function resolveScene(
  value: string | undefined | null,
  options: ResolveSceneOptions = {},
): Promise<ResolvedScene> {
  const parsed = parseScene(value)
  if (!isSceneId(parsed.raw)) return parsed
  const { backend, signal } = options
  if (!backend || typeof backend.scene !== 'function') {
    throw new MiniCodeError(
      'invalid_request',
      __DEV__
        ? `Scene '${parsed.raw}' is a long scene's id: pass { backend } (e.g. your httpBackend) to resolveScene so it can fetch the data.`
        : '',
      { field: 'backend' },
    )
  }
  const data = await backend.scene(parsed.raw, { signal })
  return { raw: parsed.raw, params: {}, id: parsed.raw, data }
}
