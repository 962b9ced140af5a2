import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createWeChatSim, type WeChatSim } from './sim'
import type { SimFault, SimFaultOptions, SimStats, WeChatSimOptions } from './types'

/** Options of {@link startWeChatSim}: the simulator's plus where to listen. */
export interface StartWeChatSimOptions extends WeChatSimOptions {
  /** Default 0 (an ephemeral port). */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
}

/** A running simulator. */
export interface RunningWeChatSim {
  /** Base URL to use as the WeChat API base, e.g. 'http://127.0.0.1:40123' (no trailing slash). */
  url: string
  port: number
  appId: string
  appSecret: string
  stats(): SimStats
  reset(): void
  inject(fault: SimFault, options?: SimFaultOptions): void
  clearFaults(): void
  setClock(now: () => number): void
  advance(ms: number): void
  /** A fresh one-time login code for `user`, as wx.login gives the mini-program. */
  login(user?: string): string
  /** The openid `/sns/jscode2session` answers for `user`'s codes. */
  openidOf(user: string): string
  /** Every session_key handed out since the last reset. */
  sessionKeys(): string[]
  /** Stops listening, drops open connections and ends pending delays. */
  close(): Promise<void>
}

const MAX_BODY = 1 << 20

/** Starts the simulator on a loopback HTTP server; resolves once it listens. */
export async function startWeChatSim(options: StartWeChatSimOptions = {}): Promise<RunningWeChatSim> {
  const { port = 0, host = '127.0.0.1', ...simOptions } = options
  const sim: WeChatSim = createWeChatSim(simOptions)
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    readBody(req).then(
      async (body) => {
        const reply = await sim.handle({ method: req.method ?? 'GET', url: req.url ?? '/', body })
        if (reply.destroy) {
          req.socket.destroy()
          return
        }
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) })
        res.end(reply.body)
      },
      () => req.socket.destroy(),
    )
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())
  // Longer than clients' idle keep-alive: with Node's 5 s default, a client reusing a pooled connection
  // just as the server drops it gets 'fetch failed' (seen after tests that pause ~5 s between calls).
  server.keepAliveTimeout = 65_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shownHost =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined

  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    appId: sim.appId,
    appSecret: sim.appSecret,
    stats: sim.stats,
    reset: sim.reset,
    inject: sim.inject,
    clearFaults: sim.clearFaults,
    setClock: sim.setClock,
    advance: sim.advance,
    login: sim.login,
    openidOf: sim.openidOf,
    sessionKeys: sim.sessionKeys,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        sim.dispose()
        for (const socket of sockets) socket.destroy()
      })
      return closing
    },
  }
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}
