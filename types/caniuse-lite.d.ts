// The part of caniuse-lite (no published types) that test/install/support/syntax-level.ts reads.
declare module 'caniuse-lite' {
  export const features: Record<string, unknown>
  /** Unpacks one packed feature: stats[browser][version] is 'y', 'n', 'a', … with notes ('y #2'). */
  export function feature(packed: unknown): { stats: Record<string, Record<string, string>> }
}
