import { useEffect, useRef } from 'react'
import type { CSSProperties, ReactNode } from 'react'
import { Image, Text, View } from '@tarojs/components'
import type { CodeBackend, CodeClient, CodeRequest, ImageMime, MiniCodeError } from '@minicode/core'
import { useMiniCode } from './use-mini-code'

export interface MiniCodeProps {
  /** The code to show; null shows an empty box. Compared by content, not identity. */
  request: CodeRequest | null
  backend: CodeBackend
  /** Cache to use; default the app-wide one. */
  client?: CodeClient
  /** Side in px, applied to width and height (the image keeps its aspect: mode aspectFit). */
  size?: number
  className?: string
  style?: CSSProperties
  /** WeChat: long-press shows the menu to recognise the code / save it. */
  showMenuByLongpress?: boolean
  /** Called once per loaded code. */
  onLoad?: (result: { dataUrl: string; mime: ImageMime }) => void
  /** Called once per failure. */
  onError?: (error: MiniCodeError) => void
  /** Shown while loading. Default: an empty box of `size`. */
  placeholder?: ReactNode
  /**
   * Shown on failure. A node is wrapped in a box whose tap retries; a function gets the error and
   * `retry` and renders everything itself. Default: a "tap to retry" text.
   */
  fallback?: ReactNode | ((error: MiniCodeError, retry: () => void) => ReactNode)
}

/**
 * A mini-program code image from a backend, with a placeholder while loading and a tap-to-retry
 * fallback on failure.
 *
 * @example
 * <MiniCode request={{ scene: 'id=42', page: 'pages/item/item' }} backend={backend} size={200} showMenuByLongpress />
 */
export function MiniCode(props: MiniCodeProps): JSX.Element {
  const {
    request,
    backend,
    client,
    size,
    className,
    style,
    showMenuByLongpress,
    onLoad,
    onError,
    placeholder,
    fallback,
  } = props
  const { status, dataUrl, mime, error, refresh } = useMiniCode(request, { backend, client })

  // Report each outcome once, also under StrictMode's doubled effects and when a cached
  // prediction is confirmed by the same result.
  const reported = useRef<string | MiniCodeError | null>(null)
  const callbacks = useRef({ onLoad, onError })
  callbacks.current = { onLoad, onError }
  useEffect(() => {
    if (status === 'ready' && dataUrl && mime) {
      if (reported.current === dataUrl) return
      reported.current = dataUrl
      callbacks.current.onLoad?.({ dataUrl, mime })
    } else if (status === 'error' && error) {
      if (reported.current === error) return
      reported.current = error
      callbacks.current.onError?.(error)
    } else {
      reported.current = null
    }
  }, [status, dataUrl, mime, error])

  const box: CSSProperties =
    size === undefined ? { ...style } : { ...style, width: `${size}px`, height: `${size}px` }
  const classes = (state: string) => ['minicode', `minicode--${state}`, className].filter(Boolean).join(' ')
  const retry = () => void refresh()

  if (status === 'ready' && dataUrl) {
    return (
      <Image
        className={classes('ready')}
        style={box}
        src={dataUrl}
        mode="aspectFit"
        showMenuByLongpress={showMenuByLongpress}
      />
    )
  }
  if (status === 'error' && error) {
    if (typeof fallback === 'function') return <>{fallback(error, retry)}</>
    return (
      <View className={classes('error')} style={box} onClick={retry}>
        {fallback ?? <Text>加载失败，点击重试 · Tap to retry</Text>}
      </View>
    )
  }
  if (status === 'loading') {
    return (
      <View className={classes('loading')} style={box}>
        {placeholder}
      </View>
    )
  }
  return <View className={classes('idle')} style={box} />
}
