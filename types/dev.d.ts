/**
 * True in development builds, false in production ones: wrap development-only checks and long
 * messages in `if (__DEV__)` or `__DEV__ ? … : …`. Declared once here for every package (as Vue's
 * packages/global.d.ts does); scripts/dev-constant.ts says what each build replaces it with.
 */
declare const __DEV__: boolean
