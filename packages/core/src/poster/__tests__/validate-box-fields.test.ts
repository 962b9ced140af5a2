// Validation messages of issue #13's fields that said something else than the check: each names
// its field and says what to write, with what was given.
import { isMiniCodeError } from '../../errors'
import type { PosterSpec } from '../types'
import { validatePosterSpec } from '../validate-spec'

function errorOf(spec: unknown): { field?: string; message: string } {
  try {
    validatePosterSpec(spec)
  } catch (e) {
    if (isMiniCodeError(e)) return { field: e.field, message: e.message }
    throw e
  }
  throw new Error('valid')
}

const inBox = (child: object) => ({
  width: 300,
  height: 'auto',
  elements: [{ type: 'box', children: [child] }],
})

test('a stroke width says its own limit, 1000, not the poster side of 20000', () => {
  const error = errorOf(
    inBox({ type: 'rect', width: 10, height: 10, stroke: { color: '#000', width: 1500 } }),
  )
  expect(error.field).toBe('elements[0].children[0].stroke.width')
  expect(error.message).toContain('at most 1000')
  expect(error.message).not.toContain('20000')
})

test('NaN and Infinity are shown as given, not as null', () => {
  const nan = errorOf(inBox({ type: 'rect', position: 'absolute', x: NaN, width: 10, height: 10 }))
  expect(nan.field).toBe('elements[0].children[0].x')
  expect(nan.message).toMatch(/got NaN\.$/)
  const infinite = errorOf({ width: Infinity, height: 10, elements: [] })
  expect(infinite.message).toMatch(/got Infinity\.$/)
})

test("an image's aspectRatio is checked in a box even next to a height", () => {
  const error = errorOf(inBox({ type: 'image', src: 'a.png', width: 10, height: 10, aspectRatio: -3 }))
  expect(error.field).toBe('elements[0].children[0].aspectRatio')
  expect(error.message).toContain('got -3')
})

test('a top-level image with aspectRatio and no height is told that aspectRatio works only in a box', () => {
  const spec = {
    width: 300,
    height: 100,
    elements: [{ type: 'image', x: 0, y: 0, src: 'a.png', width: 10, aspectRatio: 2 }],
  }
  const error = errorOf(spec)
  expect(error.field).toBe('elements[0].height')
  expect(error.message).toContain('only inside a box')
  // In a box the same image is valid.
  expect(() =>
    validatePosterSpec(inBox({ type: 'image', src: 'a.png', width: 10, aspectRatio: 2 }) as PosterSpec),
  ).not.toThrow()
})

test("a box's children may be lines: the message lists them", () => {
  const error = errorOf({ width: 300, height: 100, elements: [{ type: 'box', children: {} }] })
  expect(error.field).toBe('elements[0].children')
  expect(error.message).toContain('box, line)')
})
