#!/usr/bin/env node
// `minicode-wechat-sim --port N`: runs the built CLI (npm run build -w packages/wechat-sim).
import { main } from '../dist/cli.js'

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    console.error(error?.message ?? error)
    process.exitCode = 1
  },
)
