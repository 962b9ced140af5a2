import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { parseScene, type SceneBackend } from '@minicode/core'
import { useSceneData, type ResolvedSceneState } from './use-scene-data'

/** The scene of a scanned code: `raw` decoded once, `params` its `k=v&k2=v2` pairs. */
export interface Scene {
  raw: string
  params: Record<string, string>
}

export interface UseSceneOptions {
  /**
   * Looks long scenes up (`httpBackend(...)`): an id scene then gives its `data`, with `status` and
   * `error` while and if the lookup fails. Without it, useScene only reads and parses the scene.
   */
  backend?: SceneBackend
}

interface EnterOptions {
  path?: string
  query?: Record<string, string | undefined>
}

/**
 * The scene of the code that opened — or re-showed — this page. Read on every show, not only on the
 * first render: with the page already open, scanning a second code shows the page again with the new
 * scene, which `parseScene(useRouter().params.scene)` never sees (it keeps the first). On each show the
 * launch's own options (`getEnterOptionsSync`, which a scan while the app runs replaces) win when they
 * are for this page; else the router's params. Decoded once per scene (core's `parseScene`).
 *
 * @example
 * const scene = useScene()
 * scene.params.id // '42', then '43' after scanning the next code with the page open
 *
 * // Long scenes (codes made from `data`): the data, fetched from your server.
 * const { data, status, error } = useScene({ backend })
 */
export function useScene(): Scene
export function useScene(options: UseSceneOptions): ResolvedSceneState
export function useScene(options?: UseSceneOptions): Scene | ResolvedSceneState {
  const router = Taro.useRouter()
  const [value, setValue] = useState<string>(() => currentScene(router.path, router.params))
  Taro.useDidShow(() => {
    const now = Taro.getCurrentInstance?.()?.router ?? router
    setValue(currentScene(now.path ?? router.path, now.params ?? router.params))
  })
  // The same object while the scene stays: a dependency of effects, it reruns them only for a new scan.
  const scene = useMemo(() => parseScene(value), [value])
  const resolved = useSceneData(scene, options?.backend)
  return options?.backend ? resolved : scene
}

/** The scene value (still URI-encoded) for the page at `path`: the latest entry's when it opened this page. */
function currentScene(
  path: string | undefined,
  params: Record<string, string | undefined> | undefined,
): string {
  const enter = enterOptions()
  if (enter?.query?.scene !== undefined && samePage(enter.path, path)) return enter.query.scene
  return params?.scene ?? ''
}

function enterOptions(): EnterOptions | undefined {
  const get = (Taro as unknown as { getEnterOptionsSync?: () => EnterOptions }).getEnterOptionsSync
  try {
    return typeof get === 'function' ? get() : undefined
  } catch {
    // H5 and old base libraries have none, or one that throws.
    return undefined
  }
}

/** 'pages/index/index' and '/pages/index/index?id=1' are the same page. */
function samePage(a: string | undefined, b: string | undefined): boolean {
  const page = (p: string | undefined) => (p ?? '').replace(/^\//, '').replace(/[?#].*$/, '')
  return !!page(a) && page(a) === page(b)
}
