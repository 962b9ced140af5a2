// Running npm, npx and node children from the repo's scripts, the same way on Linux, macOS and Windows.
// On Windows `npm` and `npx` are `.cmd` files, which Node (since the 2024 security fix) refuses to
// spawn without a shell: spawnSync('npm') there fails with EINVAL or ENOENT before anything runs.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { demoEntry } from './freshness.mjs'

/** Spawn options for `platform`: a shell on win32 (so npm.cmd and npx.cmd resolve), none elsewhere. */
export function spawnOptions(platform = process.platform) {
  return { shell: platform === 'win32' }
}

/**
 * Why a finished child failed, in one line (undefined when it succeeded): the error that kept it from
 * starting, the signal that ended it, or its exit code.
 */
export function describeFailure(command, result) {
  if (result.error) return `${command}: could not start (${result.error.code ?? result.error.message})`
  if (result.signal) return `${command}: ended by ${result.signal}`
  if (result.status !== 0) return `${command}: exited with code ${result.status}`
  return undefined
}

/**
 * Run `cmd args…` in `cwd` with inherited stdio. On failure print why, then exit with the child's
 * status (or return it, with `exitOnFailure: false`).
 */
export function run(cmd, args, { cwd, env = process.env, exitOnFailure = true } = {}) {
  const result = spawnSync(cmd, args, { cwd, env, stdio: 'inherit', ...spawnOptions() })
  const failure = describeFailure([cmd, ...args].join(' '), result)
  if (failure) {
    console.error(`\n[minicode] ${failure}`)
    if (exitOnFailure) process.exit(result.status || 1)
  }
  return result.status ?? 1
}

/**
 * `taro build --type <type>` of the demo, checked: Taro exits 0 even when it rejects its config, so a
 * build that wrote no fresh dist/<type> entry file is reported as failed here.
 */
export function buildDemo(type, { cwd }) {
  const entry = path.join(cwd, demoEntry(type))
  const startedAt = Date.now()
  run('npx', ['taro', 'build', '--type', type], { cwd })
  if (!existsSync(entry) || statSync(entry).mtimeMs < startedAt - 1000) {
    console.error(
      `\n[minicode] taro build --type ${type} wrote no ${path.relative(cwd, entry)}: see Taro's output above`,
    )
    process.exit(1)
  }
}
