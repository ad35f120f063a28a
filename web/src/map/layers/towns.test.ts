import type { TownCollection } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { DECK_THEMES } from '../theme.ts'
import { NO_OPEN_CASES_SHADE, TOWN_SHADES } from '../town-shading.ts'
import { hexToRgba } from '../colors.ts'
import { townClasses, townShadeLayer } from './towns.ts'

const square = (w: number): [number, number][][][] => [[[[w, 32], [w + 0.1, 32], [w + 0.1, 32.1], [w, 32.1], [w, 32]]]]
const towns: TownCollection = {
  type: 'FeatureCollection',
  features: [0, 2, 10].map((openCases, i) => ({
    type: 'Feature',
    id: i + 1,
    geometry: { type: 'MultiPolygon', coordinates: square(106.6 + i * 0.1) },
    properties: { id: i + 1, name: { zh: `镇${i}`, en: `T${i}` }, approximate: i > 0, source: 't', openCases, overdueCases: 0 },
  })),
}

describe('townShadeLayer', () => {
  it('shades each town by its open cases on the scale its legend shows', () => {
    const layer = townShadeLayer(towns, DECK_THEMES.dark)
    expect(layer.props.data).toBe(towns)
    const fill = layer.props.getFillColor as unknown as (f: unknown) => number[]
    const shades = towns.features.map((f) => fill(f).slice(0, 3))
    expect(shades).toEqual([NO_OPEN_CASES_SHADE, TOWN_SHADES[0], TOWN_SHADES[4]].map((c) => hexToRgba(c).slice(0, 3)))
    expect(townClasses(towns), 'one scale per collection').toBe(townClasses(towns))
  })
})
