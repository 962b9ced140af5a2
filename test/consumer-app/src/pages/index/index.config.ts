export default definePageConfig({ navigationBarTitleText: 'minicode consumer' })
