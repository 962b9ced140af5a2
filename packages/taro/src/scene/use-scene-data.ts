import { useEffect, useMemo, useRef, useState } from 'react'
import {
  isSceneId,
  resolveScene,
  type MiniCodeError,
  type SceneBackend,
  type SceneData,
} from '@minicode/core'

/** 'ready' for an ordinary scene or a resolved id scene; 'loading' while its data is fetched. */
export type SceneStatus = 'loading' | 'ready' | 'error'

/** A scene with what a long scene stands for. */
export interface ResolvedSceneState {
  raw: string
  params: Record<string, string>
  /** The id scene, when the scene is a long scene's id. */
  id?: string
  /** The long scene's data, once fetched. */
  data?: SceneData
  status: SceneStatus
  /** Why the data could not be fetched: 'not_found', 'network', 'timeout', 'store_unavailable', … */
  error?: MiniCodeError
}

interface Fetched {
  raw: string
  data?: SceneData
  error?: MiniCodeError
}

/**
 * Resolves `scene` through `backend` when it is an id scene (core's resolveScene), once per scene: a
 * new scan starts a new lookup and drops the old one (aborted). The backend may be re-created on
 * every render; the latest one is used.
 */
export function useSceneData(
  scene: { raw: string; params: Record<string, string> },
  backend: SceneBackend | undefined,
): ResolvedSceneState {
  const { raw } = scene
  const backendRef = useRef(backend)
  backendRef.current = backend
  const wanted = !!backend && isSceneId(raw)
  const [fetched, setFetched] = useState<Fetched | null>(null)

  useEffect(() => {
    if (!wanted) return undefined
    const controller = new AbortController()
    resolveScene(raw, { backend: backendRef.current, signal: controller.signal }).then(
      (resolved) => {
        if (!controller.signal.aborted) setFetched({ raw, data: resolved.data })
      },
      (error: MiniCodeError) => {
        if (!controller.signal.aborted) setFetched({ raw, error })
      },
    )
    return () => controller.abort()
  }, [raw, wanted])

  return useMemo((): ResolvedSceneState => {
    if (!wanted) return { ...scene, status: 'ready' }
    // A result for an earlier scene is no result for this one.
    const mine = fetched?.raw === raw ? fetched : null
    if (mine?.error) return { raw, params: {}, id: raw, status: 'error', error: mine.error }
    if (mine?.data) return { raw, params: {}, id: raw, data: mine.data, status: 'ready' }
    return { raw, params: {}, id: raw, status: 'loading' }
  }, [scene, raw, wanted, fetched])
}
