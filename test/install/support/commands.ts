// Child processes for the install tests: npm, npx and node with a shell on Windows (scripts/lib/run.mjs
// explains why), their output kept, and a failure that names the command and ends with its last output.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'

export interface CommandOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

const shell = process.platform === 'win32'

/** The last `lines` lines of a child's combined output, for a failure message. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

/** Run a command to completion; throw with the command, why it failed and its last output unless it exits 0. */
export function runChecked(cmd: string, args: string[], options: CommandOptions): string {
  const result: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    shell,
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
  })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  let failure: string | undefined
  if (result.error)
    failure = `could not run (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})`
  else if (result.signal) failure = `ended by ${result.signal}`
  else if (result.status !== 0) failure = `exited with code ${result.status}`
  if (failure) {
    throw new Error(
      `\`${[cmd, ...args].join(' ')}\` in ${options.cwd} ${failure}. Last output:\n${tail(output)}`,
    )
  }
  return output
}

/** Async variant for long steps (npm install, taro build) so jest's timers and other work keep running. */
export function runCheckedAsync(cmd: string, args: string[], options: CommandOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, shell })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 600_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`\`${[cmd, ...args].join(' ')}\` could not run: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) return resolve(output)
      const why = signal ? `ended by ${signal}` : `exited with code ${code}`
      reject(
        new Error(`\`${[cmd, ...args].join(' ')}\` in ${options.cwd} ${why}. Last output:\n${tail(output)}`),
      )
    })
  })
}
