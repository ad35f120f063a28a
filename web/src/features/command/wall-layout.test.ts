import { describe, expect, it } from 'vitest'
import { wallLayout } from './wall-layout.ts'

describe('wallLayout', () => {
  it('lays 16:9 screens out the same way at any resolution, type scaled with the height', () => {
    const hd = wallLayout(1920, 1080)
    const uhd = wallLayout(3840, 2160)
    expect(hd.kind).toBe('standard')
    expect(uhd.columns).toBe(hd.columns)
    expect(hd.fontPx).toBe(18)
    expect(uhd.fontPx).toBe(36)
    expect(hd.mapScale).toBe(1)
    expect(uhd.mapScale).toBe(2)
  })

  it('gives a 32:9 spliced wall the wide layout with two KPI columns', () => {
    const wall = wallLayout(7680, 2160)
    expect(wall.kind).toBe('wide')
    expect(wall.kpiColumns).toBe(2)
    expect(wall.fontPx).toBe(36)
  })

  it('keeps text inside a narrow screen and survives a zero-sized one', () => {
    const portrait = wallLayout(1080, 1920)
    expect(portrait.kind).toBe('narrow')
    expect(portrait.fontPx).toBeLessThanOrEqual(18 * (1080 / 1920) + 0.1)
    expect(wallLayout(0, 0).fontPx).toBeGreaterThanOrEqual(10)
  })
})
