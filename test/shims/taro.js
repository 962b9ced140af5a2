// jest stand-in for '@tarojs/taro': Taro's real H5 implementation (as the H5 build uses it), with the
// React runtime hooked up the way the H5 build's loader would. See DESIGN.md "Taro facts".
const React = require('react')
const ReactDOM = require('react-dom')
const h5 = require('@tarojs/taro-h5')
const runtime = require('@tarojs/plugin-framework-react/dist/runtime')

if (typeof runtime.createH5NativeComponentConfig === 'function') {
  runtime.createH5NativeComponentConfig(null, React, ReactDOM)
}

const Taro = Object.assign({}, h5.default || {}, h5)
delete Taro.default
module.exports = Object.assign(Taro, { default: Taro, __esModule: true })
