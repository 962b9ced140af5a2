export { MiniCodeError, isMiniCodeError } from './errors'
export type { MiniCodeErrorCode, MiniCodeErrorOptions } from './errors'
export type { CodeRequest, CodeKind, EnvVersion, LineColor, ImageMime, CodeImage } from './types'
export { parseScene } from './scene'
export { CodeClient, CodeObserver, getDefaultCodeClient, reduceCodeState } from './code-query'
export type { CodeResult, CodeStatus, CodeState, CodeClientOptions, CodeFetchOptions } from './code-query'
export type { CodeBackend, CodeFetchContext } from './code-backend'
export { validateCodeRequest, codeRequestKey, toWeChatBody } from './code-request'
export { weChatApiPath } from './code-request'
export type { WeChatApiPath } from './code-request'
export { describeWeChatError } from './wechat-errors'
export type { WeChatErrorInfo } from './wechat-errors'
export { sniffImage, decodeCodeResponse } from './image-codec'
export { bytesToBase64, base64ToBytes } from './base64'
export { toDataUrl, parseDataUrl, isDataUrl } from './data-url'
export { createQrDataUrl, createQrPng, createQrMatrix } from './qr'
export type { QrOptions, QrMatrix } from './qr'
export { encodePng, encodeIndexedPng, crc32 } from './png'
export type { RgbaImage, IndexedImage, Rgba } from './png'
export { saveToAlbum } from './save/save-to-album'
export type { SaveToAlbumOptions, SaveProgress } from './save/save-to-album'
export { ALBUM_SCOPE } from './save/album-port'
export type { AlbumPort, AlbumStage } from './save/album-port'
export { classifyAlbumError, readRawAlbumError } from './save/classify-album-error'
export type { RawAlbumError } from './save/classify-album-error'
export { classifySource, isLocalPath } from './save/classify-source'
export type { AlbumSource, ClassifiedSource } from './save/classify-source'
export { saveStateReducer, initialSaveState } from './save/save-state'
export type { SaveStatus, SaveState, SaveAction } from './save/save-state'
export { utf8Encode, utf8Decode } from './utf8'
export { toBytes } from './bytes'
export { layoutText, splitGraphemes, createFontMeasures, cachedGraphemeMeasure } from './text'
export type { LayoutTextOptions, TextLayout, Measure, FontMeasure } from './text'
export { choosePixelRatio, canvasSize } from './poster/pixel-ratio'
export type { PixelRatioOptions, CanvasSize } from './poster/pixel-ratio'
export { planPoster } from './poster/plan-poster'
export type { PlanContext, QrEncoder } from './poster/plan-poster'
export { validatePosterSpec } from './poster/validate-spec'
export { executeDrawOps, fitImage } from './poster/execute-draw-ops'
export type { CanvasContextLike, PosterImage, ExecuteOptions } from './poster/execute-draw-ops'
export { renderPoster } from './poster/render-poster'
export type { PosterCanvasPort, PosterCanvas, PosterOutput, RenderPosterOptions, RenderedPoster } from './poster/render-poster'
export type { DrawOp, ClearOp, RectOp, ImageOp, TextOp, QrOp, Radii, ResolvedPaint, ResolvedGradient, ImageSource } from './poster/draw-ops'
export type {
  PosterSpec,
  PosterElement,
  RectElement,
  ImageElement,
  TextElement,
  CodeElement,
  QrElement,
  LinearGradient,
  Paint,
  Radius,
  ImageFit,
  Color,
} from './poster/types'
