// Taro's own preset; it needs @babel/preset-react installed beside it (listed in package.json).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
