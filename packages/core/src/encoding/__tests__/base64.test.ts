import { randomBytes } from 'node:crypto'
import { base64ToBytes, bytesToBase64 } from '../base64'
import { MiniCodeError } from '../../errors'

// Node's Buffer is the oracle.
const oracle = (b: Uint8Array) => Buffer.from(b).toString('base64')

describe('bytesToBase64 / base64ToBytes', () => {
  it('matches Buffer for every length 0..300, both ways', () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = new Uint8Array(randomBytes(n))
      const b64 = bytesToBase64(bytes)
      expect(b64).toBe(oracle(bytes))
      expect(Buffer.from(base64ToBytes(b64)).equals(Buffer.from(bytes))).toBe(true)
    }
  })

  it('handles every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(bytesToBase64(all)).toBe(oracle(all))
    expect(Array.from(base64ToBytes(oracle(all)))).toEqual(Array.from(all))
  })

  it('round-trips 3 MB quickly and exactly', () => {
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 1))
    const started = Date.now()
    const b64 = bytesToBase64(bytes)
    const back = base64ToBytes(b64)
    const ms = Date.now() - started
    expect(b64).toBe(oracle(bytes))
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true)
    expect(ms).toBeLessThan(2000)
  })

  it('accepts an ArrayBuffer', () => {
    expect(bytesToBase64(new Uint8Array([104, 105]).buffer)).toBe('aGk=')
  })

  it('encodes a view over a larger buffer by its own bytes only', () => {
    const big = new Uint8Array([1, 2, 3, 104, 105, 4])
    expect(bytesToBase64(big.subarray(3, 5))).toBe('aGk=')
  })

  it('encodes other views (DataView, Uint16Array, Node Buffer from a pool) by their bytes', () => {
    const buf = Buffer.from('hello minicode')
    expect(bytesToBase64(buf)).toBe(buf.toString('base64'))
    const words = new Uint16Array([0x0102, 0xfffe])
    expect(bytesToBase64(words as unknown as Uint8Array)).toBe(Buffer.from(words.buffer).toString('base64'))
    const backing = Uint8Array.from([9, 104, 105, 9])
    expect(bytesToBase64(new DataView(backing.buffer, 1, 2) as unknown as Uint8Array)).toBe('aGk=')
  })

  it.each([
    ['a string', 'aGk='],
    ['an array of numbers', [104, 105]],
    ['null', null],
  ])('rejects %s as bytes with invalid_source', (_, value) => {
    expect(() => bytesToBase64(value as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'invalid_source' }),
    )
  })

  it('tolerates whitespace, CRLF line breaks (MIME, 76 columns) and tabs', () => {
    const bytes = new Uint8Array(randomBytes(500))
    const mime = oracle(bytes).replace(/.{76}/g, '$&\r\n')
    expect(mime).toContain('\r\n')
    expect(Buffer.from(base64ToBytes(mime)).equals(Buffer.from(bytes))).toBe(true)
    expect(Array.from(base64ToBytes('  aG\tk=\n '))).toEqual([104, 105])
  })

  it('tolerates missing padding', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = new Uint8Array(randomBytes(n))
      const unpadded = oracle(bytes).replace(/=+$/, '')
      expect(Array.from(base64ToBytes(unpadded))).toEqual(Array.from(bytes))
    }
  })

  it('decodes the url-safe alphabet', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0xfe])
    expect(oracle(bytes)).toMatch(/[+/]/)
    const urlSafe = Buffer.from(bytes).toString('base64url')
    expect(Array.from(base64ToBytes(urlSafe))).toEqual(Array.from(bytes))
  })

  it.each([
    ['a stray character', 'aG!k'],
    ['a non-Latin character', 'aGk测'],
    ['data after padding', 'aGk=aGk='],
    ['an impossible length', 'aGkaG'],
    ['a single character', 'a'],
  ])('rejects %s with invalid_source', (_, input) => {
    expect(() => base64ToBytes(input)).toThrow(MiniCodeError)
    try {
      base64ToBytes(input)
    } catch (e) {
      expect((e as MiniCodeError).code).toBe('invalid_source')
    }
  })

  it('rejects a non-string with invalid_source', () => {
    expect(() => base64ToBytes(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'invalid_source' }),
    )
  })

  it('decodes the empty string (and pure whitespace) to no bytes', () => {
    expect(base64ToBytes('').length).toBe(0)
    expect(base64ToBytes(' \r\n').length).toBe(0)
  })
})
