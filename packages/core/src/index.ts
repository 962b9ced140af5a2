export { MiniCodeError, isMiniCodeError, cancelledError } from './errors'
export type { MiniCodeErrorCode, MiniCodeErrorOptions } from './errors'
export type { CodeRequest, CodeKind, EnvVersion, LineColor, ImageMime, CodeImage } from './types'
export { parseScene, CodeClient, CodeObserver, getDefaultCodeClient, reduceCodeState } from './code'
export type { CodeResult, CodeStatus, CodeState, CodeClientOptions, CodeFetchOptions } from './code'
export type { CodeBackend, CodeFetchContext } from './code'
export { isSceneId, resolveScene, SCENE_ID_PREFIX, SCENE_ID_BODY_LENGTH } from './code'
export type { SceneData, SceneBackend, ResolvedScene, ResolveSceneOptions } from './code'
export { validateCodeRequest, codeRequestKey, toWeChatBody, weChatApiPath } from './code'
export type { WeChatApiPath } from './code'
export { describeWeChatError, decodeCodeResponse } from './code'
export type { WeChatErrorInfo } from './code'
export { sniffImage, bytesToBase64, base64ToBytes, toDataUrl, parseDataUrl, isDataUrl } from './encoding'
export { createQrDataUrl, createQrPng, createQrMatrix } from './qr'
export type { QrOptions, QrMatrix, QrMatrixOptions } from './qr'
export type { QrLogoPixels } from './qr-logo'
export { encodePng, encodeIndexedPng, crc32 } from './encoding'
export type { RgbaImage, IndexedImage, Rgba } from './encoding'
export { saveToAlbum } from './save/save-to-album'
export type { SaveToAlbumOptions, SaveProgress, SaveResult } from './save/save-to-album'
export { ALBUM_SCOPE } from './save/album-port'
export type { AlbumPort, AlbumStage, BrowserSaveResult } from './save/album-port'
export { browserSaveOutcome, inAppBrowserOf, isMobileBrowser } from './save/browser-outcome'
export { shareImage, isPagePath, SHARE_IMAGE_MENU_SINCE } from './save/share-image'
export type { ShareImageOptions } from './save/share-image'
export type { SaveOutcome, BrowserSaveMode, InAppBrowser } from './save/browser-outcome'
export { classifyAlbumError, readRawAlbumError } from './save/classify-album-error'
export type { RawAlbumError } from './save/classify-album-error'
export { classifySource, isLocalPath } from './save/classify-source'
export type { AlbumSource, ClassifiedSource } from './save/classify-source'
export { saveStateReducer, initialSaveState } from './save/save-state'
export { SaveController } from './save/save-controller'
export type { SaveControllerOptions } from './save/save-controller'
export type { SaveStatus, SaveState, SaveAction } from './save/save-state'
export { utf8Encode, utf8Decode, toBytes } from './encoding'
export {
  layoutText,
  splitGraphemes,
  createFontMeasures,
  cachedGraphemeMeasure,
  forgetMeasuredWidths,
} from './text'
export type { LayoutTextOptions, TextLayout, Measure, FontMeasure } from './text'
export { layoutRuns } from './text'
export type { TextRun, LayoutRunsOptions, PlacedRun, RunLine, RunsLayout } from './text'
export { choosePixelRatio, canvasSize } from './poster/pixel-ratio'
export type { PixelRatioOptions, CanvasSize } from './poster/pixel-ratio'
export { planPoster } from './poster/plan-poster'
export type { PlanContext, QrEncoder } from './poster/plan-poster'
export { validatePosterSpec } from './poster/validate-spec'
export { executeDrawOps, fitImage } from './poster/execute-draw-ops'
export type { CanvasContextLike, PosterImage, ExecuteOptions } from './poster/execute-draw-ops'
export { renderPoster } from './poster/render-poster'
export { measurePoster } from './poster/measure-poster'
export type { FlowPosterSpec, PosterMeasurement } from './poster/measure-poster'
export type { PlacedBox } from './poster/layout-boxes'
export { computeLayout } from './layout'
export type { Align, Justify, Edges, LayoutNode, LayoutBox, MeasureContent } from './layout'
export { createImageCache, IMAGE_CACHE_LIMIT } from './poster/image-cache'
export type { ImageCache, CachedImage } from './poster/image-cache'
export { PosterController } from './poster/poster-controller'
export type { PosterControllerOptions, DisposableCanvasPort } from './poster/poster-controller'
export { posterReducer, initialPosterState } from './poster/poster-state'
export type { PosterStatus, PosterState, PosterAction } from './poster/poster-state'
export type {
  PosterCanvasPort,
  PosterCanvas,
  PosterOutput,
  RenderPosterOptions,
  RenderedPoster,
} from './poster/render-poster'
export type {
  DrawOp,
  ClearOp,
  RectOp,
  ImageOp,
  TextOp,
  QrOp,
  LineOp,
  Matrix,
  Effects,
  ResolvedShadow,
  ResolvedStroke,
  Radii,
  ResolvedPaint,
  ResolvedGradient,
  ImageSource,
} from './poster/draw-ops'
export type {
  PosterSpec,
  PosterFont,
  TopLevelElement,
  PosterElement,
  RectElement,
  ImageElement,
  TextElement,
  TextSpan,
  TextDecoration,
  CodeElement,
  QrElement,
  LineElement,
  LineInBox,
  Shadow,
  Stroke,
  Dash,
  BoxElement,
  BoxChild,
  FlexItemFields,
  LinearGradient,
  Paint,
  Radius,
  ImageFit,
  Color,
} from './poster/types'
export {
  validateLinkRequest,
  isValidatedLinkRequest,
  toWeChatLinkBody,
  linkExpiresAt,
  linkRequestKey,
} from './links'
export { describeLinkError, LINK_KINDS, LINK_API_PATH, LINK_ANSWER_FIELD } from './links'
export type { LinkKind, LinkRequest, UrlLinkRequest, SchemeRequest, ShortLinkRequest } from './links'
export type { LinkExpiry, CloudBaseTarget, EntryLink, ValidateLinkOptions } from './links'
