// Strings are built in slices: String.fromCharCode.apply on a whole megabyte overflows the stack.
const SLICE = 0x2000

/**
 * Bytes as a Latin-1 string: one character (U+0000–U+00FF) per byte, so `s.charCodeAt(i) === bytes[i]`.
 * Linear time, fine for megabytes.
 */
export function latin1FromBytes(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += SLICE) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + SLICE) as unknown as number[])
  }
  return out
}
