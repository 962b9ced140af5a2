/**
 * A Taro app outside this repository, as a user has it: test/consumer-app copied to a temp folder,
 * the four packed tarballs and its Taro dependencies installed from the registry, weapp and h5 built
 * with its own config (no aliases into packages/), and its H5 page, served next to `minicode serve
 * --sim` from its own node_modules, showing a code that decodes in headless Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { parseDataUrl } from '@minicode/core'
import { launchChromium } from '../e2e/support/browser'
import { readQr } from '../e2e/support/qr'
import { runCheckedAsync, tail } from './support/commands'
import { packWorkspaces, root, type Packs } from './support/pack'
import { filesBeyondLevel, syntaxLevelOf } from './support/syntax-level'

jest.setTimeout(15 * 60_000)

const template = path.join(root, 'test/consumer-app')
let packs: Packs
let app: string
let browser: Browser | undefined
let minicode: ChildProcess | undefined
let site: http.Server | undefined

/** The environment a user's shell gives `taro build`: jest's NODE_ENV=test would make Taro's Babel preset target Node. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, ...extra }
  delete env.NODE_ENV
  delete env.JEST_WORKER_ID
  return env as NodeJS.ProcessEnv
}

beforeAll(async () => {
  packs = packWorkspaces()
  app = path.join(mkdtempSync(path.join(os.tmpdir(), 'minicode-consumer-')), 'app')
  cpSync(template, app, { recursive: true, filter: (from) => !/[\\/](node_modules|dist)$/.test(from) })

  // What a registry would serve for ^0.1.0: the packed tarballs (dependencies of dependencies too).
  const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8'))
  pkg.dependencies['@minicode/taro'] = `file:${packs.tarballs.taro}`
  pkg.devDependencies['@minicode/server'] = `file:${packs.tarballs.server}`
  pkg.overrides = {
    '@minicode/core': `file:${packs.tarballs.core}`,
    '@minicode/wechat-sim': `file:${packs.tarballs['wechat-sim']}`,
  }
  writeFileSync(path.join(app, 'package.json'), JSON.stringify(pkg, null, 2))

  await runCheckedAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: app,
    env: userEnv(),
  })
})

afterAll(async () => {
  await browser?.close()
  minicode?.kill()
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)))
  if (app) rmSync(path.dirname(app), { recursive: true, force: true })
  packs?.cleanup()
})

test('installs only what its package.json lists: the tarballs, Taro and their peers', () => {
  for (const name of ['taro', 'core', 'server', 'wechat-sim']) {
    const installed = JSON.parse(
      readFileSync(path.join(app, 'node_modules/@minicode', name, 'package.json'), 'utf8'),
    )
    expect(installed.version).toBe('0.1.0')
  }
  // The packages came from the tarballs, not from this workspace.
  expect(existsSync(path.join(app, 'node_modules/@minicode/taro/src'))).toBe(false)
})

test('builds for weapp, and the output parses at its browserslist level', async () => {
  await runCheckedAsync('npx', ['--no-install', 'taro', 'build', '--type', 'weapp'], {
    cwd: app,
    env: userEnv(),
  })
  const weapp = path.join(app, 'dist/weapp')
  expect(existsSync(path.join(weapp, 'app.js'))).toBe(true)
  expect(existsSync(path.join(weapp, 'pages/index/index.js'))).toBe(true)
  const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8'))
  expect(filesBeyondLevel(weapp, syntaxLevelOf(pkg.browserslist)).slice(0, 1)).toEqual([])
})

test('builds for h5, and its page shows a code from `minicode serve --sim` that decodes', async () => {
  await runCheckedAsync('npx', ['--no-install', 'taro', 'build', '--type', 'h5'], {
    cwd: app,
    env: userEnv({ MINICODE_URL: '/minicode' }),
  })
  expect(existsSync(path.join(app, 'dist/h5/index.html'))).toBe(true)

  const apiUrl = await startMinicode(app)
  const siteUrl = await serveSite(path.join(app, 'dist/h5'), apiUrl)

  browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(siteUrl)

  const image = page.locator('.consumer-code img, .consumer-code taro-image-core').first()
  await image.waitFor({ state: 'attached', timeout: 60_000 })
  await page.waitForFunction(
    () => {
      const node = document.querySelector('.consumer-code img, .consumer-code taro-image-core')
      return node?.getAttribute('src')?.startsWith('data:image/') ?? false
    },
    undefined,
    { timeout: 60_000 },
  )
  const src = (await image.getAttribute('src'))!
  expect(readQr(parseDataUrl(src).bytes)).toBe(`pages/index/index?scene=${encodeURIComponent('id=7')}`)

  // The poster drew too (its code came through the same backend).
  await page.locator('[data-poster="ready"]').first().waitFor({ timeout: 60_000 })
  expect(errors).toEqual([])
})

/** `minicode serve --sim` from the app's own node_modules/.bin, on a free port; resolves its URL. */
function startMinicode(cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const bin = path.join(cwd, 'node_modules/@minicode/server/bin/minicode.mjs')
    minicode = spawn(process.execPath, [bin, 'serve', '--sim', '--port', '0', '--host', '127.0.0.1'], { cwd })
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`minicode serve printed no URL:\n${tail(output)}`)),
      30_000,
    )
    const onData = (chunk: Buffer) => {
      output += chunk
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0]
      if (url) {
        clearTimeout(timer)
        resolve(url)
      }
    }
    minicode.stdout!.on('data', onData)
    minicode.stderr!.on('data', onData)
    minicode.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`minicode serve exited with ${code}:\n${tail(output)}`))
    })
  })
}

/** The built H5 app on loopback, with /minicode proxied to the code server (one origin, as deployed). */
async function serveSite(dir: string, apiUrl: string): Promise<string> {
  const api = new URL(apiUrl)
  site = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/minicode')) {
      const upstream = http.request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => res.writeHead(502).end())
      req.pipe(upstream)
      return
    }
    const file = path.join(dir, path.normalize(url.pathname).replace(/^([\\/]\.\.)+/, ''))
    const target =
      existsSync(file) && !file.endsWith(path.sep) && path.extname(file) ? file : path.join(dir, 'index.html')
    res.writeHead(200, { 'content-type': contentType(target) })
    res.end(readFileSync(target))
  })
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve))
  const { port } = site.address() as { port: number }
  return `http://127.0.0.1:${port}/`
}

function contentType(file: string): string {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
  }
  return types[path.extname(file)] ?? 'application/octet-stream'
}
