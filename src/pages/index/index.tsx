import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  MiniCode,
  OpenSettingButton,
  SavePreview,
  useMiniCode,
  useSaveToAlbum,
  useScene,
} from '@minicode/taro'
import { codeBackend } from '../../lib/backend'
import { product, productCodeRequest } from '../../lib/product'
import { SaveStatus } from '../../components/save-status'
import './index.css'

export default function Index() {
  // Opened (or shown again) by scanning a code: read on every show, so a second scan shows its own id.
  const scene = useScene()
  const code = useMiniCode(productCodeRequest, { backend: codeBackend })
  const album = useSaveToAlbum({ fileName: `minicode-${product.id}` })

  return (
    <View className="page">
      {scene.params.id && <View className="from-scene">扫码进入 · 商品 {scene.params.id}</View>}
      <View className="card">
        <View className="title">{product.title}</View>
        <View className="price">
          ¥{product.price} <Text className="list-price">¥{product.listPrice}</Text>
        </View>
        <View className="seller">{product.seller}</View>
        <View className="code-row">
          <MiniCode
            request={productCodeRequest}
            backend={codeBackend}
            size={160}
            showMenuByLongpress
            className="product-code"
          />
          <Text className="code-hint">长按识别小程序码，或保存后分享给好友</Text>
        </View>
      </View>
      <View className="actions">
        <Button
          type="primary"
          // `|| undefined`: Taro's H5 button reflects disabled={false} as an attribute, which its CSS shows as disabled.
          disabled={
            code.status !== 'ready' ||
            album.status === 'authorizing' ||
            album.status === 'saving' ||
            undefined
          }
          onClick={() => code.dataUrl && album.save(code.dataUrl).catch(() => undefined)}
        >
          保存到相册
        </Button>
        <SaveStatus status={album.status} error={album.error} />
        {album.status === 'denied' && <OpenSettingButton>去设置开启相册权限</OpenSettingButton>}
        {album.status === 'preview' && album.previewUrl && (
          <SavePreview src={album.previewUrl} onClose={album.reset} />
        )}
        <Button className="open-poster" onClick={() => void Taro.navigateTo({ url: '/pages/poster/index' })}>
          生成分享海报
        </Button>
      </View>
    </View>
  )
}
