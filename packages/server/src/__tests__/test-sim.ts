import {
  startWeChatSim,
  type RunningWeChatSim,
  type SimFault,
  type StartWeChatSimOptions,
} from '@minicode/wechat-sim'

/** Faults as the server tests phrase them: how many of the next code calls each hits. */
export interface FaultSpec {
  busy?: number
  truncate?: number
  empty?: number
  reset?: number
  errcode?: number
  delayMs?: number
  count?: number
}

export interface TestSim {
  url: string
  appId: string
  appSecret: string
  raw: RunningWeChatSim
  /** Upstream calls so far: token endpoints, code endpoints, code calls refused for their token. */
  counts(): Promise<{ token: number; code: number; tokenErrors: number }>
  inject(spec: FaultSpec): Promise<void>
  revokeToken(): Promise<void>
  clearFaults(): Promise<void>
  reset(): void
  close(): Promise<void>
}

/** The shared @minicode/wechat-sim on a loopback port, with the helpers the server tests use. */
export async function startTestSim(options: StartWeChatSimOptions = {}): Promise<TestSim> {
  const sim = await startWeChatSim({ port: 0, ...options })
  const add = (fault: SimFault, times: number) => sim.inject(fault, { times, endpoint: 'code' })
  return {
    url: sim.url,
    appId: sim.appId,
    appSecret: sim.appSecret,
    raw: sim,
    async counts() {
      const s = sim.stats()
      return { token: s.tokenCalls, code: s.codeCalls, tokenErrors: s.tokenErrors }
    },
    async inject(spec) {
      const times = spec.count ?? 1
      if (spec.busy) add({ kind: 'busy' }, spec.busy)
      if (spec.truncate) add({ kind: 'truncate' }, spec.truncate)
      if (spec.empty) add({ kind: 'empty' }, spec.empty)
      if (spec.reset) add({ kind: 'reset' }, spec.reset)
      if (spec.errcode !== undefined) add({ kind: 'errcode', errcode: spec.errcode }, times)
      if (spec.delayMs !== undefined) add({ kind: 'delay', ms: spec.delayMs }, times)
    },
    async revokeToken() {
      sim.inject({ kind: 'revokeToken' })
    },
    async clearFaults() {
      sim.clearFaults()
    },
    reset: () => sim.reset(),
    close: () => sim.close(),
  }
}
