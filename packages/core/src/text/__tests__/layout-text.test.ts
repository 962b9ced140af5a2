import { MiniCodeError } from '../../errors'
import { splitGraphemes } from '../graphemes'
import { layoutText, type LayoutTextOptions, type TextLayout } from '../layout-text'
import { Break, findLineBreaks } from '../line-breaking'
import { createFontMeasures } from '../measure-cache'

// Deterministic widths close to a real 20px font: ideographs and emoji 20, Latin ~ half, space 5.
function fakeMeasure(): { measure: (s: string) => number; calls: () => number } {
  let calls = 0
  const one = (g: string): number => {
    const cp = g.codePointAt(0)!
    if (g === ' ') return 5
    if (cp < 0x80) return /[mwMW]/.test(g) ? 15 : 10
    if (cp < 0x2000) return 10
    return 20
  }
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
  return {
    measure: (s: string) => {
      calls++
      let w = 0
      for (const { segment } of segmenter.segment(s)) w += one(segment)
      return w
    },
    calls: () => calls,
  }
}
const oracle = (s: string): string[] =>
  Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s), (x) => x.segment)
const widthOf = (s: string): number => fakeMeasure().measure(s)

const CLOSING = '，。！？、；：」』）》〉】〕…—,.!?;:)'
const OPENING = '（《「『【〔〈(['

describe('layoutText', () => {
  it('lays out "🎉限时特惠🎉 iPhone 15 Pro Max\\n第二行" in exactly two lines when the first fits', () => {
    const { measure } = fakeMeasure()
    const text = '🎉限时特惠🎉 iPhone 15 Pro Max\n第二行'
    const out = layoutText(text, { maxWidth: widthOf('🎉限时特惠🎉 iPhone 15 Pro Max'), measure })
    expect(out).toEqual({ lines: ['🎉限时特惠🎉 iPhone 15 Pro Max', '第二行'], truncated: false })
  })

  it('wraps the same title at narrower widths without splitting a word, an emoji or overflowing', () => {
    const { measure } = fakeMeasure()
    const text = '🎉限时特惠🎉 iPhone 15 Pro Max\n第二行'
    for (let maxWidth = 80; maxWidth <= 400; maxWidth += 7) {
      const { lines } = layoutText(text, { maxWidth, measure })
      for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(maxWidth)
      const words = lines
        .join(' ')
        .split(/[\s\u4e00-\u9fff🎉]+/)
        .filter(Boolean)
      expect(words.every((w) => ['iPhone', '15', 'Pro', 'Max'].includes(w))).toBe(true)
      expect(lines[lines.length - 1]).toBe('第二行')
    }
  })

  it('never splits an English word that fits on a line of its own', () => {
    const { measure } = fakeMeasure()
    const text = 'The quick brown fox jumps over the lazy dog while wonderful posters render beautifully'
    const words = new Set(text.split(' '))
    const widest = Math.max(...[...words].map(widthOf))
    for (let maxWidth = widest; maxWidth <= 500; maxWidth += 3) {
      const { lines } = layoutText(text, { maxWidth, measure })
      for (const line of lines) {
        expect(widthOf(line)).toBeLessThanOrEqual(maxWidth)
        expect(line).toBe(line.trim())
        for (const word of line.split(' ')) expect(words.has(word)).toBe(true)
      }
      expect(lines.join(' ')).toBe(text)
    }
  })

  it('splits a word only when it alone is wider than the line, between graphemes', () => {
    const { measure } = fakeMeasure()
    const out = layoutText('go supercalifragilistic now', { maxWidth: 60, measure })
    expect(out.lines[0]).toBe('go')
    expect(out.lines.join('').replace(/ /g, '')).toBe('gosupercalifragilisticnow')
    expect(out.lines.length).toBeGreaterThanOrEqual(4)
    for (const line of out.lines) expect(widthOf(line)).toBeLessThanOrEqual(60)
    expect(out.lines[1]).toBe('superc')
  })

  it('breaks CJK between characters and Latin next to CJK', () => {
    const { measure } = fakeMeasure()
    expect(layoutText('限时特惠今天', { maxWidth: 60, measure }).lines).toEqual(['限时特', '惠今天'])
    expect(layoutText('限时iPhone特惠', { maxWidth: 70, measure }).lines).toEqual(['限时', 'iPhone', '特惠'])
  })

  it('keeps closing punctuation off line starts by pulling the previous character down (kinsoku)', () => {
    const { measure } = fakeMeasure()
    // 5 ideographs fit; the comma would start line 2, so 好 comes down with it.
    expect(layoutText('你好你好你好，世界', { maxWidth: 100, measure }).lines).toEqual([
      '你好你好你',
      '好，世界',
    ])
    expect(layoutText('他说「你好」。再见', { maxWidth: 100, measure }).lines).toEqual([
      '他说「你',
      '好」。再见',
    ])
  })

  it('never starts a line with closing or ends one with opening punctuation, over many widths', () => {
    const { measure } = fakeMeasure()
    const text =
      '全场满199元减30元，（限时）《活动》说明：「新品」上市！真的吗？好的。价格……很低——快来、快来；OK, fine. (yes) 【抢购】'
    // From 4 ideographs on, every glued unit ("格……") fits a line, so kinsoku can always hold.
    for (let maxWidth = 80; maxWidth <= 300; maxWidth += 5) {
      const { lines } = layoutText(text, { maxWidth, measure })
      lines.forEach((line, i) => {
        expect(widthOf(line)).toBeLessThanOrEqual(maxWidth)
        if (i > 0) expect(CLOSING).not.toContain(oracle(line)[0])
        if (i < lines.length - 1) expect(OPENING).not.toContain(oracle(line).pop())
      })
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''))
    }
  })

  it('keeps 👨‍👩‍👧‍👦, 👍🏽, 🇨🇳, é (e + U+0301) and 1️⃣ whole, even one per line', () => {
    const { measure } = fakeMeasure()
    const text = '👨‍👩‍👧‍👦👍🏽🇨🇳e\u0301e\u0301e\u03011️⃣🇯🇵'
    for (const maxWidth of [1, 10, 20, 25, 40, 55]) {
      const { lines } = layoutText(text, { maxWidth, measure })
      expect(lines.join('')).toBe(text)
      const whole = new Set(oracle(text))
      for (const line of lines) for (const g of oracle(line)) expect(whole.has(g)).toBe(true)
    }
    expect(layoutText(text, { maxWidth: 20, measure }).lines.slice(0, 3)).toEqual(['👨‍👩‍👧‍👦', '👍🏽', '🇨🇳'])
  })

  it('treats \\n, \\r\\n and \\r as hard breaks and keeps empty lines', () => {
    const { measure } = fakeMeasure()
    expect(layoutText('a\r\nb\n\nc\rd', { maxWidth: 500, measure }).lines).toEqual(['a', 'b', '', 'c', 'd'])
    expect(layoutText('', { maxWidth: 500, measure })).toEqual({ lines: [], truncated: false })
  })

  it('opens no empty line after a break that ends the text, as Chromium lays out pre-wrap text', () => {
    // Chromium's heights of a pre-wrap div: 'a\n' 1 line, 'a\n\n' 2, '\n' 1, 'a\n  ' 2.
    const { measure } = fakeMeasure()
    const lines = (text: string) => layoutText(text, { maxWidth: 500, measure }).lines
    expect(lines('a\n')).toEqual(['a'])
    expect(lines('a\r\n\r\n')).toEqual(['a', ''])
    expect(lines('\n')).toEqual([''])
    expect(lines('a\n  ')).toEqual(['a', ''])
    expect(lines('a\u2029')).toEqual(['a'])
  })

  it('lays out numbers as text', () => {
    const { measure } = fakeMeasure()
    expect(layoutText(199.5, { maxWidth: 500, measure }).lines).toEqual(['199.5'])
    expect(layoutText(0, { maxWidth: 500, measure }).lines).toEqual(['0'])
    expect(layoutText(1234567890, { maxWidth: 40, measure }).lines).toEqual(['1234', '5678', '90'])
  })

  it('ends the last kept line with an ellipsis that fits inside maxWidth', () => {
    const { measure } = fakeMeasure()
    const text = '🎉限时特惠🎉 iPhone 15 Pro Max 超长标题超长标题超长标题 with many more words to cut'
    for (let maxWidth = 45; maxWidth <= 300; maxWidth += 9) {
      for (const maxLines of [1, 2, 3]) {
        const out = layoutText(text, { maxWidth, maxLines, measure })
        expect(out.lines.length).toBeLessThanOrEqual(maxLines)
        for (const line of out.lines) expect(widthOf(line)).toBeLessThanOrEqual(maxWidth)
        if (out.truncated) {
          expect(out.lines).toHaveLength(maxLines)
          expect(out.lines[maxLines - 1].endsWith('…')).toBe(true)
          expect(out.lines[maxLines - 1]).not.toMatch(/\s…$/)
        }
      }
    }
  })

  it('truncates at a hard break too, and not when everything fits', () => {
    const { measure } = fakeMeasure()
    expect(layoutText('第一行\n第二行\n第三行', { maxWidth: 200, maxLines: 2, measure })).toEqual({
      lines: ['第一行', '第二行…'],
      truncated: true,
    })
    expect(layoutText('第一行\n第二行', { maxWidth: 200, maxLines: 2, measure }).truncated).toBe(false)
    expect(layoutText('abc', { maxWidth: 200, maxLines: 1, measure, ellipsis: '' }).lines).toEqual(['abc'])
  })

  it('cuts nothing when only blank lines are left over: "Title\\n" at maxLines 1 keeps "Title"', () => {
    const { measure } = fakeMeasure()
    const cut = (text: string, maxLines: number) => layoutText(text, { maxWidth: 200, maxLines, measure })
    expect(cut('标题\n', 1)).toEqual({ lines: ['标题'], truncated: false })
    expect(cut('标题\r\n\n  \u3000\n', 1)).toEqual({ lines: ['标题'], truncated: false })
    expect(cut('标题\n\n', 2)).toEqual({ lines: ['标题', ''], truncated: false })
    // Text after the blank lines is text left over; so is a no-break space, which draws as a space.
    expect(cut('标题\n\nb', 2)).toEqual({ lines: ['标题', '…'], truncated: true })
    expect(cut('标题\n\u00a0', 1)).toEqual({ lines: ['标题…'], truncated: true })
    expect(cut('标题 标题', 1)).toEqual({ lines: ['标题 标题'], truncated: false })
    // Many blank lines before the text left over: read in linear time (a backtracking test took
    // seconds for 27 of them, doubling with each one more).
    const started = Date.now()
    expect(cut('标题' + '\r\n'.repeat(27) + 'b', 1)).toEqual({ lines: ['标题…'], truncated: true })
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('takes a custom ellipsis and cuts silently with an empty one', () => {
    const { measure } = fakeMeasure()
    const a = layoutText('限时特惠限时特惠', { maxWidth: 100, maxLines: 1, measure, ellipsis: '...' })
    expect(a.lines).toEqual(['限时特...'])
    expect(
      layoutText('限时特惠限时特惠', { maxWidth: 100, maxLines: 1, measure, ellipsis: '' }).lines,
    ).toEqual(['限时特惠限'])
    // The ellipsis alone wider than the line keeps what of it fits.
    expect(layoutText('限时特惠', { maxWidth: 15, maxLines: 1, measure, ellipsis: '...' }).lines).toEqual([
      '.',
    ])
  })

  it('drops spaces at wraps but keeps a paragraph indent', () => {
    const { measure } = fakeMeasure()
    const { lines } = layoutText('  indent then words   here', { maxWidth: 70, measure })
    expect(lines[0]).toBe('  indent')
    for (const line of lines.slice(1)) expect(line).toBe(line.trim())
  })

  it('measures long CJK text with at most 0.1 measure calls per character, and reuses widths', () => {
    const { measure, calls } = fakeMeasure()
    let text = ''
    for (let i = 0; i < 6000; i++)
      text += String.fromCharCode(0x4e00 + ((i * 7919) % 3000)) + (i % 23 === 22 ? '，' : '')
    text += '。'
    const out = layoutText(text, { maxWidth: 330, measure })
    expect(out.lines.length).toBeGreaterThan(300)
    expect(calls() / text.length).toBeLessThanOrEqual(0.1)
    const before = calls()
    layoutText(text, { maxWidth: 200, measure })
    expect(calls()).toBe(before)
    layoutText(text, { maxWidth: 200, maxLines: 3, measure })
    expect(calls()).toBe(before + 1) // only the ellipsis is new
  })

  it('caches per font with createFontMeasures', () => {
    const seen: string[] = []
    const forFont = createFontMeasures((s, font) => {
      seen.push(font)
      return s.length * (font.startsWith('bold') ? 12 : 10)
    })
    expect(forFont('20px a')).toBe(forFont('20px a'))
    layoutText('abcabc', { maxWidth: 1000, measure: forFont('20px a') })
    layoutText('abcabc', { maxWidth: 1000, measure: forFont('bold 20px a') })
    layoutText('abc', { maxWidth: 1000, measure: forFont('20px a') })
    expect(seen.filter((f) => f === '20px a')).toHaveLength(3)
    expect(seen.filter((f) => f === 'bold 20px a')).toHaveLength(3)
  })

  it.each([
    [{ maxWidth: 0 }, 'maxWidth'],
    [{ maxWidth: -5 }, 'maxWidth'],
    [{ maxWidth: NaN }, 'maxWidth'],
    [{ maxWidth: '100' }, 'maxWidth'],
    [{ maxWidth: 100, maxLines: 0 }, 'maxLines'],
    [{ maxWidth: 100, maxLines: 1.5 }, 'maxLines'],
    [{ maxWidth: 100, measure: null }, 'measure'],
    [{ maxWidth: 100, ellipsis: 3 }, 'ellipsis'],
  ])('rejects bad options %p with invalid_request on %s', (opts, field) => {
    const options = { measure: (s: string) => s.length, ...opts } as never
    expect(() => layoutText('x', options)).toThrow(MiniCodeError)
    try {
      layoutText('x', options)
    } catch (e) {
      expect((e as MiniCodeError).code).toBe('invalid_request')
      expect((e as MiniCodeError).field).toBe(field)
    }
  })

  it('rejects text that is neither string nor number', () => {
    expect(() => layoutText({} as never, { maxWidth: 10, measure: () => 1 })).toThrow(
      expect.objectContaining({ code: 'invalid_request', field: 'text' }),
    )
  })

  it('keeps a price whole and breaks where UAX #14 allows (issue 12)', () => {
    const { measure } = fakeMeasure()
    const price = '[today]$1,299.99'
    expect(layoutText(price, { maxWidth: widthOf('$1,299.99'), measure }).lines).toEqual([
      '[today]',
      '$1,299.99',
    ])
    for (let maxWidth = 40; maxWidth <= 200; maxWidth += 5) {
      const { lines } = layoutText('99.9元/件（包邮）', { maxWidth, measure })
      for (const line of lines.slice(1)) expect(line).not.toMatch(/^[/）]/)
      for (const line of lines) expect(line).not.toMatch(/（$/)
      const pct = layoutText('仅限今日 50% off', { maxWidth, measure }).lines
      for (const line of pct) expect(line).not.toMatch(/^%/)
    }
    const url = 'see https://example.com/path?q=1 now'
    expect(layoutText(url, { maxWidth: 130, measure }).lines).toEqual([
      'see https://',
      'example.com/',
      'path?q=1 now',
    ])
  })

  it('keeps closing punctuation off a line start even after a space, and never overflows (issue 12)', () => {
    const { measure } = fakeMeasure()
    // From 60 px on, the widest unbreakable piece ("好」。") fits a line.
    for (let maxWidth = 60; maxWidth <= 160; maxWidth += 5) {
      const { lines } = layoutText('你好 。世界 ：真的 ！他说「你好」。', { maxWidth, measure })
      lines.slice(1).forEach((line) => expect(line).not.toMatch(/^[。：！」]/))
    }
    for (let maxWidth = 1; maxWidth <= 160; maxWidth += 3) {
      const { lines } = layoutText('你好 。世界 ：真的 ！他说「你好」。', { maxWidth, measure })
      for (const line of lines) {
        if (splitGraphemes(line).length > 1) expect(widthOf(line)).toBeLessThanOrEqual(maxWidth)
        expect(line).toBe(line.trim())
      }
    }
  })

  it('keeps a leading indent when the first word does not fit beside it (issue 12)', () => {
    const { measure } = fakeMeasure()
    expect(layoutText('  supercalifragilistic', { maxWidth: 60, measure }).lines[0]).toBe('  super')
    expect(layoutText('\u3000\u3000限时特惠', { maxWidth: 60, measure }).lines).toEqual([
      '\u3000\u3000限',
      '时特惠',
    ])
    expect(layoutText('第一段\n\u3000\u3000限时特惠', { maxWidth: 50, measure }).lines).toEqual([
      '第一',
      '段',
      '\u3000\u3000',
      '限时',
      '特惠',
    ])
  })

  it('lays out bad input without throwing: lone surrogates, unassigned code points, controls', () => {
    const { measure } = fakeMeasure()
    const text =
      'a\ud83db\udc00c\u0378\u{2fffe}\u{10ffff}\u0000\u0007\u001b[0m\u007f\u0085x\u200b\u2060\ufeff\ufffd'
    for (const maxWidth of [1, 15, 30, 1000]) {
      const out = layoutText(text, { maxWidth, measure })
      expect(out.lines.join('').length).toBeGreaterThan(0)
      expect(out.lines.join('').replace(/\s/g, '')).toBe(text.replace(/[\s\u0085]/g, ''))
    }
  })

  it('lays out a megabyte in linear time', () => {
    const { measure } = fakeMeasure()
    const chunk = '限时特惠 iPhone 15 Pro Max $1,299.99 https://example.com/a?b=1 👨‍👩‍👧‍👦🇨🇳 क्‍ष\ud800 '
    const small = chunk.repeat(2000)
    const big = chunk.repeat(20000) // about 1 MB of UTF-16 code units
    expect(big.length).toBeGreaterThan(1_000_000)
    const time = (text: string): number => {
      const t = performance.now()
      const out = layoutText(text, { maxWidth: 300, measure })
      expect(out.lines.length).toBeGreaterThan(text.length / 100)
      return performance.now() - t
    }
    time(small) // warm up
    const ratio = time(big) / time(small)
    // Ten times the text: a linear layout takes about ten times as long, a quadratic one a hundred.
    expect(ratio).toBeLessThan(40)
    expect(layoutText('\n'.repeat(100_000), { maxWidth: 300, maxLines: 2, measure }).lines).toHaveLength(2)
  })
})

// ---- Fuzz: every layout of mixed text keeps the invariants of issue 12 ----

const SPACE = /^[ \t\u3000]$/
const HARD = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/

/** Width of a string in the fuzz's deterministic font: per grapheme, by its first code point. */
function fuzzWidth(g: string): number {
  const cp = g.codePointAt(0)!
  if (g === ' ') return 4
  if (cp < 0x80) return 6 + (cp % 5)
  if (cp >= 0x1f000) return 18
  if (cp >= 0x2e80 && cp <= 0xffef) return 16
  return 9
}
const fuzzMeasure = (s: string): number => splitGraphemes(s).reduce((w, g) => w + fuzzWidth(g), 0)

/** The problems with a layout of text, or [] (see the invariants below). */
function problems(text: string, options: LayoutTextOptions, out: TextLayout): string[] {
  const found: string[] = []
  const max = options.maxWidth + 1e-6
  const ellipsis = options.ellipsis ?? '…'
  const paragraphs = text.split(HARD)
  let p = 0 // paragraph
  let at = 0 // code unit in it
  out.lines.forEach((line, i) => {
    const last = i === out.lines.length - 1
    // 1. Never wider than the line, unless one grapheme alone is wider.
    if (fuzzMeasure(line) > max && splitGraphemes(line).length > 1) found.push(`line ${i} too wide: ${line}`)
    let body = line
    if (last && out.truncated) {
      if (fuzzMeasure(ellipsis) <= max && !line.endsWith(ellipsis)) found.push(`no ellipsis: ${line}`)
      body = line.endsWith(ellipsis) ? line.slice(0, line.length - ellipsis.length) : ''
    }
    // 2. No text lost or reordered: between lines, only spaces at a soft break or a hard break go.
    if (i > 0) {
      const rest = paragraphs[p].slice(at)
      if (rest.split('').every((c) => SPACE.test(c)) && p + 1 < paragraphs.length) {
        p++
        at = 0 // a new paragraph keeps its indent
      } else {
        // Spaces at the break are dropped (as many as the next line does not start with).
        const before = at
        while (
          at < paragraphs[p].length &&
          SPACE.test(paragraphs[p][at]) &&
          !paragraphs[p].startsWith(body, at)
        )
          at++
        // 3. A soft break is a break opportunity, or a split of a piece wider than the line.
        checkBreak(paragraphs[p], before, at, max, found)
      }
    }
    if (!paragraphs[p].startsWith(body, at))
      found.push(`line ${i} ${JSON.stringify(line)} is not the text at ${at}`)
    at += body.length
    // 4. Never inside a grapheme.
    const starts = new Set<number>([0])
    let o = 0
    for (const g of splitGraphemes(paragraphs[p])) starts.add((o += g.length))
    if (!starts.has(at)) found.push(`line ${i} ends inside a grapheme`)
  })
  if (!out.truncated) {
    const rest = [paragraphs[p].slice(at), ...paragraphs.slice(p + 1)]
    if (out.lines.length > 0 && rest.join('').replace(/[ \t\u3000]/g, '') !== '')
      found.push(`text left: ${rest}`)
  }
  return found
}

function checkBreak(
  paragraph: string,
  lineEnd: number,
  nextStart: number,
  max: number,
  found: string[],
): void {
  const breaks = findLineBreaks(paragraph, true)
  if (breaks[nextStart] !== Break.None) return
  // Not an opportunity: the piece around it must be wider than the line alone.
  let from = lineEnd
  while (from > 0 && breaks[from] === Break.None) from--
  // A paragraph's indent goes with its first piece.
  let indent = 0
  while (indent < paragraph.length && SPACE.test(paragraph[indent])) indent++
  if (from <= indent) from = 0
  let to = Math.max(nextStart, from === 0 ? indent + 1 : 0)
  while (to < paragraph.length && breaks[to] === Break.None) to++
  if (fuzzMeasure(paragraph.slice(from, to).replace(/[ \t\u3000]+$/, '')) <= max)
    found.push(`break at ${nextStart} inside ${JSON.stringify(paragraph.slice(from, to))}`)
}

describe('layoutText fuzz', () => {
  const PIECES = [
    '限时特惠', '全场', '满199元减30元', '，', '。', '、', '：', '；', '！', '？', '「', '」', '（', '）', '《', '》',
    '……', '——', 'ッ', 'ー', '々', ' ', ' ', ' ', '\u3000', '\n', 'iPhone', 'Pro', 'Max', '15', '2024',
    '$1,299.99', '¥7,999', '99.9元/件', '50%', '3.14', 'https://example.com/a/b?x=1&y=2', 'www.shop.cn',
    '👨‍👩‍👧‍👦', '👍🏽', '🇨🇳', '🇯🇵', '🏳️‍🌈', '❤️', '1️⃣', 'क्‍ष', 'क्ष', 'नमस्ते', 'हिन्दी', 'e\u0301', 'supercalifragilistic',
    '\ud800', '\udfff', '\u0378', '\u{e0080}', '\u0007', '\u0000', '\u200b', '\u00a0', '\u2060', '\u0301', '\u200d',
  ] // prettier-ignore
  let seed = 12
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }

  it('never overflows, loses, reorders or splits text, and breaks only where allowed', () => {
    const failures: string[] = []
    for (let round = 0; round < 3000 && failures.length < 5; round++) {
      let text = rand(4) === 0 ? '\u3000\u3000' : ''
      const n = 1 + rand(25)
      for (let k = 0; k < n; k++) text += PIECES[rand(PIECES.length)]
      const options: LayoutTextOptions = {
        maxWidth: 5 + rand(300),
        maxLines: rand(3) === 0 ? 1 + rand(4) : undefined,
        ellipsis: ['…', '...', ''][rand(3)],
        measure: fuzzMeasure,
      }
      const out = layoutText(text, options)
      const found = problems(text, options, out)
      if (found.length) failures.push(`${JSON.stringify(text)} at ${options.maxWidth}: ${found.join('; ')}`)
    }
    expect(failures).toEqual([])
  })
})
