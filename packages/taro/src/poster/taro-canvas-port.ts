import Taro from '@tarojs/taro'
import { createH5CanvasPort } from './h5-canvas-port'
import { createMiniCanvasPort, type TaroCanvasPort } from './mini-canvas-port'

// Taro's build replaces process.env.TARO_ENV with a literal, so a build keeps one of the two ports.
// (Read at call time, not at module load, so tests can drive both.)

/**
 * The poster canvas port of the platform this build is for: on mini-programs the `<Canvas type="2d">`
 * of that id (see createMiniCanvasPort), on H5 an off-DOM canvas (see createH5CanvasPort).
 */
export function createTaroCanvasPort(id: string, waitMs?: number): TaroCanvasPort {
  return process.env.TARO_ENV === 'h5'
    ? { ...createH5CanvasPort(), dispose: async () => undefined }
    : createMiniCanvasPort(id, waitMs)
}

/**
 * The device's pixel ratio; 2 when unknown. On H5 window.devicePixelRatio: Taro's H5 default export
 * lacks most APIs (its build rewrites `Taro.x` into named imports, which a prebuilt package misses).
 */
export function deviceRatio(): number {
  try {
    if (process.env.TARO_ENV === 'h5') return window.devicePixelRatio || 2
    // getWindowInfo from base library 2.20.1; getSystemInfoSync before it.
    return (Taro.getWindowInfo ? Taro.getWindowInfo() : Taro.getSystemInfoSync()).pixelRatio || 2
  } catch {
    return 2
  }
}
