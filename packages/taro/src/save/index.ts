export { useSaveToAlbum } from './use-save-to-album'
export type { UseSaveToAlbumOptions, UseSaveToAlbumResult } from './use-save-to-album'
export { OpenSettingButton } from './open-setting-button'
export type { OpenSettingButtonProps } from './open-setting-button'
