/**
 * A Uint8Array over the same memory as `value` (no copy), or null when it holds no bytes.
 * Takes any ArrayBuffer view (Node Buffer, DataView, Uint16Array…) by its bytes, and ArrayBuffers
 * from another realm (an iframe, a jest vm), which fail `instanceof`.
 */
export function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  const tag = Object.prototype.toString.call(value)
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]')
    return new Uint8Array(value as ArrayBuffer)
  return null
}
