/**
 * Soft hyphens (U+00AD) against Chromium's CSS (`hyphens: manual`, the default): the same words at
 * many widths, laid out by a div and by layoutText / layoutRuns measuring with Chromium's own canvas
 * font, must make the same lines with the same trailing hyphens. Chromium's hyphen is not in the DOM
 * text: a soft hyphen whose range has a box of some width is one drawn as '-' at its line's end.
 * Widths stay above the widest syllable: a syllable wider than the line is split differently (see
 * text-runs-lines.test.ts).
 */
import { useSourcePage } from './support/source-page'

jest.setTimeout(120_000)

const source = useSourcePage(`
  import { layoutRuns, layoutText } from '@minicode/core'
  window.minicode = { layoutRuns, layoutText }
`)

interface Span {
  text: string
  size: number
}

interface Compared {
  chromium: string[]
  text: string[]
  runs: string[]
}

/** The lines of `spans` at `width` px: Chromium's, layoutText's (one size only) and layoutRuns'. */
async function linesOf(spans: Span[], width: number, clamp?: number): Promise<Compared> {
  return source.page.evaluate(
    ([spans, width, clamp]) => {
      const family = '"Noto Sans", sans-serif'
      const div = document.createElement('div')
      div.style.cssText =
        `position: absolute; width: ${width}px; font-family: ${family}; white-space: pre-wrap; ` +
        'hyphens: manual; font-kerning: none; font-variant-ligatures: none' +
        (clamp
          ? `; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: ${clamp}; overflow: hidden`
          : '')
      for (const span of spans) {
        const el = div.appendChild(document.createElement('span'))
        el.textContent = span.text
        el.style.fontSize = `${span.size}px`
      }
      document.body.appendChild(div)
      const chromium: string[] = []
      let lastLeft = Infinity
      const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
      for (const el of Array.from(div.children)) {
        const node = el.firstChild as Text
        for (const { segment, index } of segmenter.segment(node.data)) {
          const range = document.createRange()
          range.setStart(node, index)
          range.setEnd(node, index + segment.length)
          const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0)
          if (rects.length === 0) continue // a hidden soft hyphen, a space hanging at a line's end
          const left = rects[rects.length - 1].left
          if (left < lastLeft - 0.5) chromium.push('')
          lastLeft = left
          chromium[chromium.length - 1] += segment === '\u00AD' ? '-' : segment
        }
      }
      div.remove()

      const ctx = document.createElement('canvas').getContext('2d')!
      const measureOf = (size: number) => (s: string) => {
        ctx.font = `${size}px ${family}`
        return ctx.measureText(s).width
      }
      type Lines = { lines: Array<{ runs: Array<{ text: string }> }> }
      const { layoutRuns, layoutText } = (window as never as { minicode: unknown }).minicode as {
        layoutRuns: (runs: unknown[], options: { maxWidth: number; maxLines?: number }) => Lines
        layoutText: (
          text: string,
          options: { maxWidth: number; maxLines?: number; measure: (s: string) => number },
        ) => { lines: string[] }
      }
      const maxLines = clamp || undefined
      const runs = layoutRuns(
        spans.map((span) => ({
          text: span.text,
          measure: measureOf(span.size),
          lineHeight: span.size * 1.4,
          baseline: span.size * 1.08,
        })),
        { maxWidth: width, maxLines },
      ).lines.map((line) => line.runs.map((r) => r.text).join(''))
      const text = layoutText(spans.map((s) => s.text).join(''), {
        maxWidth: width,
        maxLines,
        measure: measureOf(spans[0].size),
      }).lines
      return { chromium: chromium.map((line) => line.trimEnd()), text, runs }
    },
    [spans, width, clamp] as const,
  )
}

const WORDS = [
  'Donau\u00ADdampf\u00ADschiff\u00ADfahrts\u00ADgesell\u00ADschaft',
  'in\u00ADcom\u00ADpre\u00ADhen\u00ADsi\u00ADbil\u00ADi\u00ADty of the soft\u00ADware',
  'Pro\u00ADdukt\u00ADbe\u00ADschrei\u00ADbung: Wasser\u00ADflasche aus Edel\u00ADstahl',
  // Soft hyphens before a hard break and at the end: no hyphen there, but (in Chromium) room for one.
  'ein Edel\u00ADstahl\u00AD\nmit Wasser\u00ADflasche\u00AD',
]

test.each(WORDS)('the lines and hyphens of %j at widths 90 to 300 px, as Chromium', async (text) => {
  let hyphens = 0
  for (let width = 90; width <= 300; width += 7) {
    const { chromium, text: ours, runs } = await linesOf([{ text, size: 20 }], width)
    expect({ width, lines: ours }).toEqual({ width, lines: chromium })
    expect({ width, lines: runs }).toEqual({ width, lines: chromium })
    hyphens += chromium.filter((line) => line.endsWith('-')).length
  }
  expect(hyphens).toBeGreaterThan(10) // the widths do break at soft hyphens
})

test('a hyphen in the size of the span its soft hyphen is in, as Chromium', async () => {
  const spans = [
    { text: 'Super\u00ADmarkt\u00AD', size: 16 },
    { text: 'an\u00ADge\u00ADbot', size: 30 },
    { text: ' für\u00ADalle', size: 16 },
  ]
  let hyphens = 0
  for (let width = 110; width <= 260; width += 5) {
    const { chromium, runs } = await linesOf(spans, width)
    expect({ width, lines: runs }).toEqual({ width, lines: chromium })
    hyphens += chromium.filter((line) => line.endsWith('-')).length
  }
  expect(hyphens).toBeGreaterThan(10) // the widths do break at soft hyphens
})

test('a clamped line that ends at a soft hyphen shows no hyphen: the ellipsis replaces it', async () => {
  // Chromium's -webkit-line-clamp draws 'ab…' (its ellipsis is not in the DOM: only the hidden
  // hyphen is checked there); ours ends with the ellipsis and no hyphen.
  const { chromium, text, runs } = await linesOf([{ text: 'abc\u00ADdef\u00ADghi', size: 20 }], 50, 1)
  // Lines past the clamp are laid out (and hidden): only the first is drawn.
  expect(chromium[0]).not.toContain('-')
  expect(chromium[1]).toMatch(/-$/) // unclamped, the first line would end with a hyphen
  expect(text).toHaveLength(1)
  expect(text[0]).toMatch(/^ab?c?…$/)
  expect(runs).toEqual(text)
})
