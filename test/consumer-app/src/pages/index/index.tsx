import { Button, Image, Text, View } from '@tarojs/components'
import { MiniCode, httpBackend, usePoster, useSaveToAlbum, type PosterSpec } from '@minicode/taro'

const backend = httpBackend({ url: CONSUMER_MINICODE_URL, timeoutMs: 10000 })
const request = { scene: 'id=7', page: 'pages/index/index' }

const spec: PosterSpec = {
  width: 300,
  height: 380,
  background: '#ffffff',
  elements: [
    {
      type: 'text',
      text: '消费者海报 · Consumer poster',
      x: 16,
      y: 16,
      maxWidth: 268,
      size: 18,
      weight: 'bold',
    },
    { type: 'code', request, x: 60, y: 80, size: 180 },
  ],
}

export default function Index() {
  const poster = usePoster(spec, { backend })
  const album = useSaveToAlbum()
  const src = poster.tempFilePath || poster.dataUrl
  return (
    <View className="consumer">
      <MiniCode className="consumer-code" request={request} backend={backend} size={200} />
      {poster.canvas}
      {src && <Image className="consumer-poster" src={src} mode="widthFix" />}
      <Button onClick={() => src && album.save(src).catch(() => undefined)}>保存海报</Button>
      <Text className="consumer-status" data-poster={poster.status}>
        {`poster: ${poster.status} · album: ${album.status}`}
      </Text>
    </View>
  )
}
