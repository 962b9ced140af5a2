import { utf8ByteLength, utf8Decode, utf8Encode } from '../utf8'

// Node's TextEncoder / TextDecoder are the reference: the runtimes we ship to may lack them, Node does not.
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A deterministic mix of ASCII, Latin-1, BMP, CJK, astral code points and lone surrogates. */
function* sampleStrings(count: number): Generator<string> {
  let seed = 42
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  for (let i = 0; i < count; i++) {
    let text = ''
    for (let k = next(10); k > 0; k--) {
      const kind = next(6)
      if (kind === 0) text += String.fromCharCode(next(0x80))
      else if (kind === 1) text += String.fromCharCode(0x80 + next(0x780))
      else if (kind === 2) text += String.fromCharCode(0x800 + next(0xf800))
      else if (kind === 3) text += String.fromCodePoint(0x10000 + next(0x100000))
      else if (kind === 4) text += String.fromCharCode(0xd800 + next(0x800))
      else text += '商品🎉'
    }
    yield text
  }
}

describe('utf8Encode', () => {
  it('gives the bytes TextEncoder gives, lone surrogates as U+FFFD', () => {
    for (const text of sampleStrings(20000))
      expect(Array.from(utf8Encode(text))).toEqual(Array.from(encoder.encode(text)))
  })

  it('throws on a lone surrogate when strict, naming its position', () => {
    expect(() => utf8Encode('ab\ud83c', true)).toThrow(new RangeError('lone surrogate at position 2'))
    expect(() => utf8Encode('\udc00x', true)).toThrow(/position 0/)
    expect(Array.from(utf8Encode('🎉', true))).toEqual([0xf0, 0x9f, 0x8e, 0x89])
  })

  it('agrees with utf8ByteLength', () => {
    for (const text of sampleStrings(2000)) expect(utf8Encode(text).length).toBe(utf8ByteLength(text))
  })

  it('encodes every character encodeURIComponent leaves alone', () => {
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')
    expect(Array.from(utf8Encode(ascii))).toEqual(Array.from({ length: 128 }, (_, i) => i))
  })
})

describe('utf8Decode', () => {
  it('round-trips every well-formed text the way TextDecoder does', () => {
    for (const text of sampleStrings(20000)) {
      const bytes = encoder.encode(text)
      expect(utf8Decode(bytes)).toBe(decoder.decode(bytes))
    }
  })

  it('gives one U+FFFD per byte of a malformed sequence and keeps what follows', () => {
    const cases: Array<[number[], string]> = [
      [[0xc0, 0xaf], '\ufffd\ufffd'], // overlong '/'
      [[0xe0, 0x80, 0xaf, 0x41], '\ufffd\ufffd\ufffdA'], // overlong
      [[0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'], // encoded surrogate
      [[0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'], // above U+10FFFF
      [[0xe5, 0x95, 0x41], '\ufffd\ufffdA'], // cut short
      [[0x80, 0xe5, 0x95, 0x86], '\ufffd商'], // stray continuation byte
      [[0xff, 0xfe], '\ufffd\ufffd'],
    ]
    for (const [bytes, text] of cases) expect(utf8Decode(Uint8Array.from(bytes))).toBe(text)
  })

  it('decodes every 2- and 3-byte sequence as TextDecoder does when well-formed', () => {
    for (let cp = 0x80; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const text = String.fromCharCode(cp)
      expect(utf8Decode(encoder.encode(text))).toBe(text)
    }
  })
})
