// UTF-8 by hand: TextEncoder/TextDecoder are missing in some mini-program runtimes (older iOS JSCore).

/** UTF-8 bytes of a string. A lone surrogate becomes U+FFFD (as TextEncoder does) unless `strict`. */
export function utf8Encode(text: string, strict = false): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i)
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = text.charCodeAt(i + 1)
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00)
        i++
      } else {
        if (strict) throw new RangeError(`lone surrogate at position ${i}`)
        cp = 0xfffd
      }
    }
    if (cp < 0x80) out.push(cp)
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return Uint8Array.from(out)
}

/** Number of UTF-8 bytes a string takes (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/** Decodes UTF-8; malformed sequences become U+FFFD. Meant for short texts such as error bodies. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]
    let cp = 0xfffd
    let len = 1
    if (b < 0x80) cp = b
    else if (b >= 0xc2 && b < 0xe0) len = 2
    else if (b >= 0xe0 && b < 0xf0) len = 3
    else if (b >= 0xf0 && b < 0xf5) len = 4
    if (len > 1) {
      let v = b & (0xff >> (len + 1))
      let ok = i + len <= bytes.length
      for (let k = 1; ok && k < len; k++) {
        const c = bytes[i + k]
        if ((c & 0xc0) !== 0x80) ok = false
        else v = (v << 6) | (c & 63)
      }
      const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000
      if (ok && v >= min && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff)) cp = v
      else len = 1
    }
    out += String.fromCodePoint(cp)
    i += len
  }
  return out
}
