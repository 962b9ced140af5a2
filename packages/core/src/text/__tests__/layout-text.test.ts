import { MiniCodeError } from '../../errors'
import { layoutText } from '../layout-text'
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
const oracle = (s: string): string[] => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s), (x) => x.segment)
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
      const words = lines.join(' ').split(/[\s\u4e00-\u9fff🎉]+/).filter(Boolean)
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
    expect(layoutText('你好你好你好，世界', { maxWidth: 100, measure }).lines).toEqual(['你好你好你', '好，世界'])
    expect(layoutText('他说「你好」。再见', { maxWidth: 100, measure }).lines).toEqual(['他说「你', '好」。再见'])
  })

  it('never starts a line with closing or ends one with opening punctuation, over many widths', () => {
    const { measure } = fakeMeasure()
    const text = '全场满199元减30元，（限时）《活动》说明：「新品」上市！真的吗？好的。价格……很低——快来、快来；OK, fine. (yes) 【抢购】'
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

  it('takes a custom ellipsis and cuts silently with an empty one', () => {
    const { measure } = fakeMeasure()
    const a = layoutText('限时特惠限时特惠', { maxWidth: 100, maxLines: 1, measure, ellipsis: '...' })
    expect(a.lines).toEqual(['限时特...'])
    expect(layoutText('限时特惠限时特惠', { maxWidth: 100, maxLines: 1, measure, ellipsis: '' }).lines).toEqual(['限时特惠限'])
    // The ellipsis alone wider than the line keeps what of it fits.
    expect(layoutText('限时特惠', { maxWidth: 15, maxLines: 1, measure, ellipsis: '...' }).lines).toEqual(['.'])
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
    for (let i = 0; i < 6000; i++) text += String.fromCharCode(0x4e00 + ((i * 7919) % 3000)) + (i % 23 === 22 ? '，' : '')
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
    expect(() => layoutText({} as never, { maxWidth: 10, measure: () => 1 })).toThrow(expect.objectContaining({ code: 'invalid_request', field: 'text' }))
  })
})
