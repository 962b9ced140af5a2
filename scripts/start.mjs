// `npm start`: build what is stale, then serve the H5 demo with @minicode/server and the WeChat simulator.
import { createRequire } from 'node:module'
import { DEMO_SOURCES, demoEntry, isStale, root, stalePackages } from './lib/freshness.mjs'
import { buildDemo, run } from './lib/run.mjs'

if (stalePackages().length) run('npm', ['run', 'build:packages', '--silent'], { cwd: root })
if (isStale(demoEntry('h5'), DEMO_SOURCES)) buildDemo('h5', { cwd: root })

const { startDemo } = createRequire(import.meta.url)('./demo-server.cjs')
const demo = await startDemo({
  port: Number(process.env.PORT ?? 10086),
  host: process.env.HOST ?? '127.0.0.1',
})
console.log(`\nminicode demo: ${demo.url}`)
console.log(`  minicode server ${demo.apiUrl} (codes from the WeChat simulator at ${demo.simUrl})`)
console.log('  Ctrl-C to stop')

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => demo.close().then(() => process.exit(0)))
}
