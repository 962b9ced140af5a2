import { View, Text } from '@tarojs/components'

export default function Index() {
  return (
    <View className="page">
      <Text>minicode</Text>
    </View>
  )
}
