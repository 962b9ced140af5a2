/** The demo's one product. The code carries its id as the scene; the page reads it back with parseScene. */
export const product = {
  id: '42',
  title: '🎉限时特惠🎉 iPhone 15 Pro Max 256GB 原色钛金属',
  price: 7999,
  /** The price before the offer, shown struck through. */
  listPrice: 9999,
  seller: '小程序码旗舰店',
}

export const productCodeRequest = {
  scene: `id=${product.id}`,
  page: 'pages/index/index',
  // The demo page is not in a released version of any real mini-program.
  checkPath: false,
  width: 430,
}
