import { useMemo } from 'react'
import { Button, Image, View } from '@tarojs/components'
import { OpenSettingButton, SavePreview, usePoster, useSaveToAlbum, useShareImage } from '@minicode/taro'
import { codeBackend } from '../../lib/backend'
import { product } from '../../lib/product'
import { productPoster } from '../../posters/product-poster'
import { SaveStatus } from '../../components/save-status'
import './index.css'

/** The product poster: drawn off screen (its code fetched through the demo backend), previewed, saved. */
export default function PosterPage() {
  // Built once: the spec carries its pictures as data URLs.
  const spec = useMemo(() => productPoster(), [])
  const poster = usePoster(spec, { backend: codeBackend })
  const album = useSaveToAlbum({ fileName: `minicode-poster-${product.id}` })
  // WeChat's share-image menu: send or save the poster with no album permission (weapp only).
  const sharer = useShareImage({ entrancePath: `pages/index/index?id=${product.id}` })
  // A temp file on mini-programs, a data URL on H5.
  const src = poster.tempFilePath || poster.dataUrl
  const busy = album.status === 'authorizing' || album.status === 'preparing' || album.status === 'saving'

  return (
    <View className="poster-page">
      {poster.canvas}
      {src ? (
        <Image className="poster-preview" src={src} mode="widthFix" showMenuByLongpress />
      ) : (
        <View className="poster-placeholder">
          {poster.status === 'error' ? '海报生成失败' : '正在生成海报…'}
        </View>
      )}
      <View className="poster-actions">
        {poster.status === 'error' && (
          <View className="poster-error" data-error={poster.error?.code}>
            {poster.error?.code}：{poster.error?.message}
          </View>
        )}
        {poster.status === 'error' ? (
          <Button onClick={() => void poster.render()}>重新生成</Button>
        ) : (
          <Button
            type="primary"
            // `|| undefined`: Taro's H5 button reflects disabled={false} as an attribute, which its CSS shows as disabled.
            disabled={poster.status !== 'ready' || busy || undefined}
            onClick={() => src && album.save(src).catch(() => undefined)}
          >
            保存到相册
          </Button>
        )}
        {process.env.TARO_ENV === 'weapp' && poster.status === 'ready' && sharer.status !== 'unsupported' && (
          <Button onClick={() => src && sharer.share(src).catch(() => undefined)}>分享图片</Button>
        )}
        <SaveStatus status={album.status} error={album.error} />
        {album.status === 'denied' && (
          <OpenSettingButton onGranted={album.reset}>去设置开启相册权限</OpenSettingButton>
        )}
        {album.status === 'preview' && album.previewUrl && (
          <SavePreview src={album.previewUrl} onClose={album.reset} />
        )}
      </View>
    </View>
  )
}
