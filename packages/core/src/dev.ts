// Not every engine has `process` (mini-programs don't): bundlers replace process.env.NODE_ENV at build
// time, the way React's own checks work.
declare const process: { env: { NODE_ENV?: string } }

/**
 * True outside production builds. The long how-to-fix messages ship only where this is true: they are
 * most of minicode's bytes, and a mini-program's main package is capped at 2 MB. A production error
 * keeps its code, field, errcode and status, with a short message. Node always gets the long messages:
 * the package's "node" export is built with NODE_ENV fixed to 'development'.
 *
 * Use it inline, `dev ? 'long message' : ''`, so a minifier drops the long text.
 */
export const dev = process.env.NODE_ENV !== 'production'
