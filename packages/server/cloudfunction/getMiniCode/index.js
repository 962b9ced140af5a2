// Cloud function entry. Deploy this folder as-is (WeChat DevTools: right click -> upload and deploy,
// install dependencies in the cloud). The logic lives in logic.js so tests can pass a fake `cloud`.
const cloud = require('wx-server-sdk')
const { createGetMiniCode, kindsFromEnv, permanentShortLinksFromEnv } = require('./logic')
const { sceneSecretFromEnv } = require('./scenes')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

// Only 'unlimited' codes unless the function's environment sets MINICODE_KINDS (e.g. 'unlimited,limited'),
// and only temporary short links unless it sets MINICODE_PERMANENT_SHORT_LINKS=1. Long scenes (data) need
// MINICODE_SCENE_SECRET (at least 32 characters, e.g. `openssl rand -hex 32`); without it they are refused.
exports.main = createGetMiniCode(cloud, {
  kinds: kindsFromEnv(process.env),
  permanentShortLinks: permanentShortLinksFromEnv(process.env),
  sceneSecret: sceneSecretFromEnv(process.env),
})
