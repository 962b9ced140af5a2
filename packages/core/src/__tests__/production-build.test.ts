// What a production bundle of core does: the long messages are gone, codes and fields stay, and the
// client's code cache keys requests as given (validation is left to the backend).
import path from 'node:path'
import vm from 'node:vm'
import { build, type PluginBuild } from 'esbuild'
import { devConstant } from '../../../../scripts/dev-constant'

type Core = typeof import('../index')

// As an app's bundler sees the package: `__DEV__` already replaced as in the bundler dist, then
// process.env.NODE_ENV defined by the app's build.
async function bundle(nodeEnv: string): Promise<{ core: Core; code: string }> {
  const result = await build({
    entryPoints: [path.join(__dirname, '../index.ts')],
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'neutral',
    write: false,
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    plugins: [devConstant()],
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].text
  const module = { exports: {} as Core }
  // No `process` in the sandbox, as in a mini-program: the bundle must not need one.
  vm.runInNewContext(code, {
    module,
    exports: module.exports,
    Uint8Array,
    ArrayBuffer,
    TextEncoder,
    setTimeout,
    clearTimeout,
  })
  return { core: module.exports, code }
}

let production: { core: Core; code: string }
let development: { core: Core; code: string }
beforeAll(async () => {
  production = await bundle('production')
  development = await bundle('development')
})

function thrown(fn: () => unknown): Record<string, unknown> {
  try {
    fn()
  } catch (error) {
    return error as Record<string, unknown>
  }
  throw new Error('did not throw')
}

test('production drops the long messages and keeps code and field', () => {
  const prod = thrown(() => production.core.validateCodeRequest({ scene: '商品42' }))
  expect(prod).toMatchObject({
    name: 'MiniCodeError',
    code: 'invalid_request',
    field: 'scene',
    message: 'invalid_request: scene',
  })
  const dev = thrown(() => development.core.validateCodeRequest({ scene: '商品42' }))
  expect(dev).toMatchObject({ code: 'invalid_request', field: 'scene' })
  expect(String(dev.message)).toMatch(/short id/)
  // The advice text is in the development bundle only.
  expect(development.code).toContain('parseScene(query.scene)')
  expect(production.code).not.toContain('parseScene(query.scene)')
})

test('production keeps what the platform or WeChat said', () => {
  const body = new TextEncoder().encode('{"errcode":45009,"errmsg":"reach max api daily quota limit"}')
  const error = thrown(() => production.core.decodeCodeResponse(body, 'image/jpeg'))
  expect(error).toMatchObject({ code: 'wechat_error', errcode: 45009, retryable: true })
  expect(String(error.message)).toContain('reach max api daily quota limit')
  const server = new TextEncoder().encode(
    '{"error":{"code":"invalid_request","message":"scene is empty","field":"scene"}}',
  )
  expect(thrown(() => production.core.decodeCodeResponse(server))).toMatchObject({
    code: 'invalid_request',
    field: 'scene',
    message: 'scene is empty',
  })
  const denied = production.core.classifyAlbumError(
    { errMsg: 'saveImageToPhotosAlbum:fail auth deny' },
    'save',
  )
  expect(denied).toMatchObject({ code: 'auth_denied', message: 'saveImageToPhotosAlbum:fail auth deny' })
})

test('a production CodeClient passes the request as given to the backend; development validates first', async () => {
  const png = Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    ),
  )
  const seen: unknown[] = []
  const backend = {
    name: 'server',
    fetchCode: async (request: unknown) => {
      seen.push(request)
      return { mime: 'image/png' as const, bytes: png }
    },
  }
  const request = { scene: '商品42', page: '/pages/item/item' }
  await expect(new development.core.CodeClient().fetch(backend, request)).rejects.toMatchObject({
    code: 'invalid_request',
  })
  expect(seen).toHaveLength(0)
  await expect(new production.core.CodeClient().fetch(backend, request)).resolves.toMatchObject({
    mime: 'image/png',
  })
  expect(seen).toEqual([request])
  // Key order still never matters.
  const client = new production.core.CodeClient()
  const a = await client.fetch(backend, { scene: 'id=1', page: 'p' })
  expect(await client.fetch(backend, { page: 'p', scene: 'id=1' })).toBe(a)
})

test('no module leaves top-level code in a bundle that does not use it', async () => {
  // Core ships as one file, where unused modules cannot be dropped whole: only their unused
  // declarations can. Importing one export from that file must cost what importing it from its own
  // module costs; a module-level call (a table built by calling helpers) would stay in every app.
  const shipped = (
    await build({
      entryPoints: [path.join(__dirname, '../index.ts')],
      bundle: true,
      format: 'esm',
      packages: 'external', // as in the published dist: the encoder libraries stay imports
      write: false,
      plugins: [devConstant()],
    })
  ).outputFiles[0].text
  const only = async (from: string) => {
    const result = await build({
      stdin: { contents: `export { MiniCodeError } from '${from}'`, resolveDir: __dirname, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
      plugins: [
        devConstant(),
        {
          name: 'shipped-core',
          setup(b: PluginBuild) {
            b.onResolve({ filter: /^shipped-core$/ }, () => ({ path: 'shipped-core', namespace: 'shipped' }))
            b.onLoad({ filter: /.*/, namespace: 'shipped' }, () => ({
              contents: shipped,
              loader: 'js',
              resolveDir: __dirname,
            }))
          },
        },
      ],
    })
    return result.outputFiles[0].text.length // minified names may differ, the amount of code may not
  }
  expect(await only('shipped-core')).toBe(await only('../errors'))
})
