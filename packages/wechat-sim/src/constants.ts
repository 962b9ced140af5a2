/** Test AppID the simulator accepts by default (never a real one). */
export const SIM_APP_ID = 'wxsimulator0000001'
/** Test AppSecret the simulator accepts by default (32 hex characters, like a real one). */
export const SIM_APP_SECRET = '5e1f0c0de5e1f0c0de5e1f0c0de5e1f0'
/** Alias of {@link SIM_APP_ID}. */
export const SIM_APPID = SIM_APP_ID
/** Alias of {@link SIM_APP_SECRET}. */
export const SIM_APPSECRET = SIM_APP_SECRET

/** errmsg texts as WeChat words them (WeChat appends ` rid: …`, so clients must not match them exactly). */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40066: 'invalid url',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40163: 'code been used',
  40165: 'invalid weapp pagepath',
  40212: 'invalid query',
  44990: 'reach max api second frequence limit',
  85400: 'reach max long time quota limit',
  85401: 'time limit between 1min and 30days',
  85402: 'invalid env_version',
  40159: 'invalid length for path, or the data is not json string',
  40169: 'invalid length for scene, or the data is not json string',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45029: 'qrcode count out of limit',
  47001: 'data format error',
  85096: 'not allow include scancode_time field',
}
