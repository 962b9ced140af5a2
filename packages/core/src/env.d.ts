// Core only (excluded from the root program, where @types/node declares process).
// Transitional: modules not yet converted to `__DEV__` (types/dev.d.ts) still read
// process.env.NODE_ENV, which bundlers replace at build time. Delete this file once none do.
declare const process: { env: { NODE_ENV?: string } }
