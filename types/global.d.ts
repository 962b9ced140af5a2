/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

/** Injected by config/index.ts: where the demo's httpBackend asks for codes. */
declare const MINICODE_ENDPOINT: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'quickapp' | 'qq' | 'jd'
  }
}
