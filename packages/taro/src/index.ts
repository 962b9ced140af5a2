export { MiniCode, useMiniCode } from './mini-code'
export type { MiniCodeProps, UseMiniCodeOptions, UseMiniCodeResult } from './mini-code'
export { httpBackend, cloudBackend, localBackend, localCodeUrl, decodeHttpResponse } from './backends'
export type {
  HttpBackendOptions,
  HttpBackend,
  CloudBackendOptions,
  CloudBackend,
  CloudLike,
  LocalBackendOptions,
  RequestTransport,
} from './backends'
export { wechatSession } from './backends'
export type { SessionSource, WeChatSessionOptions } from './backends'
// What users need of core, so apps import one package.
export { MiniCodeError, isMiniCodeError, CodeClient, getDefaultCodeClient, parseScene } from '@minicode/core'
export type {
  MiniCodeErrorCode,
  CodeRequest,
  CodeKind,
  EnvVersion,
  LineColor,
  ImageMime,
  CodeImage,
  CodeBackend,
  CodeFetchContext,
  CodeStatus,
  CodeResult,
  CodeClientOptions,
  LinkKind,
  LinkRequest,
  UrlLinkRequest,
  SchemeRequest,
  ShortLinkRequest,
  EntryLink,
} from '@minicode/core'
export { useSaveToAlbum, OpenSettingButton, SavePreview, useShareImage } from './save'
export { useScene } from './scene'
export { useEntryLink } from './links'
export type { UseEntryLinkOptions, UseEntryLinkResult, EntryLinkStatus } from './links'
export type { Scene } from './scene'
export type { UseSceneOptions, ResolvedSceneState, SceneStatus } from './scene'
// Long scenes: the data behind an id scene, through httpBackend's scene(id).
export { resolveScene, isSceneId } from '@minicode/core'
export type { SceneBackend, SceneData, ResolvedScene, ResolveSceneOptions } from '@minicode/core'
export type { ShareStatus, UseShareImageOptions, UseShareImageResult } from './save'
export type {
  UseSaveToAlbumOptions,
  UseSaveToAlbumResult,
  OpenSettingButtonProps,
  SavePreviewProps,
} from './save'
export {
  createTaroPlatform,
  createWxPlatform,
  createTtPlatform,
  createAlipayPlatform,
  createH5Platform,
} from './platform'
export { saveToAlbum, classifyAlbumError, ALBUM_SCOPE } from '@minicode/core'
export type {
  AlbumPort,
  AlbumSource,
  SaveStatus,
  SaveProgress,
  SaveToAlbumOptions,
  SaveResult,
  SaveOutcome,
  BrowserSaveMode,
} from '@minicode/core'
export { Poster, usePoster, createTaroCanvasPort, createTaroMeasure } from './poster'
export type { PosterProps, UsePosterOptions, UsePosterResult, PosterStatus, TaroCanvasPort } from './poster'
// For posters: the QR encoder to pass as `qr` when a spec has qr elements, and the spec's types.
export { createQrMatrix, renderPoster, measurePoster } from '@minicode/core'
export type {
  QrEncoder,
  PosterSpec,
  PosterFont,
  PosterMeasurement,
  PosterElement,
  BoxElement,
  BoxChild,
  RectElement,
  ImageElement,
  TextElement,
  TextSpan,
  CodeElement,
  QrElement,
  LineElement,
  Shadow,
  Stroke,
  Dash,
  LinearGradient,
  Paint,
  Radius,
  ImageFit,
  Color,
  RenderedPoster,
  PosterCanvasPort,
} from '@minicode/core'
