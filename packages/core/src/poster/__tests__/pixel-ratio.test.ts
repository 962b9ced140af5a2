import { canvasSize, choosePixelRatio } from '../pixel-ratio'

describe('choosePixelRatio', () => {
  it('keeps the device ratio when the canvas fits', () => {
    expect(choosePixelRatio({ width: 375, height: 600, deviceRatio: 3 })).toBe(3)
    expect(choosePixelRatio({ width: 392, height: 66, deviceRatio: 2.75 })).toBe(2.75)
  })

  it('lowers the ratio just enough for 750 × 1400 at 3 (about 2.92, not 1)', () => {
    const r = choosePixelRatio({ width: 750, height: 1400, deviceRatio: 3 })
    expect(r).toBeGreaterThan(2.92)
    expect(r).toBeLessThan(2.93)
    expect(Math.round(1400 * r)).toBeLessThanOrEqual(4096)
    expect(Math.round(1400 * (r + 0.002))).toBeGreaterThan(4094)
  })

  it('keeps both sides within maxCanvasSide for many sizes, and is the largest such ratio (to 1/1000)', () => {
    for (const [w, h, d] of [
      [750, 1400, 3],
      [1400, 750, 3],
      [4096, 10, 2],
      [1000, 5000, 2],
      [375, 8000, 3],
      [333, 2222, 2.625],
    ]) {
      for (const max of [2048, 4096]) {
        const r = choosePixelRatio({ width: w, height: h, deviceRatio: d, maxCanvasSide: max })
        const { width, height } = canvasSize(w, h, r)
        expect(width).toBeLessThanOrEqual(max)
        expect(height).toBeLessThanOrEqual(max)
        expect(r).toBeLessThanOrEqual(d)
        if (r < d) expect(Math.max(w, h) * (r + 0.001)).toBeGreaterThan(max - 1e-6)
      }
    }
  })

  it('goes below 1 only for posters larger than the limit', () => {
    expect(choosePixelRatio({ width: 8192, height: 100, deviceRatio: 2 })).toBe(0.5)
  })

  it('treats a missing or broken device ratio as 1', () => {
    for (const deviceRatio of [undefined, NaN, 0, -2, Infinity, '3']) {
      expect(choosePixelRatio({ width: 100, height: 100, deviceRatio: deviceRatio as never })).toBe(1)
    }
  })

  it.each([
    [{ width: 0, height: 10, deviceRatio: 2 }, 'width'],
    [{ width: NaN, height: 10, deviceRatio: 2 }, 'width'],
    [{ width: 10, height: -1, deviceRatio: 2 }, 'height'],
    [{ width: 10, height: 10, deviceRatio: 2, maxCanvasSide: 0 }, 'maxCanvasSide'],
  ])('rejects %p on %s', (opts, field) => {
    expect(() => choosePixelRatio(opts)).toThrow(expect.objectContaining({ code: 'invalid_request', field }))
  })
})

describe('canvasSize', () => {
  it('gives 392 × 66 at 2.75 whole pixels 1078 × 182 with scales that fill them exactly', () => {
    const s = canvasSize(392, 66, 2.75)
    expect(s).toMatchObject({ width: 1078, height: 182 })
    expect(392 * s.scaleX).toBeCloseTo(1078, 9)
    expect(66 * s.scaleY).toBeCloseTo(182, 9)
  })

  it('always gives whole, positive pixel sides', () => {
    for (const [w, h, r] of [
      [0.3, 0.3, 1],
      [100.5, 33.3, 2.625],
      [1, 1, 0.01],
    ]) {
      const s = canvasSize(w, h, r)
      expect(Number.isInteger(s.width) && s.width >= 1).toBe(true)
      expect(Number.isInteger(s.height) && s.height >= 1).toBe(true)
    }
  })
})
