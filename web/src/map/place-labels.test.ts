import type { BasemapProperties } from '@citygrid/shared'
import type { Feature, Geometry } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { BasemapCollection } from './offline-style.ts'
import { extentOf, midpointAlong, placeLabels } from './place-labels.ts'

function feature(kind: BasemapProperties['kind'], zh: string, geometry: Geometry, approximate = false) {
  return { type: 'Feature', geometry, properties: { kind, name: { zh, en: `${zh}-en` }, approximate, source: 't' } } as Feature<
    Geometry,
    BasemapProperties
  >
}

describe('midpointAlong', () => {
  it('walks half the length of the line, not half the vertices', () => {
    expect(midpointAlong([[0, 0], [1, 0], [1, 3]])).toEqual([1, 1])
    expect(midpointAlong([[2, 2]])).toEqual([2, 2])
    expect(midpointAlong([])).toBeNull()
  })
})

describe('placeLabels', () => {
  const data: BasemapCollection = {
    type: 'FeatureCollection',
    features: [
      feature('town', '沙河镇', { type: 'Point', coordinates: [106.9, 32.5] }),
      feature('street', '滨河路', { type: 'LineString', coordinates: [[0, 0], [2, 0]] }),
      feature('street', '滨河路', { type: 'LineString', coordinates: [[10, 0], [10, 6]] }),
      feature('street', '朝阳路', { type: 'LineString', coordinates: [[0, 1], [0, 3]] }, true),
      feature('county', '南江县', { type: 'Point', coordinates: [0, 0] }),
    ],
  }

  it('labels town points as approximate, streets once on their longest piece', () => {
    expect(placeLabels(data, 'zh')).toEqual([
      { kind: 'town', text: '沙河镇（示意）', position: [106.9, 32.5] },
      { kind: 'street', text: '滨河路', position: [10, 3] },
      { kind: 'street', text: '朝阳路（示意）', position: [0, 2] },
    ])
  })

  it('speaks English when asked', () => {
    expect(placeLabels(data, 'en').map((l) => l.text)).toEqual(['沙河镇-en (approx.)', '滨河路-en', '朝阳路-en (approx.)'])
  })
})

describe('extentOf', () => {
  it('spans every feature of the kind, and is null when there is none', () => {
    const data: BasemapCollection = {
      type: 'FeatureCollection',
      features: [
        feature('county', '南江县', { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] }),
        feature('county', '南江县', { type: 'Point', coordinates: [0, 4] }),
        feature('street', '滨河路', { type: 'LineString', coordinates: [[-9, -9], [9, 9]] }),
      ],
    }
    expect(extentOf(data, 'county')).toEqual([0, 2, 3, 5])
    expect(extentOf(data, 'river')).toBeNull()
  })
})
