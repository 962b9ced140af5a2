import { spawn, type ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { StartWeChatSimOptions } from '@minicode/wechat-sim'
import { bundle } from './bundle'
import { startRedis, type RunningRedis } from './redis-server'
import { startTestSim, type TestSim } from './test-sim'

export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
}

/** Starts `minicode serve` processes (fixtures/server-process.ts, bundled once) with `env`; stop them with stopAll. */
export function serverProcesses() {
  const children: ChildProcess[] = []
  let script: Promise<string> | undefined

  const start = async (env: Record<string, string>): Promise<ServerProcess> => {
    script ??= bundle(join(__dirname, 'fixtures/server-process.ts'))
    const child = spawn(process.execPath, [await script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let out = ''
    child.stdout!.on('data', (c: Buffer) => (out += c))
    child.stderr!.on('data', (c: Buffer) => (out += c))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server process did not start: ${out}`)), 15_000)
      child.stdout!.on('data', () => {
        const m = /READY (\S+)/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve({ child, url: m[1]!, output: () => out })
        }
      })
      child.once('exit', (code) => reject(new Error(`server process exited ${code}: ${out}`)))
    })
  }

  /** SIGTERM and wait for each; SIGKILL whatever is still running after 5 s. Removes the bundle. */
  const stopAll = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            child.kill('SIGTERM')
          }),
      ),
    )
    if (script) await rm(dirname(await script), { recursive: true, force: true })
  }

  return { start, stopAll }
}

/**
 * The setting of the multi-process tests: the simulator (with `simOptions`) and a real redis-server,
 * started before the file's tests and stopped after them, with every server process left running.
 * `startServers(count, env)` starts `minicode serve` processes on both: the simulator's credentials,
 * the Redis URL and no rate limit, then `env`.
 */
export function useServersOnRedis(simOptions: StartWeChatSimOptions = {}) {
  const processes = serverProcesses()
  const setting = {
    sim: undefined as unknown as TestSim,
    redis: undefined as unknown as RunningRedis,
    /** A server's environment: the simulator's credentials, the Redis URL and no rate limit, then `env`. */
    serverEnv(env: Record<string, string> = {}): Record<string, string> {
      return {
        WECHAT_APPID: setting.sim.appId,
        WECHAT_APPSECRET: setting.sim.appSecret,
        WECHAT_API_BASE: setting.sim.url,
        REDIS_URL: setting.redis.url,
        MINICODE_RATE_LIMIT: 'off',
        ...env,
      }
    },
    startServers(count: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
      return Promise.all(Array.from({ length: count }, () => processes.start(setting.serverEnv(env))))
    },
    stopServers: processes.stopAll,
  }
  beforeAll(async () => {
    ;[setting.sim, setting.redis] = await Promise.all([startTestSim(simOptions), startRedis()])
  })
  afterAll(async () => {
    await processes.stopAll()
    await setting.sim?.close()
    await setting.redis?.stop()
  })
  return setting
}
