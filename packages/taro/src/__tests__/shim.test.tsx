import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { render, screen } from '@testing-library/react'

test('the Taro H5 runtime and components load under jest', () => {
  expect(typeof Taro.request).toBe('function')
  render(
    <View data-testid="v">
      <Image src="data:image/png;base64,AAAA" />
    </View>,
  )
  expect(screen.getByTestId('v')).toBeTruthy()
})
