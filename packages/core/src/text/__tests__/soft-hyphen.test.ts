import { layoutRuns, type TextRun } from '../layout-runs'
import { layoutText } from '../layout-text'
import { splitGraphemes } from '../graphemes'

// Every grapheme 10 px wide, the hyphen 5 — and the soft hyphen 10 too: a canvas that measured it
// must not make it take room (layoutText zeroes it).
const measure = (s: string): number => splitGraphemes(s).reduce((w, g) => w + (g === '-' ? 5 : 10), 0)
const lines = (text: string, maxWidth: number, maxLines?: number) =>
  layoutText(text, { maxWidth, maxLines, measure }).lines

describe('soft hyphen (U+00AD) in layoutText', () => {
  it('ends a line broken at it with a hyphen, and draws nothing elsewhere', () => {
    expect(lines('abc\u00ADdef\u00ADghi', 35)).toEqual(['abc-', 'def-', 'ghi'])
    expect(lines('abc\u00ADdef\u00ADghi', 65)).toEqual(['abcdef-', 'ghi'])
    expect(lines('abc\u00ADdef\u00ADghi', 90)).toEqual(['abcdefghi'])
  })

  it('measures the hyphen into the line: a hyphen that does not fit moves the break earlier', () => {
    // 'abcd-' is 45 wide: at 44 the line breaks after 'ab' instead, hyphen and all.
    expect(lines('ab\u00ADcd\u00ADef', 45)).toEqual(['abcd-', 'ef'])
    expect(lines('ab\u00ADcd\u00ADef', 44)).toEqual(['ab-', 'cdef'])
  })

  it('shows no hyphen before a hard break, at the end of the text, or after a space (but makes room for one)', () => {
    // As Chromium: the hyphen belongs to a line that wraps at the soft hyphen, nowhere else.
    expect(lines('ab\u00AD\ncd\u00AD', 100)).toEqual(['ab', 'cd'])
    expect(lines('ab\u00AD cd', 25)).toEqual(['ab', 'cd'])
    // Yet it needs room for one there, as in Chromium (see text-soft-hyphen.test.ts): 'x abc' is 50
    // wide, 'x abc-' 55, so at 50 'abc' wraps, and shows no hyphen.
    expect(lines('x abc\u00AD', 50)).toEqual(['x', 'abc'])
    expect(lines('x abc\u00AD\nd', 50)).toEqual(['x', 'abc', 'd'])
    expect(lines('x abc\u00AD\nd', 55)).toEqual(['x abc', 'd'])
  })

  it('lets a piece wider than the line split between graphemes without a hyphen that would overflow', () => {
    expect(lines('abc\u00ADdef', 30)).toEqual(['abc', 'def'])
  })

  it('ends a cut line with the ellipsis in place of the hyphen', () => {
    expect(lines('abc\u00ADdef', 40, 1)).toEqual(['abc…'])
    expect(lines('abc\u00ADdef\u00ADghi', 40, 2)).toEqual(['abc-', 'def…'])
  })
})

describe('soft hyphen in layoutRuns', () => {
  const font = (size: number) => (s: string) => splitGraphemes(s).length * size * 0.5
  const run = (text: string, size: number, extra: Partial<TextRun> = {}): TextRun => ({
    text,
    measure: font(size),
    lineHeight: size * 1.4,
    baseline: size,
    ...extra,
  })
  const placed = (runs: TextRun[], maxWidth: number) =>
    layoutRuns(runs, { maxWidth }).lines.map((l) => ({
      runs: l.runs.map((r) => `${r.style}:${r.text}:${r.width}`),
      width: l.width,
    }))

  it("draws the hyphen in the style of the soft hyphen's run, measured into the line", () => {
    expect(placed([run('ab\u00AD', 20), run('cd', 40)], 40)).toEqual([
      { runs: ['0:ab-:30'], width: 30 },
      { runs: ['1:cd:40'], width: 40 },
    ])
    expect(placed([run('ab', 20), run('\u00ADcd', 40)], 50)).toEqual([
      { runs: ['0:ab:20', '1:-:20'], width: 40 },
      { runs: ['1:cd:40'], width: 40 },
    ])
  })

  it('gives a soft hyphen no letter spacing, and the hyphen its run’s', () => {
    expect(placed([run('ab\u00ADcd', 20, { letterSpacing: 2 })], 100)).toEqual([
      { runs: ['0:abcd:48'], width: 48 },
    ])
    expect(placed([run('ab\u00ADcd', 20, { letterSpacing: 2 })], 40)).toEqual([
      { runs: ['0:ab-:36'], width: 36 },
      { runs: ['0:cd:24'], width: 24 },
    ])
  })

  it('replaces the hyphen of a cut line by the ellipsis', () => {
    const layout = layoutRuns([run('ab\u00ADcd', 20)], { maxWidth: 30, maxLines: 1 })
    expect(layout.lines[0].runs.map((r) => r.text)).toEqual(['ab…'])
    expect(layout.truncated).toBe(true)
  })
})

describe('soft hyphen fuzz', () => {
  const SYLLABLES = ['ab', 'cde', 'f', 'ghij', 'klm']
  let seed = 13
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return (seed >>> 8) % n
  }
  const plain = (s: string): number => measure(s.replace(/\u00AD/g, ''))

  it('fills lines greedily, each ending with a hyphen exactly where it breaks at a soft hyphen', () => {
    const failures: string[] = []
    for (let round = 0; round < 2000 && failures.length < 3; round++) {
      let text = SYLLABLES[rand(SYLLABLES.length)]
      for (let k = rand(12); k > 0; k--) text += ['\u00AD', '\u00AD', ' '][rand(3)] + SYLLABLES[rand(5)]
      if (rand(4) === 0) text += '\u00AD'
      const maxWidth = 50 + rand(100) // every syllable and its hyphen fit: no piece is split
      const out = lines(text, maxWidth)
      const fail = (why: string) =>
        failures.push(`${JSON.stringify(text)} at ${maxWidth}: ${why} ${JSON.stringify(out)}`)
      // The same lines from runs cut anywhere, in one font.
      const cuts: string[] = []
      for (let from = 0; from < text.length;) {
        const to = Math.min(text.length, from + 1 + rand(5))
        cuts.push(text.slice(from, to))
        from = to
      }
      const runs = layoutRuns(
        cuts.map((t) => ({ text: t, measure, lineHeight: 20, baseline: 16 })),
        { maxWidth },
      ).lines.map((l) => l.runs.map((r) => r.text).join(''))
      if (JSON.stringify(runs) !== JSON.stringify(out)) fail(`layoutRuns ${JSON.stringify(runs)} differs:`)
      let at = 0
      for (let i = 0; i < out.length && failures.length < 3; i++) {
        const hyphen = out[i].endsWith('-')
        const body = hyphen ? out[i].slice(0, -1) : out[i]
        if (measure(out[i]) > maxWidth) fail(`line ${i} too wide:`)
        // The line is the source from `at`, soft hyphens left out.
        for (const c of body) {
          while (text[at] === '\u00AD') at++
          if (text[at++] !== c) fail(`line ${i} is not the text:`)
        }
        if (i === out.length - 1) break
        if (hyphen !== (text[at] === '\u00AD')) fail(`line ${i}: a hyphen iff it breaks at a soft hyphen:`)
        const gap = /^[\u00AD ]*/.exec(text.slice(at))![0]
        at += gap.length
        // Greedy: the next piece, with the hyphen it would need, did not fit after the line.
        const piece = /^[^\u00AD ]*\u00AD?/.exec(text.slice(at))![0]
        const room = piece.endsWith('\u00AD') ? 5 : 0
        if (plain(body + gap + piece) + room <= maxWidth) fail(`line ${i + 1} should have joined line ${i}:`)
      }
    }
    expect(failures).toEqual([])
  })
})
