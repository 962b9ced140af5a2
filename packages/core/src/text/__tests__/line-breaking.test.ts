import { splitGraphemes } from '../graphemes'
import { breakUnits, isLineStartProhibited } from '../line-breaking'

// The readable lists behind the packed tables in line-breaking.ts.
const CLOSE =
  '，。．、；：？！）］｝〕〉》」』】〙〗〟’”｠»…‥—～·・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％‰℃,.!?;:)]}%'
const OPEN = '（［｛〔〈《「『【〘〖〝‘“｟«([{￥＄$¥£€#＃'

const units = (s: string): string[] => breakUnits(splitGraphemes(s)).map((u) => u.graphemes.join(''))

describe('line breaking tables', () => {
  it('knows every closing mark, and nothing else, as line-start prohibited', () => {
    for (const ch of CLOSE) expect([ch, isLineStartProhibited(ch)]).toEqual([ch, true])
    for (let cp = 0x20; cp < 0x10000; cp++) {
      const ch = String.fromCharCode(cp)
      if (!CLOSE.includes(ch) && isLineStartProhibited(ch))
        throw new Error(`U+${cp.toString(16)} is not closing punctuation`)
    }
    // A mark with something attached is another grapheme.
    expect(isLineStartProhibited('。\u0301')).toBe(false)
  })

  it('glues every opening mark to what follows it, and only those', () => {
    for (const ch of OPEN) expect([ch, units(`中${ch}文`)]).toEqual([ch, ['中', `${ch}文`]])
    for (let cp = 0x21; cp < 0x10000; cp++) {
      const ch = String.fromCharCode(cp)
      if (OPEN.includes(ch) || (cp >= 0xd800 && cp < 0xe000)) continue
      const got = units(`中${ch}文`)
      if (got.includes(`${ch}文`)) throw new Error(`U+${cp.toString(16)} is not opening punctuation`)
    }
  })
})
