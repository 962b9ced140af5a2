// scripts/lib/run.mjs: how the repo's scripts spawn npm and npx on every OS, and what they say when a child fails.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')

/** Evaluate `expression` in a Node ES module that imported scripts/lib/run.mjs as `run`, and parse its JSON. */
function evaluate(expression: string): unknown {
  const code = `import * as run from './scripts/lib/run.mjs'\nimport { spawnSync } from 'node:child_process'\nprocess.stdout.write(JSON.stringify(${expression}) ?? 'null')`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout)
}

describe('scripts/lib/run.mjs', () => {
  it('spawns through a shell on Windows, where npm and npx are .cmd files, and directly elsewhere', () => {
    expect(evaluate(`run.spawnOptions('win32')`)).toEqual({ shell: true })
    expect(evaluate(`run.spawnOptions('darwin')`)).toEqual({ shell: false })
    expect(evaluate(`run.spawnOptions('linux')`)).toEqual({ shell: false })
  })

  it('says why a child failed: its exit code, the signal that ended it, or why it could not start', () => {
    expect(
      evaluate(`run.describeFailure('node -e', spawnSync(process.execPath, ['-e', 'process.exit(3)']))`),
    ).toBe('node -e: exited with code 3')
    expect(
      evaluate(
        `run.describeFailure('node -e', spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']))`,
      ),
    ).toBe('node -e: ended by SIGTERM')
    expect(evaluate(`run.describeFailure('no-such-tool', spawnSync('no-such-tool-minicode', []))`)).toBe(
      'no-such-tool: could not start (ENOENT)',
    )
    expect(evaluate(`run.describeFailure('node -v', spawnSync(process.execPath, ['-v']))`)).toBeNull()
  })

  it('run() prints the reason and exits with the child status', () => {
    const code = `import { run } from './scripts/lib/run.mjs'\nrun(process.execPath, ['-e', 'process.exit(7)'])\nconsole.log('not reached')`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(result.status).toBe(7)
    expect(result.stdout).not.toContain('not reached')
    expect(result.stderr).toContain('exited with code 7')
  })
})
