#!/usr/bin/env node
// `minicode serve | gen`: runs the built CLI (npm run build -w packages/server).
import { main } from '../dist/cli.js'

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code
  },
  (error) => {
    console.error(error?.message ?? error)
    process.exitCode = 1
  },
)
