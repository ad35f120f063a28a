import { describe, expect, it } from 'vitest'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { focusExtent, focusFromQuery, TOWN_HALF_SIDE_DEG } from './wall-focus.ts'

const basemap: BasemapCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.84, 32.35] },
      properties: { kind: 'town', name: { zh: '南江镇（县城）', en: 'Nanjiang (county seat)' }, approximate: true, source: 't' },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.6, 32.1] },
      properties: { kind: 'town', name: { zh: '长赤镇', en: 'Changchi' }, approximate: true, source: 't' },
    },
    {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.3], [106.9, 32.4], [106.8, 32.3]]] },
      properties: { kind: 'built_up', name: { zh: '建成区', en: 'Built-up' }, approximate: true, source: 't' },
    },
  ],
}

describe('focusFromQuery', () => {
  it('defaults to the built-up area', () => {
    expect(focusFromQuery({})).toEqual({ kind: 'default' })
    expect(focusExtent({ kind: 'default' }, basemap)).toEqual([106.8, 32.3, 106.9, 32.4])
  })

  it('reads a bbox and says what is wrong with a bad one', () => {
    expect(focusFromQuery({ bbox: '106.8,32.3,106.9,32.4' })).toEqual({ kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] })
    expect(focusFromQuery({ bbox: '106.9,32.3,106.8,32.4' })).toEqual({ error: 'bbox: minLon must be less than maxLon' })
    expect(focusFromQuery({ bbox: '1,2,3' })).toMatchObject({ error: expect.stringContaining('four numbers') })
    expect(focusFromQuery({ bbox: '1,2,3,4', town: '长赤' })).toMatchObject({ error: expect.stringContaining('not both') })
  })

  it('finds a town by Chinese or English name, with or without 镇, around its centre', () => {
    for (const name of ['长赤镇', '长赤', 'changchi', ' Changchi ']) {
      const focus = focusFromQuery({ town: name })
      expect(focusExtent(focus as never, basemap)).toEqual([
        106.6 - TOWN_HALF_SIDE_DEG,
        32.1 - TOWN_HALF_SIDE_DEG,
        106.6 + TOWN_HALF_SIDE_DEG,
        32.1 + TOWN_HALF_SIDE_DEG,
      ])
    }
    expect(focusExtent({ kind: 'town', name: '南江' }, basemap)).toEqual(expect.arrayContaining([106.84 - TOWN_HALF_SIDE_DEG]))
    expect(focusExtent({ kind: 'town', name: '成都' }, basemap)).toEqual({ error: 'town: no town named 成都' })
  })
})
