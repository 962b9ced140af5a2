import { View } from '@tarojs/components'
import type { MiniCodeError } from '@minicode/taro'

const labels: Record<string, string> = {
  idle: '',
  authorizing: '正在请求相册权限…',
  preparing: '正在准备图片…',
  saving: '正在保存…',
  saved: '已保存到相册',
  // A browser download is a file in Downloads, not the album: say which.
  downloaded: '已下载',
  preview: '请长按图片保存',
  denied: '没有相册权限：请在设置中开启',
  failed: '保存失败',
}

/** One line telling the user where a save stands, and why it failed. */
export function SaveStatus({ status, error }: { status: string; error: MiniCodeError | null | undefined }) {
  if (status === 'idle') return null
  const failed = status === 'failed' || status === 'denied'
  return (
    <View className={failed ? 'status error' : 'status'} data-status={status}>
      {labels[status] ?? status}
      {error && status === 'failed' ? `（${error.code}）` : ''}
    </View>
  )
}
