export { useScene } from './use-scene'
export type { Scene, UseSceneOptions } from './use-scene'
export type { ResolvedSceneState, SceneStatus } from './use-scene-data'
