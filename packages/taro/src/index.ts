export { MiniCode, useMiniCode } from './mini-code'
export type { MiniCodeProps, UseMiniCodeOptions, UseMiniCodeResult } from './mini-code'
export { httpBackend, cloudBackend, localBackend, localCodeUrl, decodeHttpResponse } from './backends'
export type {
  HttpBackendOptions,
  HttpBackend,
  CloudBackendOptions,
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
export { Poster, usePoster, createTaroCanvasPort } from './poster'
export type { PosterProps, UsePosterOptions, UsePosterResult, PosterStatus, TaroCanvasPort } from './poster'
// For posters: the QR encoder to pass as `qr` when a spec has qr elements, and the spec's types.
export { createQrMatrix, renderPoster } from '@minicode/core'
export type {
  QrEncoder,
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
  RenderedPoster,
  PosterCanvasPort,
} from '@minicode/core'
