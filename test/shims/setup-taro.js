// Globals the Taro H5 runtime expects before any module loads.
process.env.TARO_ENV = process.env.TARO_ENV || 'h5'
process.env.TARO_PLATFORM = process.env.TARO_PLATFORM || 'web'
// A constant the Taro build defines (DefinePlugin) and the component library reads.
global.DEPRECATED_ADAPTER_COMPONENT = false
