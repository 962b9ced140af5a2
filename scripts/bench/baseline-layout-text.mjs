// The layoutText of commit 1af1a69 (before the UAX #14 rewrite, issue 12), bundled with its helpers by
// esbuild from `git show 1af1a69:packages/core/src/text/*.ts` (+ errors.ts, memo.ts). bench:poster
// times it beside today's layoutText in the same run. Generated once; do not edit.

// ../../tmp/baseline/text/graphemes.ts
function unpack(packed) {
  const out = []
  let at = 0
  let n = 0
  for (let i = 0; i < packed.length; i++) {
    const c = packed.charCodeAt(i)
    n = n * 32 + (c < 93 ? c - 40 : c - 93)
    if (c < 93) {
      out.push((at += n))
      n = 0
    }
  }
  return out
}
var EXTEND = /* @__PURE__ */ unpack(
  'u(`7e<.e0^4*(*)*)*(_12^9<9(`..+-+)*+^,(GB_D2^C0^+?^4*^E/^3?*^(^?**9*.3)F*^A(*72(3)F*^A=G),(4*^A(*7=)F*^A(*A3)G(^D72(^1,^@(*@4)F*^A(*@4)E+^@)*72(3)F*_/=;)^F(*/5/`+(*14._2)D(*(*(-)^:;*).^72(`-;@+-*9+63*(3+s(*z;+E*F)G)_)G2(^6**(`>)^+(`?CcD,^B^2^9_7),^88^/05*G4^A5^9;aA**<-(/(+*c/^Gm5(c,^(_|G*a6(`)Gn3-`2)zk=+*1^))_9)e9(,(-(@,-(_<)^;9C96(^//B4^5+^85^-(_,55(1)^6*^;(**+).)*(^2,.)d5/*)pv9(t*797h7)^z_D,u`^)_Ga)d7',
)
var PICTO = /* @__PURE__ */ unpack('b1(-(dy6(5(cA(?(_C>h8d-c+(d0_<*jGh=)k8_8^cC(5(oB(*(`lh/l-ClB.^tG')
var ZWJ = 8205
var isRegional = (cp) => cp >= 127462 && cp <= 127487
function inRanges(table, cp) {
  let a = 0
  let b = table.length / 2 - 1
  while (a <= b) {
    const m = (a + b) >> 1
    if (cp < table[2 * m]) b = m - 1
    else if (cp > table[2 * m + 1]) a = m + 1
    else return true
  }
  return false
}
function isExtend(cp) {
  return cp === ZWJ || inRanges(EXTEND, cp)
}
function isPictographic(cp) {
  return inRanges(PICTO, cp)
}
function hangul(cp) {
  return (cp >= 4352 && cp <= 4447) || (cp >= 43360 && cp <= 43388)
    ? 1
    : (cp >= 4448 && cp <= 4519) || (cp >= 55216 && cp <= 55238)
      ? 2
      : (cp >= 4520 && cp <= 4607) || (cp >= 55243 && cp <= 55291)
        ? 3
        : cp >= 44032 && cp <= 55203
          ? (cp - 44032) % 28
            ? 5
            : 4
          : 0
}
var HANGUL_JOINS = 4395227
var INDIC_BLOCKS = [2304, 2432, 2688, 2816, 3072, 3328]
function isIndicConsonant(cp, linker) {
  const off = cp - (linker - 77)
  return (off >= 21 && off <= 57) || (off >= 88 && off <= 95) || (off >= 120 && off <= 127)
}
function splitGraphemes(text) {
  const out = []
  let start = 0
  let prev = -1
  let pictoRun = false
  let riCount = 0
  let linker = -1
  for (let i = 0; i < text.length; i += prev > 65535 ? 2 : 1) {
    const cp = text.codePointAt(i)
    const extend = isExtend(cp)
    const picto = isPictographic(cp)
    const regional = isRegional(cp)
    const a = hangul(prev)
    const b = hangul(cp)
    const join =
      prev >= 0 &&
      (prev === 13
        ? cp === 10
        : prev !== 10 &&
          cp !== 13 &&
          cp !== 10 &&
          (extend ||
            (prev === ZWJ
              ? pictoRun && picto
              : isRegional(prev) && regional
                ? riCount % 2 === 1
                : (linker >= 0 && isIndicConsonant(cp, linker)) ||
                  (a > 0 && b > 0 && ((HANGUL_JOINS >> (5 * a + b - 6)) & 1) === 1))))
    if (!join && prev >= 0) {
      out.push(text.slice(start, i))
      start = i
    }
    if (!join) {
      pictoRun = picto
      riCount = regional ? 1 : 0
    } else if (regional) {
      riCount++
    } else if (picto) {
      pictoRun = prev === ZWJ && pictoRun
    } else if (!extend) {
      pictoRun = false
    }
    if (INDIC_BLOCKS.indexOf(cp - 77) >= 0) linker = cp
    else if (!extend) linker = -1
    prev = cp
  }
  if (start < text.length) out.push(text.slice(start))
  return out
}

// ../../tmp/baseline/errors.ts
var OPTIONAL = ['errcode', 'errno', 'field', 'status', 'cause']
var RETRYABLE_BY_DEFAULT = /* @__PURE__ */ new Set([
  'network',
  'timeout',
  'busy',
  'rate_limited',
  'download_failed',
  'image_load_failed',
])
var MiniCodeError = class extends Error {
  name = 'MiniCodeError'
  code
  errcode
  errno
  field
  status
  retryable
  cause
  /** `message` may be '' (production builds drop long messages): the code and field then say it. */
  constructor(code, message, options = {}) {
    super(message || (options.field ? `${code}: ${options.field}` : code))
    Object.setPrototypeOf(this, new.target.prototype)
    this.code = code
    for (const key of OPTIONAL) if (options[key] !== void 0) this[key] = options[key]
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code)
  }
  /** A plain object safe to log or send as JSON (no cause, which may hold anything). */
  toJSON() {
    const { code, message, errcode, field } = this
    return { code, message, errcode, field }
  }
}
function invalidRequest(field, message, cause) {
  return new MiniCodeError('invalid_request', message, { field: field || void 0, cause })
}

// ../../tmp/baseline/text/line-breaking.ts
var CLOSE = /* @__PURE__ */ new Set(
  /* @__PURE__ */ unpack(
    '^),,+*4),F^(^B,dwA-,0)2c;`tF)+,****,**.^*****B^(**//)/)+****B^(**//)-)))^pm+,,+*4),F^()*',
  ),
)
var OPEN = /* @__PURE__ */ new Set(/* @__PURE__ */ unpack('^+),^;^(^0*.dx5,a8`wD****,**-^pt.),^;^(,a.'))
var isIn = (set, g) => g.length === 1 && set.has(g.charCodeAt(0))
var SPACE = /^[ \t\u3000]+$/
var BREAK_AROUND = /* @__PURE__ */ unpack('hq(yhG`])gz7eg9lGv9Gb9d7^y]9_tG^e)`||G')
function isBreakAround(grapheme) {
  const cp = grapheme.codePointAt(0)
  return inRanges(BREAK_AROUND, cp) || isPictographic(cp)
}
function kindOf(g) {
  if (SPACE.test(g)) return 'space'
  if (g.length > 1 && g.indexOf('\u20E3') > 0) return 'cjk'
  return isBreakAround(g) ? 'cjk' : 'word'
}
function breakUnits(graphemes) {
  const units = []
  let glueNext = false
  let i = 0
  while (i < graphemes.length) {
    const kind = kindOf(graphemes[i])
    let j = i + 1
    if (kind !== 'cjk') while (j < graphemes.length && kindOf(graphemes[j]) === kind) j++
    const run = graphemes.slice(i, j)
    i = j
    const last = units[units.length - 1]
    if (kind === 'space') {
      units.push({ graphemes: run, space: true })
      glueNext = false
      continue
    }
    if ((glueNext || isIn(CLOSE, run[0])) && last && !last.space) {
      last.graphemes.push(...run)
    } else {
      units.push({ graphemes: run, space: false })
    }
    glueNext = isIn(OPEN, run[run.length - 1])
  }
  return units
}
function isLineStartProhibited(grapheme) {
  return isIn(CLOSE, grapheme)
}

// ../../tmp/baseline/memo.ts
function memo(map, key, make) {
  let value = map.get(key)
  if (value === void 0) {
    value = make()
    map.set(key, value)
  }
  return value
}

// ../../tmp/baseline/text/measure-cache.ts
var EM_BOX = /* @__PURE__ */ unpack('i_)_=3_Au.cjG_)qlG')
var sharesEmBox = (g) => g.length === 1 && inRanges(EM_BOX, g.charCodeAt(0))
var IDEOGRAPH_KEY = '\0ideograph'
var caches = /* @__PURE__ */ new WeakMap()
function cachedGraphemeMeasure(measure) {
  const widths = memo(caches, measure, () => /* @__PURE__ */ new Map())
  return (g) =>
    memo(widths, sharesEmBox(g) ? IDEOGRAPH_KEY : g, () => {
      const raw = measure(g)
      return typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 0
    })
}

// ../../tmp/baseline/text/layout-text.ts
var EPSILON = 1e-6
function layoutText(text, options) {
  const { maxWidth, maxLines, measure, ellipsis = '\u2026' } = options || {}
  if (typeof text === 'number') text = String(text)
  const bad =
    typeof text !== 'string'
      ? 'text'
      : !(typeof maxWidth === 'number' && maxWidth > 0)
        ? 'maxWidth'
        : maxLines !== void 0 && maxLines !== Infinity && !(Number.isInteger(maxLines) && maxLines >= 1)
          ? 'maxLines'
          : typeof measure !== 'function'
            ? 'measure'
            : typeof ellipsis !== 'string'
              ? 'ellipsis'
              : ''
  if (bad) {
    throw invalidRequest(
      bad,
      false
        ? `layoutText: ${bad} must be ${HINTS[bad]}, got ${String({ text, maxWidth, maxLines, measure, ellipsis }[bad])}.`
        : '',
    )
  }
  const width = cachedGraphemeMeasure(measure)
  const max = maxWidth + EPSILON
  const sum = (graphemes) => graphemes.reduce((w, g) => w + width(g), 0)
  const limit = maxLines || Infinity
  const lines = []
  const full = () => lines.length > limit
  if (text === '') return { lines: [], truncated: false }
  for (const paragraph of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
    let cur = []
    let curW = 0
    let pending = []
    let pendingW = 0
    let wrapped = false
    const flush = () => {
      lines.push(cur)
      cur = []
      curW = 0
      pending = []
      pendingW = 0
      wrapped = true
      return full()
    }
    for (const unit of breakUnits(splitGraphemes(paragraph))) {
      if (full()) break
      const unitW = sum(unit.graphemes)
      if (unit.space) {
        if (cur.length || !wrapped) {
          pending.push(...unit.graphemes)
          pendingW += unitW
        }
      } else if (curW + pendingW + unitW <= max) {
        cur.push(...pending, ...unit.graphemes)
        curW += pendingW + unitW
        pending = []
        pendingW = 0
      } else if ((cur.length && flush()) || full()) {
        break
      } else if (unitW <= max) {
        cur = unit.graphemes.slice()
        curW = unitW
      } else {
        for (const g of unit.graphemes) {
          const w = width(g)
          if (cur.length && curW + w > max) {
            const carry = isLineStartProhibited(g) && cur.length > 1 ? cur.pop() : void 0
            if (flush()) break
            if (carry !== void 0) {
              cur.push(carry)
              curW = width(carry)
            }
          }
          cur.push(g)
          curW += w
        }
      }
    }
    if (full()) break
    lines.push(cur)
  }
  if (!full()) return { lines: lines.map((l) => l.join('')), truncated: false }
  const dots = splitGraphemes(ellipsis)
  const dotsW = sum(dots)
  let last = lines[limit - 1].slice()
  if (dotsW > max) {
    last = []
    let w = 0
    for (const d of dots) {
      if ((w += width(d)) > max) break
      last.push(d)
    }
  } else {
    let w = sum(last)
    while (last.length && w + dotsW > max) w -= width(last.pop())
    while (last.length && /^[\s（［｛〔〈《「『【([{]$/.test(last[last.length - 1])) last.pop()
    last.push(...dots)
  }
  const kept = lines.slice(0, limit)
  kept[limit - 1] = last
  return { lines: kept.map((l) => l.join('')), truncated: true }
}
export { layoutText }
