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
 * The port of the platform this build is for, made once. Branches on `process.env.TARO_ENV` as a
 * literal so a build for one platform drops the other adapters.
 */
export function getTaroPlatform(): AlbumPort {
  if (!current) {
    current =
      process.env.TARO_ENV === 'h5'
        ? createH5Platform()
        : process.env.TARO_ENV === 'tt'
          ? createTtPlatform()
          : process.env.TARO_ENV === 'alipay'
            ? createAlipayPlatform()
            : createWxPlatform(process.env.TARO_ENV || 'weapp')
  }
  return current
}
