// The `__DEV__` build-time constant (declared in types/dev.d.ts), as React and Vue use it.
//
// - Bundler dists (what an app's webpack, Vite or esbuild consumes) get the expression
//   `(process.env.NODE_ENV !== 'production')`, so the APP's bundler folds it and drops the
//   development-only code from its production build.
// - Node dists get `true` (tsup's `define`): an operator reads the long messages in logs. Jest and
//   the demo app's Taro build define it too (jest.config.js, config/index.ts).
//
// esbuild's `define` only takes identifiers, member expressions and JSON literals, not an expression
// such as `a !== b`, so the bundler dist uses this small plugin: it replaces the identifier in each
// source file's text before esbuild compiles it. The identifier is unusual enough that a plain
// word-boundary replace is safe (do not write `__DEV__` inside a string).
import { readFile } from 'node:fs/promises'

/** What the bundler dist carries where the source says `__DEV__`. */
export const devExpression = "(process.env.NODE_ENV !== 'production')"

// The part of esbuild's PluginBuild this plugin uses, typed here because tsup bundles a newer esbuild
// than the workspace's and their full plugin types do not match each other.
interface LoadHooks {
  onLoad(
    options: { filter: RegExp },
    load: (args: { path: string }) => Promise<{ contents: string; loader: 'ts' | 'tsx' }>,
  ): void
}

/** esbuild plugin: replaces `__DEV__` with `value` in every .ts/.tsx source it loads. */
export function devConstant(value: string = devExpression) {
  return {
    name: 'dev-constant',
    setup(build: LoadHooks) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8')
        return {
          contents: source.replace(/\b__DEV__\b/g, value),
          loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
        }
      })
    },
  }
}
