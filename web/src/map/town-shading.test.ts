import { describe, expect, it } from 'vitest'
import { NO_OPEN_CASES_SHADE, shadeClasses, shadeOf, TOWN_SHADES } from './town-shading.ts'

describe('town shading', () => {
  it('gives towns without open cases a class of their own, and splits 1…max into five equal classes', () => {
    const classes = shadeClasses([0, 3, 40, 12])
    expect(classes.map((c) => [c.min, c.max])).toEqual([[0, 0], [1, 8], [9, 16], [17, 24], [25, 32], [33, 40]])
    expect(classes.map((c) => c.color)).toEqual([NO_OPEN_CASES_SHADE, ...TOWN_SHADES])
    expect(shadeOf(classes, 0)).toBe(NO_OPEN_CASES_SHADE)
    expect(shadeOf(classes, 3)).toBe(TOWN_SHADES[0])
    expect(shadeOf(classes, 40)).toBe(TOWN_SHADES[4])
    expect(shadeOf(classes, 99), 'past the last class').toBe(TOWN_SHADES[4])
  })

  it('uses fewer classes for few cases, the most always the darkest', () => {
    expect(shadeClasses([0, 0]).map((c) => [c.min, c.max])).toEqual([[0, 0]])
    expect(shadeClasses([1]).map((c) => [c.min, c.max, c.color])).toEqual([[0, 0, NO_OPEN_CASES_SHADE], [1, 1, TOWN_SHADES[4]]])
    const three = shadeClasses([3, 1])
    expect(three.map((c) => [c.min, c.max])).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]])
    expect(three.map((c) => c.color)).toEqual([NO_OPEN_CASES_SHADE, TOWN_SHADES[0], TOWN_SHADES[2], TOWN_SHADES[4]])
    expect(shadeClasses([7]).map((c) => [c.min, c.max])).toEqual([[0, 0], [1, 2], [3, 4], [5, 6], [7, 7]])
  })
})
