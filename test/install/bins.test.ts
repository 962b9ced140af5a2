/**
 * The workspace links its own bins: after `npm ci` in a fresh clone, `npx minicode …` and
 * `npx minicode-wechat-sim …` run this repo's CLIs as the README writes them, instead of asking the
 * registry for packages of those names.
 */
import { spawn } from 'node:child_process'
import { runChecked, tail } from './support/commands'
import { root } from './support/pack'

jest.setTimeout(120_000)

test('`npx minicode --help` runs the workspace CLI', () => {
  // --no-install: fail instead of fetching a package named `minicode` from the registry.
  const output = runChecked('npx', ['--no-install', 'minicode', '--help'], { cwd: root })
  expect(output).toMatch(/minicode serve/)
  expect(output).toMatch(/minicode gen/)
})

test('`npx minicode-wechat-sim --help` runs the workspace simulator', () => {
  const output = runChecked('npx', ['--no-install', 'minicode-wechat-sim', '--help'], { cwd: root })
  expect(output).toMatch(/Usage: minicode-wechat-sim/)
})

test('`npx minicode serve --sim` starts, prints its URL and answers /healthz', async () => {
  // Its own process group, so the server under npx ends with it.
  const child = spawn('npx', ['--no-install', 'minicode', 'serve', '--sim', '--port', '0'], {
    cwd: root,
    shell: process.platform === 'win32',
    detached: process.platform !== 'win32',
  })
  let output = ''
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${tail(output)}`)), 60_000)
      const onData = (chunk: Buffer) => {
        output += chunk
        const found = /http:\/\/[\w.:[\]-]+:\d+/.exec(output)?.[0]
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
      child.on('exit', (code) => reject(new Error(`minicode serve exited with ${code}:\n${tail(output)}`)))
    })
    const answer = await fetch(`${url}/healthz`)
    expect(answer.status).toBe(200)
  } finally {
    if (process.platform === 'win32') child.kill()
    else process.kill(-child.pid!, 'SIGTERM')
    await new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
    )
  }
})
