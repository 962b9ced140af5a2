/// <reference types="@tarojs/taro" />

/** Where the page asks for codes: set at build time from MINICODE_URL (config/index.ts). */
declare const CONSUMER_MINICODE_URL: string
