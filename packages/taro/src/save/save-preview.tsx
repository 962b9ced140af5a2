import { Image, View } from '@tarojs/components'

export interface SavePreviewProps {
  /** The image to show: `previewUrl` from `useSaveToAlbum` after the 'preview' outcome. */
  src: string
  /** The hint under the image (default: 长按图片保存到相册). */
  hint?: string
  /** Tapping outside the image closes the preview (call the hook's `reset`). */
  onClose?: () => void
}

/**
 * The image full-screen with a long-press hint, for the 'preview' outcome of `useSaveToAlbum`: in
 * WeChat's (and QQ's, Alipay's, Douyin's, Weibo's) browser and in phone browsers no page can write to
 * the album, but a long-press on an `<img>` offers "保存图片". The image is a real `<img>` (H5's Image
 * renders one) so the browser's own menu appears.
 *
 * @example {album.status === 'preview' && <SavePreview src={album.previewUrl!} onClose={album.reset} />}
 */
export function SavePreview({ src, hint = '长按图片保存到相册', onClose }: SavePreviewProps) {
  return (
    <View
      className="minicode-save-preview"
      data-testid="save-preview"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 1000,
        background: 'rgba(0, 0, 0, 0.85)',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
      }}
      onClick={onClose}
    >
      {/* A tap on the image itself must not close it: the long-press starts with a touch there. */}
      <View onClick={(e) => e.stopPropagation()} style={{ width: '90%' }}>
        {/* height 'auto': Taro's H5 <Image> is 240px tall by default and would crop the picture. */}
        <Image src={src} mode="widthFix" style={{ width: '100%', height: 'auto' }} showMenuByLongpress />
      </View>
      <View
        style={{ color: '#fff', marginTop: '16px', fontSize: '15px' }}
        aria-label="Long-press the image to save it"
      >
        {hint}
      </View>
    </View>
  )
}
