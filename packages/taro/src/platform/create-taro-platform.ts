import type { AlbumPort } from '@minicode/core'
import { createAlipayPlatform } from './alipay-platform'
import { createH5Platform } from './h5-platform'
import { createTtPlatform } from './tt-platform'
import { createWxPlatform } from './wx-platform'

/**
 * The album port for a Taro platform: 'weapp' | 'qq' | 'jd' (wx family), 'tt', 'alipay', 'h5'. Other
 * mini-program hosts get the wx-style adapter under their own name.
 *
 * @param env default `process.env.TARO_ENV`, which Taro's build sets.
 * @example saveToAlbum(url, { platform: createTaroPlatform() })
 */
export function createTaroPlatform(env: string | undefined = process.env.TARO_ENV): AlbumPort {
  switch (env) {
    case 'h5':
      return createH5Platform()
    case 'tt':
      return createTtPlatform()
    case 'alipay':
      return createAlipayPlatform()
    default:
      return createWxPlatform(env || 'weapp')
  }
}

let current: AlbumPort | undefined

/**
 * The port of the platform this build is for, made once.
 *
 * Not `createTaroPlatform(process.env.TARO_ENV)`: neither esbuild nor terser folds a switch on a
 * parameter, so every page with useSaveToAlbum would carry all four adapters (+1.2 KB min+gzip on
 * weapp, measured). Switching on the literal lets a build for one platform keep only its own adapter.
 */
export function getTaroPlatform(): AlbumPort {
  current ??= createBuildPlatform()
  return current
}

// `if`s on the literal, not a switch: esbuild folds `'weapp' === 'h5'` in a condition, not in a case.
function createBuildPlatform(): AlbumPort {
  if (process.env.TARO_ENV === 'h5') return createH5Platform()
  if (process.env.TARO_ENV === 'tt') return createTtPlatform()
  if (process.env.TARO_ENV === 'alipay') return createAlipayPlatform()
  return createWxPlatform(process.env.TARO_ENV || 'weapp')
}
