import { describe, expect, it } from 'vitest'
import { bandOf, PM10_BANDS, PM25_BANDS } from './dust.ts'

describe('AQI bands (HJ 633-2012)', () => {
  it.each([
    [0, 1],
    [50, 1],
    [51, 2],
    [150, 2],
    [151, 3],
    [250, 3],
    [350, 4],
    [420, 5],
    [421, 6],
    [900, 6],
  ])('PM10 %d µg/m³ is level %d', (value, level) => {
    expect(bandOf(PM10_BANDS, value).level).toBe(level)
  })

  it.each([
    [35, 1],
    [36, 2],
    [75, 2],
    [115, 3],
    [150, 4],
    [250, 5],
    [251, 6],
  ])('PM2.5 %d µg/m³ is level %d', (value, level) => {
    expect(bandOf(PM25_BANDS, value).level).toBe(level)
  })

  it('labels each band in Chinese and English with a distinct colour', () => {
    expect(PM10_BANDS.map((b) => b.label.zh)).toEqual(['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'])
    expect(new Set(PM10_BANDS.map((b) => b.color)).size).toBe(6)
  })
})
