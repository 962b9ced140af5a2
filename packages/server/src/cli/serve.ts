import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHandler } from '../http/handler'
import { toNodeListener } from '../http/node-adapter'
import { handlerOptionsFromEnv, wireFromEnv, type Env, type Wiring } from './config'
import { startSim, type RunningSim } from './sim'

export interface ServeOptions {
  env?: Env
  /** Start wechat-sim in-process and use its credentials. */
  sim?: boolean
  port?: number
  host?: string
}

export interface RunningServer {
  url: string
  server: Server
  /** The simulator's URL when started with sim. */
  simUrl?: string
  close(): Promise<void>
}

/** `minicode serve`: the handler on node:http, configured by env (see DESIGN.md). */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env
  let sim: RunningSim | null = null
  if (options.sim) sim = await startSim()
  let wiring: Wiring | null = null
  try {
    wiring = wireFromEnv(env, sim?.upstream ?? null)
    const handler = createHandler({
      service: wiring.service,
      links: wiring.links,
      ...handlerOptionsFromEnv(env, wiring),
    })
    const server = createServer(toNodeListener(handler))
    server.keepAliveTimeout = 65_000
    // Connected to Redis before taking requests (its commands fail fast while it is not).
    await wiring.ready()
    const port = options.port ?? (env.PORT ? Number(env.PORT) : 8787)
    const host = options.host ?? env.HOST ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => resolve())
    })
    const address = server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return {
      url: `http://${shownHost}:${address.port}`,
      server,
      simUrl: sim?.upstream.apiBase,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections?.()
        })
        await wiring?.close()
        await sim?.close()
      },
    }
  } catch (error) {
    await wiring?.close()
    await sim?.close()
    throw error
  }
}
