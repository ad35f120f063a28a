import { describe, expect, it } from 'vitest'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { TOWNS } from './town-fixture.ts'
import { areaBBox, areaOf, areaQuery, COUNTY_AREA, inArea, withArea, type WallArea } from './wall-area.ts'
import { restingExtent } from './wall-view.ts'

const changchi: WallArea = { kind: 'town', town: TOWNS.features[0]! }

describe('the wall area', () => {
  it('is the town a focus names, matched as the server matches town= (zh or en, with or without 镇 or a note)', () => {
    for (const name of ['长赤镇', '长赤', 'changchi', 'Changchi（示意）']) {
      expect(areaOf({ kind: 'town', name }, TOWNS)).toEqual(changchi)
    }
    expect(areaOf({ kind: 'town', name: '南江' }, TOWNS)).toMatchObject({ kind: 'town', town: { id: 2 } })
    expect(areaOf({ kind: 'town', name: '成都' }, TOWNS)).toEqual({ error: 'town: no town named 成都' })
    expect(areaOf({ kind: 'town', name: '长赤' }, null), 'not known before the towns are').toBeNull()
    expect(areaOf({ kind: 'county' }, null)).toEqual(COUNTY_AREA)
    expect(areaOf({ kind: 'bbox', bbox: [1, 2, 3, 4] }, null)).toEqual({ kind: 'bbox', bbox: [1, 2, 3, 4] })
  })

  it('asks the server with one town= or bbox= (nothing for the county), added to any query', () => {
    expect(areaQuery(COUNTY_AREA)).toBe('')
    expect(areaQuery(changchi)).toBe('town=%E9%95%BF%E8%B5%A4%E9%95%87')
    expect(new URLSearchParams(areaQuery(changchi)).get('town')).toBe('长赤镇')
    expect(areaQuery({ kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] })).toBe('bbox=106.8%2C32.3%2C106.9%2C32.4')
    expect(withArea('by=department', changchi)).toBe('by=department&town=%E9%95%BF%E8%B5%A4%E9%95%87')
    expect(withArea('by=department', COUNTY_AREA)).toBe('by=department')
  })

  it('keeps the places inside a town’s polygon (its edge included) or the box; the county keeps all', () => {
    expect(inArea(changchi, [106.75, 32.35])).toBe(true)
    expect(inArea(changchi, [106.7, 32.35]), 'on the edge, as ST_Intersects counts it').toBe(true)
    expect(inArea(changchi, [106.85, 32.35])).toBe(false)
    const box: WallArea = { kind: 'bbox', bbox: [106.8, 32.3, 106.9, 32.4] }
    expect(inArea(box, [106.85, 32.35])).toBe(true)
    expect(inArea(box, [106.95, 32.35])).toBe(false)
    expect(inArea(COUNTY_AREA, [0, 0])).toBe(true)
  })

  it('opens the map on the town’s polygon, the box, or the county outline (the rotation’s town on the county’s wall)', () => {
    expect(areaBBox(changchi)).toEqual([106.7, 32.3, 106.8, 32.4])
    expect(areaBBox(COUNTY_AREA)).toBeNull()
    const basemap: BasemapCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[[106.5, 32.0], [107.1, 32.0], [107.1, 32.7], [106.5, 32.0]]] },
          properties: { kind: 'county', name: { zh: '南江县', en: 'Nanjiang' }, approximate: true, source: 't' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[[106.8, 32.3], [106.9, 32.3], [106.9, 32.4], [106.8, 32.3]]] },
          properties: { kind: 'built_up', name: { zh: '建成区', en: 'Built-up' }, approximate: true, source: 't' },
        },
      ],
    }
    expect(restingExtent(COUNTY_AREA, null, basemap)).toEqual([106.5, 32.0, 107.1, 32.7])
    expect(restingExtent(null, null, basemap), 'an area not known (yet): the county').toEqual([106.5, 32.0, 107.1, 32.7])
    expect(restingExtent(changchi, null, basemap)).toEqual([106.7, 32.3, 106.8, 32.4])
    expect(restingExtent(COUNTY_AREA, { kind: 'town', town: TOWNS.features[2]! }, basemap)).toEqual([106.9, 32.3, 107, 32.4])
    expect(restingExtent(COUNTY_AREA, { kind: 'county' }, basemap)).toEqual([106.5, 32.0, 107.1, 32.7])
  })
})
