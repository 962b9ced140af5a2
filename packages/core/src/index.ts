export { MiniCodeError, isMiniCodeError } from './errors'
export type { MiniCodeErrorCode, MiniCodeErrorOptions } from './errors'
export type { CodeRequest, CodeKind, EnvVersion, LineColor, ImageMime, CodeImage } from './types'
export { parseScene } from './scene'
