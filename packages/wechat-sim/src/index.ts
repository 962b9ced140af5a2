export { createWeChatSim } from './sim'
export type { WeChatSim } from './sim'
export { startWeChatSim } from './server'
export type { StartWeChatSimOptions, RunningWeChatSim } from './server'
export { SIM_APP_ID, SIM_APP_SECRET, SIM_APPID, SIM_APPSECRET } from './constants'
export type {
  SimEndpoint,
  SimFault,
  SimFaultOptions,
  SimFaultTarget,
  SimStats,
  SimRequest,
  SimReply,
  WeChatSimOptions,
} from './types'
export type { LinkEndpoint, SimLinkQuotas } from './links'
