export { useScene } from './use-scene'
export type { Scene } from './use-scene'
