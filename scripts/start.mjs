// `npm start`: build what is stale, then serve the H5 demo with @minicode/server and the WeChat simulator.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { H5_SOURCES, isStale, root, stalePackages } from './lib/freshness.mjs'

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (stalePackages().length) run('npm', ['run', 'build:packages', '--silent'])
if (isStale('dist/h5/index.html', H5_SOURCES)) run('npx', ['taro', 'build', '--type', 'h5'])

const { startDemo } = createRequire(import.meta.url)('./demo-server.cjs')
const demo = await startDemo({ port: Number(process.env.PORT ?? 10086), host: process.env.HOST ?? '127.0.0.1' })
console.log(`\nminicode demo: ${demo.url}`)
console.log(`  minicode server ${demo.apiUrl} (codes from the WeChat simulator at ${demo.simUrl})`)
console.log('  Ctrl-C to stop')

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => demo.close().then(() => process.exit(0)))
}
