// Core only (excluded from the root program, where @types/node declares process).
// Bundlers replace process.env.NODE_ENV at build time (mini-program engines have no `process`), the
// way React's own development checks work. Write the check inline at each use,
// `process.env.NODE_ENV !== 'production' ? 'long message' : ''`: a shared constant is not folded
// away once our dist is bundled, so the long text would ship.
declare const process: { env: { NODE_ENV?: string } }
