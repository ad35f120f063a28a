import { describe, expect, it } from 'vitest'
import { buildDeckLayers, type DeckInput } from './deck-layers.ts'

const towns = { type: 'FeatureCollection' as const, features: [] }

describe('buildDeckLayers', () => {
  it('draws the town shading and the patrol zones, each only where given, shading under the zones', () => {
    // Hidden layers would still have their shaders built: nothing at all without towns or zones.
    expect(buildDeckLayers({})).toEqual([])
    expect(buildDeckLayers({ zones: [] }).map((l) => l.id)).toEqual(['patrol-zones'])
    expect(buildDeckLayers({ towns, zones: [] }).map((l) => l.id)).toEqual(['town-shading', 'patrol-zones'])
  })

  it("goes under the map's own layers above its z, once they are on the map", () => {
    // As layerAbove answers with the unit grid (z 5) the lowest of ours.
    const beforeIdAt = (z: number) => (z < 5 ? 'unit-grid' : undefined)
    const beforeIds = (i: DeckInput) => buildDeckLayers(i).map((l) => (l.props as { beforeId?: string }).beforeId)
    expect(beforeIds({ beforeIdAt, towns, zones: [] })).toEqual(['unit-grid', 'unit-grid'])
    // Before the map has them, over everything.
    expect(beforeIds({ towns, zones: [] })).toEqual([undefined, undefined])
  })

  it('scales outlines for a wall', () => {
    expect(buildDeckLayers({ towns, scale: 2, theme: 'dark' })[0]!.props).toMatchObject({ lineWidthScale: 2 })
    expect(buildDeckLayers({ towns })[0]!.props).toMatchObject({ lineWidthScale: 1 })
  })
})
