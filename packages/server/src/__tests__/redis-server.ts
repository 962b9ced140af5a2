import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface RedisOptions {
  /** Default a free port; give the port of a killed server to restart it where clients reconnect. */
  port?: number
  /** Persist to an append-only file in this directory, fsynced on every write (survives a kill -9). */
  dir?: string
}

export interface RunningRedis {
  url: string
  port: number
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>
  /** SIGKILL, as a crash: no shutdown, connections drop at once. Waits for the exit. */
  kill(): Promise<void>
}

/** A real redis-server on a loopback port, without persistence unless `dir` is given. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  const port = options.port ?? (await freePort())
  const persistence = options.dir
    ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no']
  const child: ChildProcess = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start in 5 s')), 5000)
    let seen = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      if (seen.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${seen}`))
    })
  })
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill(signal)
    })
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
