export { MiniCode } from './mini-code'
export { useMiniCode } from './use-mini-code'
export type { MiniCodeProps } from './mini-code'
export type { UseMiniCodeOptions, UseMiniCodeResult } from './use-mini-code'
