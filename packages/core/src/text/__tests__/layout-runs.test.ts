import { layoutRuns, type TextRun } from '../layout-runs'
import { layoutText } from '../layout-text'
import { splitGraphemes } from '../graphemes'

// A deterministic font: every grapheme is half its size wide (a 20 px run: 10 px a grapheme).
const fontOf = (size: number) => (s: string) => splitGraphemes(s).length * size * 0.5
const run = (text: string, size: number, extra: Partial<TextRun> = {}): TextRun => ({
  text,
  measure: fontOf(size),
  lineHeight: size * 1.4,
  baseline: size * 0.2 + size * 0.88,
  ...extra,
})
const texts = (layout: ReturnType<typeof layoutRuns>) =>
  layout.lines.map((l) => l.runs.map((r) => `${r.style}:${r.text}`).join('|'))

describe('layoutRuns', () => {
  it('breaks where the joined text would, whatever the run borders (same font in every run)', () => {
    const text = '🎉限时特惠🎉 iPhone 15 Pro Max 256GB，A17 Pro 芯片「钛金属」¥7,999.00 (含税) 立即购买！'
    const measure = fontOf(20)
    const graphemes = splitGraphemes(text)
    for (let seed = 1; seed <= 60; seed++) {
      // Cut the text into runs at pseudo-random grapheme borders.
      const cuts: string[] = []
      let from = 0
      for (let i = 1; i < graphemes.length; i++) {
        if ((i * 7919 + seed * 104729) % 5 === 0) {
          cuts.push(graphemes.slice(from, i).join(''))
          from = i
        }
      }
      cuts.push(graphemes.slice(from).join(''))
      const maxWidth = 60 + seed * 9
      const runs = cuts.map((t) => run(t, 20))
      const joined = (maxLines?: number) =>
        layoutRuns(runs, { maxWidth, maxLines }).lines.map((l) => l.runs.map((r) => r.text).join(''))
      expect(joined()).toEqual(layoutText(text, { maxWidth, measure }).lines)
      // Cut with an ellipsis too.
      expect(joined(2)).toEqual(layoutText(text, { maxWidth, measure, maxLines: 2 }).lines)
    }
  })

  it('keeps a grapheme whole when a run border cuts it, in the style of the run it starts in', () => {
    // Span borders anywhere, even inside 👨‍👩‍👧, 🇨🇳, e + U+0301, क्ष or a Hangul syllable of jamo:
    // the lines are the joined text's, cut or not.
    const text = 'ab👨‍👩‍👧 🇨🇳🇯🇵 cafe\u0301 क्षत्रिय \u1100\u1161\u11a8 👍🏽 1️⃣ x\u200dy 限时。'
    const measure = fontOf(20)
    const units = Array.from(text)
    for (let cut = 1; cut < units.length; cut++) {
      const runs = [run(units.slice(0, cut).join(''), 20), run(units.slice(cut).join(''), 20)]
      const cases: Array<[number, number | undefined]> = [
        [35, undefined],
        [60, undefined],
        [45, 1],
        [75, 2],
      ]
      for (const [maxWidth, maxLines] of cases) {
        const joined = layoutRuns(runs, { maxWidth, maxLines }).lines.map((l) =>
          l.runs.map((r) => r.text).join(''),
        )
        expect([cut, maxWidth, joined]).toEqual([
          cut,
          maxWidth,
          layoutText(text, { maxWidth, measure, maxLines }).lines,
        ])
      }
    }
    // The flag whose border is cut goes whole with 'ab', into the ellipsis' line, in run 0's style.
    const flag = layoutRuns([run('ab🇨', 20), run('🇳cd', 40)], { maxWidth: 40, maxLines: 1 })
    expect(texts(flag)).toEqual(['0:ab🇨🇳…'])
    expect(flag.lines[0].width).toBe(40)
  })

  it('never breaks "¥" + "7999" apart, and breaks a CJK run beside a Latin one where the joined text may', () => {
    // ¥ is 10 px, 7999 is 4 × 20 = 80 px: 85 px cannot hold both. Were there a break between the
    // runs, the lines would be '¥' and '7999'; the price is one word, split only as it must be.
    const price = layoutRuns([run('¥', 20), run('7999', 40)], { maxWidth: 85 })
    expect(texts(price)).toEqual(['0:¥|1:799', '1:9'])
    const wide = layoutRuns([run('原价', 20), run('¥', 20), run('7999', 40)], { maxWidth: 95 })
    // 原价 may break before ¥ (ID ÷ PR), the price stays together.
    expect(texts(wide)).toEqual(['0:原价', '1:¥|2:7999'])
    const mixed = layoutRuns([run('限时', 20), run('Sale', 20)], { maxWidth: 30 })
    // ID ÷ AL: the Latin run starts a line of its own; the Latin word is split only as it must.
    expect(texts(mixed)).toEqual(['0:限时', '1:Sal', '1:e'])
  })

  it('puts runs on one baseline, the lowest of theirs; a line is as tall as its tallest run', () => {
    const out = layoutRuns([run('¥', 20), run('7999', 40), run(' ¥9999', 16)], { maxWidth: Infinity })
    const [line] = out.lines
    expect(line.runs.map((r) => [r.text, r.x, r.width])).toEqual([
      ['¥', 0, 10],
      ['7999', 10, 80],
      [' ¥9999', 90, 48],
    ])
    expect(line.width).toBe(138)
    expect(line.height).toBe(56) // 40 × 1.4
    expect(line.baseline).toBeCloseTo(40 * 1.08)
    // A small run with a tall line height sets both the height and, being lower, the baseline.
    const tall = layoutRuns([run('a', 40), run('b', 10, { lineHeight: 100, baseline: 50 })], {
      maxWidth: Infinity,
    })
    expect([tall.lines[0].height, tall.lines[0].baseline]).toEqual([100, 50])
  })

  it('gives each wrapped line its own height and baseline, and an empty line its run’s', () => {
    const out = layoutRuns([run('aaaa ', 10), run('BBBB\n\ncc', 40)], { maxWidth: 40 })
    expect(texts(out)).toEqual(['0:aaaa', '1:BB', '1:BB', '', '1:cc'])
    expect(out.lines.map((l) => l.height)).toEqual([14, 56, 56, 56, 56])
    expect(out.lines[0].baseline).toBeCloseTo(10 * 1.08)
  })

  it('gives an empty line the height of the run its hard break is in, not of the run after it', () => {
    const small = layoutRuns([run('a\n\n', 10), run('b', 40)], { maxWidth: 100 })
    expect(texts(small)).toEqual(['0:a', '', '1:b'])
    expect(small.lines.map((l) => l.height)).toEqual([14, 14, 56])
    expect(small.lines[1].baseline).toBeCloseTo(10 * 1.08)
    // The break that ends the empty line is the big run's.
    const big = layoutRuns([run('a\n', 10), run('\nb', 40)], { maxWidth: 100 })
    expect(big.lines.map((l) => l.height)).toEqual([14, 56, 56])
    // A text ending in a break: its last line is that break's run's; spaces alone, their run's.
    const end = layoutRuns([run('a', 40), run('\n', 10)], { maxWidth: 100 })
    expect(end.lines.map((l) => l.height)).toEqual([56, 14])
    const spaces = layoutRuns([run('a\n', 40), run('  ', 10), run('\nb', 40)], { maxWidth: 100 })
    expect(spaces.lines.map((l) => l.height)).toEqual([56, 14, 56])
    // An ellipsis cut on an empty line takes its run's style too.
    const cut = layoutRuns([run('a\n\n', 10), run('b', 40)], { maxWidth: 100, maxLines: 2 })
    expect(cut.lines[1].runs.map((r) => [r.style, r.text, r.width])).toEqual([[0, '…', 5]])
    expect(cut.lines[1].height).toBe(14)
  })

  it('adds letter spacing after every grapheme, the last on a line too, and wraps by it', () => {
    const out = layoutRuns([run('abcd', 20, { letterSpacing: 5 }), run('ef', 20)], { maxWidth: Infinity })
    expect(out.lines[0].runs.map((r) => [r.x, r.width])).toEqual([
      [0, 4 * (10 + 5)],
      [60, 20],
    ])
    // 6 graphemes of 15 px: 45 px holds 3 (the third's spacing included), 44 only 2.
    const wrap = (maxWidth: number, letterSpacing: number) =>
      layoutRuns([run('abcdef', 20, { letterSpacing })], { maxWidth }).lines.map((l) => l.runs[0].text)
    expect(wrap(45, 5)).toEqual(['abc', 'def'])
    expect(wrap(44, 5)).toEqual(['ab', 'cd', 'ef'])
    // Negative spacing packs more in: 6 × (10 − 3) = 42.
    expect(wrap(42, -3)).toEqual(['abcdef'])
  })

  it('ends a cut text with an ellipsis in the style of the run it ends, measured with its spacing', () => {
    const runs = [run('ab', 20), run('cdefgh', 40, { letterSpacing: 4 })]
    // Line 1 holds 'ab' (20) + 'cd' (2 × 24): the ellipsis of run 1 is 24 wide, so 'd' goes.
    const out = layoutRuns(runs, { maxWidth: 70, maxLines: 1 })
    expect(out.truncated).toBe(true)
    expect(out.lines[0].runs.map((r) => [r.style, r.text, r.width])).toEqual([
      [0, 'ab', 20],
      [1, 'c…', 48],
    ])
    expect(out.lines[0].width).toBeLessThanOrEqual(70)
    // When the ellipsis eats the whole spaced run, it takes the style of the run then ending the line.
    const small = layoutRuns(runs, { maxWidth: 50, maxLines: 1 })
    expect(small.lines[0].runs.map((r) => [r.style, r.text, r.width])).toEqual([[0, 'ab…', 30]])
    expect(small.lines[0].height).toBe(28)
    // Not even the ellipsis fits: as much of it as does, in the line's first style.
    const none = layoutRuns([run('abc', 20), run('d', 20)], { maxWidth: 25, maxLines: 1, ellipsis: '...' })
    expect(none.lines[0].runs.map((r) => r.text)).toEqual(['..'])
  })

  it('keeps a cut line inside maxWidth when dropping a space before the ellipsis changes its style', () => {
    // 'ab' (40) + ' c' (10) fill 50 px. To fit the ellipsis 'c' goes, and then the space before it:
    // the ellipsis now follows 'b', in its 40 px font (20 wide), so 'b' must go too.
    const out = layoutRuns([run('ab', 40), run(' c dd', 10)], { maxWidth: 50, maxLines: 1 })
    expect(texts(out)).toEqual(['0:a…'])
    expect(out.lines[0].width).toBe(40)
    // Over many widths and cuts, no line is wider than maxWidth nor ends in a space before the ellipsis.
    for (let maxWidth = 20; maxWidth <= 120; maxWidth += 3) {
      for (const maxLines of [1, 2]) {
        const cut = layoutRuns([run('ab', 40), run(' c 「d e', 10), run('fg hi', 30)], { maxWidth, maxLines })
        for (const line of cut.lines) expect(line.width).toBeLessThanOrEqual(maxWidth)
        const last = cut.lines[cut.lines.length - 1].runs.map((r) => r.text).join('')
        if (cut.truncated && last.length > 1) expect(last).not.toMatch(/[\s「]…$/)
      }
    }
  })

  it('reads hard breaks on the joined text: "\\r" ending one run and "\\n" starting the next are one break', () => {
    expect(texts(layoutRuns([run('a\r', 20), run('\nb', 20)], { maxWidth: 100 }))).toEqual(['0:a', '1:b'])
    expect(texts(layoutRuns([run('a\n', 20), run('\nb', 20)], { maxWidth: 100 }))).toEqual(['0:a', '', '1:b'])
  })

  it('lays out numbers and empty runs, and nothing when every run is empty', () => {
    const out = layoutRuns([run('', 20), { ...run('', 20), text: 7999 }], { maxWidth: 1000 })
    expect(texts(out)).toEqual(['1:7999'])
    expect(layoutRuns([run('', 20)], { maxWidth: 10 })).toEqual({ lines: [], truncated: false })
  })

  it.each([
    [[], {}, 'runs'],
    [[null], {}, 'runs[0]'],
    [[{ text: null }], {}, 'runs[0].text'],
    [[{ text: 'a', measure: 1 }], {}, 'runs[0].measure'],
    [
      [{ text: 'a', measure: fontOf(1), lineHeight: 1, baseline: 0, letterSpacing: NaN }],
      {},
      'runs[0].letterSpacing',
    ],
    [[{ text: 'a', measure: fontOf(1), lineHeight: 0, baseline: 0 }], {}, 'runs[0].lineHeight'],
    [[{ text: 'a', measure: fontOf(1), lineHeight: 1 }], {}, 'runs[0].baseline'],
    [[run('a', 1)], { maxWidth: 0 }, 'maxWidth'],
    [[run('a', 1)], { maxLines: 1.5 }, 'maxLines'],
    [[run('a', 1)], { ellipsis: 1 }, 'ellipsis'],
  ])('rejects bad input %#, naming the field', (runs, options, field) => {
    const call = () => layoutRuns(runs as TextRun[], { maxWidth: 100, ...options } as never)
    expect(call).toThrow(expect.objectContaining({ code: 'invalid_request', field }))
  })
})
