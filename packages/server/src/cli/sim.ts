import type { Upstream } from './config'

export interface RunningSim {
  upstream: Upstream
  close(): Promise<void>
}

/** Starts @minicode/wechat-sim in this process with its test credentials (for --sim). */
export async function startSim(options: Record<string, unknown> = {}): Promise<RunningSim> {
  const sim = await import('@minicode/wechat-sim')
  const running = await sim.startWeChatSim({ port: 0, ...options })
  return {
    upstream: { appId: running.appId, appSecret: running.appSecret, apiBase: running.url },
    close: () => running.close(),
  }
}
