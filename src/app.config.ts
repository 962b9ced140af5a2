export default defineAppConfig({
  pages: ['pages/index/index', 'pages/poster/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'minicode',
    navigationBarTextStyle: 'black',
  },
})
