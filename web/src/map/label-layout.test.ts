import { describe, expect, it } from 'vitest'
import { chipsOverlap, LABEL_KINDS, LABEL_MIN_ZOOM } from './label-layout.ts'
import { GRID_MIN_ZOOM, STREET_LABEL_MIN_ZOOM } from './zoom.ts'

describe('chipsOverlap', () => {
  const chip = (x: number, y: number) => ({ x, y, box: [40, 20] as const })

  it('is true only when both the x and the y extents overlap', () => {
    expect(chipsOverlap(chip(0, 0), chip(39, 19))).toBe(true)
    expect(chipsOverlap(chip(0, 0), chip(40, 0))).toBe(false)
    expect(chipsOverlap(chip(0, 0), chip(0, 20))).toBe(false)
    expect(chipsOverlap(chip(0, 0), chip(-39, 0))).toBe(true)
  })
})

describe('label kinds', () => {
  it('rank towns over streets over rivers over grid codes, each from its zoom', () => {
    expect(LABEL_KINDS).toEqual(['town', 'street', 'river', 'grid'])
    expect(LABEL_MIN_ZOOM).toEqual({ town: 0, street: STREET_LABEL_MIN_ZOOM, river: STREET_LABEL_MIN_ZOOM, grid: GRID_MIN_ZOOM })
  })
})
