export default definePageConfig({ navigationBarTitleText: 'minicode' })
