import type { LayerFeature, LayerFeatureCollection } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { featureDiff } from './source-diff.ts'

const feature = (id: string | number, status = 'free'): LayerFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [106.84, 32.35] }, properties: { status } })
const fc = (features: LayerFeature[]): LayerFeatureCollection => ({ type: 'FeatureCollection', features, numberMatched: features.length, numberReturned: features.length, truncated: false })

describe('featureDiff', () => {
  const spaces = Array.from({ length: 10 }, (_, i) => feature(`s${i}`))

  it('removes what is gone and what changed, adds what is new and what changed, leaves the rest', () => {
    const changed = feature('s3', 'occupied')
    const next = [...spaces.slice(0, 3), changed, ...spaces.slice(4, 9), feature('s10')]
    expect(featureDiff(fc(spaces), fc(next))).toEqual({ remove: ['s3', 's9'], add: [changed, next.at(-1)] })
  })

  it('is empty when nothing changed, even in a new collection object', () => {
    expect(featureDiff(fc(spaces), fc([...spaces]))).toEqual({ remove: [], add: [] })
  })

  it('gives up when most of the layer changed (the whole data is cheaper then)', () => {
    expect(featureDiff(fc(spaces), fc(spaces.map((f) => feature(f.id, 'occupied'))))).toBeNull()
    expect(featureDiff(fc([]), fc(spaces))).toBeNull()
  })
})
