// The package build (tsup.config.ts) as an app meets it: `__DEV__` becomes
// process.env.NODE_ENV !== 'production' in the bundler dist, so an app's production bundle drops the
// development-only text, while the Node dist keeps it whatever NODE_ENV says.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { build as tsup, type Options } from 'tsup'
import configs from '../../tsup.config'

const packageDir = path.join(__dirname, '../..')
const DEV_TEXT = 'parseScene(query.scene)' // a development-only advice in code-request.ts
let out: string
let shipped: { dist: string; distNode: string }

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'minicode-dev-constant-'))
  for (const config of configs as Options[]) {
    // Absolute paths: tsup otherwise resolves them from the working directory.
    const entry = Object.fromEntries(
      Object.entries(config.entry as Record<string, string>).map(([name, file]) => [
        name,
        path.join(packageDir, file),
      ]),
    )
    await tsup({
      ...config,
      entry,
      tsconfig: path.join(packageDir, 'tsconfig.json'),
      external: ['fflate', 'uqr'], // core's dependencies stay imports, as in the published dist
      format: ['esm'],
      outExtension: () => ({ js: '.js' }), // tsup picks .mjs from the root package.json otherwise
      dts: false,
      outDir: path.join(out, config.outDir ?? 'dist'),
      silent: true,
    })
  }
  shipped = {
    dist: await readFile(path.join(out, 'dist/index.js'), 'utf8'),
    distNode: await readFile(path.join(out, 'dist-node/index.js'), 'utf8'),
  }
}, 60_000)

afterAll(() => rm(out, { recursive: true, force: true }))

async function appBundle(nodeEnv: string, exports = 'validateCodeRequest'): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { ${exports} } from './dist/index.js'`,
      resolveDir: out,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    packages: 'external',
    write: false,
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

test('the bundler dist carries the NODE_ENV check, not the identifier', () => {
  expect(shipped.dist).not.toMatch(/\b__DEV__\b/)
  expect(shipped.dist).toContain('process.env.NODE_ENV !== "production"')
  expect(shipped.dist).toContain(DEV_TEXT)
})

test("an app's production bundle of the dist drops the development text; its development bundle keeps it", async () => {
  const production = await appBundle('production')
  expect(production).toContain('invalid_request')
  expect(production).not.toContain(DEV_TEXT)
  expect(production).not.toContain('process.env')
  expect(await appBundle('development')).toContain(DEV_TEXT)
})

test('a production CodeClient leaves the request validator out of the bundle', async () => {
  // Its development path sits in an `if (__DEV__) { … }` block: esbuild drops a constant-false block
  // whole, but keeps a helper alive that is only behind a constant early return.
  const validatorOnly = 'scancode_time' // a rule of the validator, not a development message
  expect(await appBundle('production', 'CodeClient')).not.toContain(validatorOnly)
  expect(await appBundle('development', 'CodeClient')).toContain(validatorOnly)
})

test('the Node dist keeps the development text with no NODE_ENV check', () => {
  expect(shipped.distNode).not.toMatch(/\b__DEV__\b/)
  expect(shipped.distNode).toContain(DEV_TEXT)
  expect(shipped.distNode).not.toContain('process.env.NODE_ENV')
})
