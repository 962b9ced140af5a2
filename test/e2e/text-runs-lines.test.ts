/**
 * Where spans wrap, against a reference nobody here wrote: Chromium's CSS line breaking (ICU) of the
 * same spans in a `white-space: pre-wrap; line-break: strict` div. Both measure with Chromium's own
 * font (layoutRuns through canvas measureText), so the lines must be the same: breaks across span
 * borders, kinsoku, prices, letter spacing, spaces and hard breaks. Chromium's own extras are turned
 * off: kerning, ligatures, and `text-spacing-trim` (which narrows fullwidth punctuation pairs).
 * Not compared: a word wider than the line, which Chromium splits where the line overflows instead of
 * starting it on a line of its own as CSS Text 3 and layoutText do.
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
  letterSpacing?: number
}

/** The lines of `spans` at `width` px, laid out by Chromium's CSS and by layoutRuns. */
async function linesOf(spans: Span[], width: number): Promise<{ chromium: string[]; ours: string[] }> {
  return source.page.evaluate(
    ([spans, width]) => {
      const family = '"Noto Sans CJK SC", sans-serif'
      const div = document.createElement('div')
      div.lang = 'zh'
      div.style.cssText =
        `position: absolute; width: ${width}px; font-family: ${family}; white-space: pre-wrap; ` +
        'line-break: strict; word-break: normal; overflow-wrap: anywhere; font-kerning: none; ' +
        'font-variant-ligatures: none; text-spacing-trim: space-all'
      for (const span of spans) {
        const el = div.appendChild(document.createElement('span'))
        el.textContent = span.text
        el.style.fontSize = `${span.size}px`
        el.style.letterSpacing = `${span.letterSpacing ?? 0}px`
      }
      document.body.appendChild(div)
      // Chromium's lines: a grapheme left of the one before it starts a line (so does a hard break).
      const chromium: string[] = []
      let lastLeft = Infinity
      const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
      for (const el of Array.from(div.children)) {
        const node = el.firstChild as Text
        for (const { segment, index } of segmenter.segment(node.data)) {
          if (/^[\r\n]+$/.test(segment)) {
            lastLeft = Infinity
            continue
          }
          const range = document.createRange()
          range.setStart(node, index)
          range.setEnd(node, index + segment.length)
          const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0)
          if (rects.length === 0) continue // a space hanging at a line's end
          const left = rects[rects.length - 1].left
          if (left < lastLeft - 0.5) chromium.push('')
          lastLeft = left
          chromium[chromium.length - 1] += segment
        }
      }
      div.remove()

      const ctx = document.createElement('canvas').getContext('2d')!
      const { layoutRuns } = (window as never as { minicode: { layoutRuns: never } }).minicode as {
        layoutRuns: (
          runs: unknown[],
          options: { maxWidth: number },
        ) => { lines: Array<{ runs: Array<{ text: string }> }> }
      }
      const layout = layoutRuns(
        spans.map((span) => ({
          text: span.text,
          measure: (s: string) => {
            ctx.font = `${span.size}px ${family}`
            return ctx.measureText(s).width
          },
          letterSpacing: span.letterSpacing ?? 0,
          lineHeight: span.size * 1.4,
          baseline: span.size * 1.08,
        })),
        { maxWidth: width },
      )
      const ours = layout.lines.map((line) => line.runs.map((r) => r.text).join(''))
      return { chromium: chromium.map((line) => line.trimEnd()), ours }
    },
    [spans, width] as const,
  )
}

test.each<[string, Span[], number]>([
  [
    'a price: ¥ × 7999 (PR × NU)',
    [
      { text: '¥', size: 16 },
      { text: '7999', size: 40 },
      { text: ' 原价¥9999', size: 14 },
    ],
    120,
  ],
  [
    'a price over four spans',
    [
      { text: '¥', size: 14 },
      { text: '1,299', size: 36 },
      { text: '.00', size: 14 },
      { text: ' 起', size: 14 },
    ],
    90,
  ],
  [
    'an opening bracket span before text',
    [
      { text: '限时特惠', size: 20 },
      { text: '「iPhone 15」', size: 28 },
      { text: '仅需¥5999。', size: 20 },
    ],
    150,
  ],
  [
    'closing punctuation starting a span',
    [
      { text: '好好好好好', size: 20 },
      { text: '。好好', size: 20 },
    ],
    100,
  ],
  [
    'a bracketed span',
    [
      { text: '好好好好', size: 20 },
      { text: '（好好）', size: 30 },
    ],
    110,
  ],
  [
    'quotation marks across spans',
    [
      { text: '他说：', size: 20 },
      { text: '“你好', size: 20 },
      { text: '世界”。', size: 26 },
    ],
    110,
  ],
  [
    'small kana and ー across spans',
    [
      { text: '日本語のテキ', size: 20 },
      { text: 'ストッ', size: 20 },
      { text: 'ー！', size: 30 },
    ],
    125,
  ],
  [
    'CJK punctuation of a list',
    [
      { text: '第1名', size: 20 },
      { text: '：张三、李四、王五、赵六', size: 20 },
    ],
    110,
  ],
  [
    'dashes and ellipses',
    [
      { text: '价格——', size: 20 },
      { text: '仅此一天……', size: 20 },
    ],
    100,
  ],
  [
    'emoji and Latin after CJK',
    [
      { text: '🎉限时', size: 20 },
      { text: '特惠🎉', size: 30 },
      { text: ' iPhone 15 Pro Max', size: 18 },
    ],
    140,
  ],
  [
    'letter spacing, wide and narrow',
    [
      { text: 'SALE', size: 30, letterSpacing: 10 },
      { text: ' 50%', size: 30, letterSpacing: -2 },
      { text: ' off everything today', size: 16 },
    ],
    180,
  ],
  [
    'letter-spaced words',
    [
      { text: 'Spaced out', size: 18, letterSpacing: 8 },
      { text: ' normal text here', size: 18 },
    ],
    160,
  ],
  [
    'letter-spaced CJK',
    [
      { text: '间距', size: 24, letterSpacing: 12 },
      { text: '紧凑的中文排版测试', size: 24, letterSpacing: -3 },
    ],
    150,
  ],
  [
    'a spaces-only span and spaces at a span’s end',
    [
      { text: 'ab  ', size: 20 },
      { text: '   ', size: 40 },
      { text: 'cd ef gh', size: 20 },
    ],
    70,
  ],
  [
    'a hard break inside a span',
    [
      { text: '第一行\n', size: 16 },
      { text: '第二行很长很长很长很长', size: 24 },
    ],
    130,
  ],
  [
    'brackets of Latin text',
    [
      { text: '(', size: 20 },
      { text: 'note) and [more] text (', size: 20 },
      { text: 'ok)', size: 30 },
    ],
    100,
  ],
])('%s wraps as Chromium wraps it', async (_, spans, width) => {
  const { chromium, ours } = await linesOf(spans, width)
  expect(chromium.length).toBeGreaterThan(1) // the case does wrap
  expect(ours).toEqual(chromium)
})

test.each(['a\n', 'a\n\n', '\n', '\n\n', 'a\n  ', '第一行\r\n第二行\r\n', 'a\n\nb\n'])(
  '%j has as many lines, blank ones included, as Chromium gives it',
  async (text) => {
    const counts = await source.page.evaluate((text) => {
      const div = document.createElement('div')
      div.style.cssText =
        'position: absolute; width: 300px; white-space: pre-wrap; font: 20px sans-serif; line-height: 30px'
      div.textContent = text
      document.body.appendChild(div)
      const chromium = div.getBoundingClientRect().height / 30
      div.remove()
      const { layoutText } = (window as never as { minicode: { layoutText: never } }).minicode as {
        layoutText: (
          text: string,
          options: { maxWidth: number; measure: (s: string) => number },
        ) => { lines: string[] }
      }
      return {
        chromium,
        ours: layoutText(text, { maxWidth: 300, measure: (s) => s.length * 10 }).lines.length,
      }
    }, text)
    expect(counts.ours).toBe(counts.chromium)
  },
)
