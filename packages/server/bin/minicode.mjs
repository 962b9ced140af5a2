#!/usr/bin/env node
// `minicode serve | gen`: runs the built CLI (npm run build -w packages/server).
import { fileURLToPath } from 'node:url'
import { main } from '../dist/cli.js'

// `minicode poster --data` renders in worker threads running this file.
const posterWorker = fileURLToPath(new URL('../dist/poster-worker.js', import.meta.url))

main(process.argv.slice(2), { posterWorker }).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
  },
  (error) => {
    console.error(error?.message ?? error)
    process.exitCode = 1
  },
)
