import { LAYER_DEFINITIONS, LAYER_IDS, LAYER_REGISTRY, SPACE_STATUSES, type LayerFeature, type LayerId } from '@citygrid/shared'
import type { Geometry } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { CollectionOf } from '../layers/feature-types.ts'
import { rgba, UNKNOWN_COLOR } from './colors.ts'
import { buildDeckLayers, deckLayerZ, layerIdOf, type DeckInput } from './deck-layers.ts'
import { markerLayer } from './layers/default-layers.ts'
import { DECK_THEMES } from './theme.ts'

const allVisible = Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>

function collection<P>(features: LayerFeature<P>[]) {
  return { type: 'FeatureCollection' as const, features, numberMatched: features.length, numberReturned: features.length, truncated: false }
}
const at = (coordinates: [number, number]): Geometry => ({ type: 'Point', coordinates })

const points: CollectionOf<'vending'> = collection([
  {
    type: 'Feature',
    id: 1,
    geometry: at([106.84, 32.35]),
    properties: { kind: 'canopy', status: 'active', permittedHours: null, street: '滨江路', town: '南江镇', lastInspectedAt: null },
  },
])

/** A deck.gl layer's accessor or constant, applied to `object` when it is an accessor. */
function accessor(layer: { props: unknown } | undefined, name: string, object: unknown): unknown {
  const value = (layer?.props as Record<string, unknown>)[name]
  return typeof value === 'function' ? (value as (o: unknown) => unknown)(object) : value
}

function input(over: Partial<DeckInput> = {}): DeckInput {
  return { layers: { vending: points }, visible: allVisible, zoom: 13, pulses: [], now: 0, ...over }
}

describe('buildDeckLayers', () => {
  it('always returns the same stable ids in drawing order: town shading and zones, where given, under everything', () => {
    const ids = buildDeckLayers(input()).map((l) => l.id)
    // Hidden layers would still have their shaders built: town shading and zones only where there are some.
    expect(ids).not.toContain('town-shading')
    expect(ids).not.toContain('patrol-zones')
    const withBoth = buildDeckLayers(input({ towns: { type: 'FeatureCollection', features: [] }, zones: [] })).map((l) => l.id)
    expect(withBoth.slice(0, 2)).toEqual(['town-shading', 'patrol-zones'])
    const at = (id: string) => ids.indexOf(id)
    // The layers that draw themselves keep their extra ids beside their own.
    expect(at('vending-points')).toBe(at('vending') + 1)
    expect(at('cases-pulse')).toBe(at('cases') - 1)
    expect(new Set(ids).size).toBe(ids.length)
    expect(buildDeckLayers(input({ zoom: 17 })).map((l) => l.id)).toEqual(ids)
  })

  it("goes under the map's unit grid and labels where its z is lower, once they are on the map", () => {
    // As layerAbove answers with the grid at 5 and the labels at 35 on the map.
    const beforeIdAt = (z: number) => (z < 5 ? 'unit-grid' : z < 35 ? 'labels-grid' : undefined)
    const beforeIds = (i: DeckInput) => Object.fromEntries(buildDeckLayers(i).map((l) => [l.id, (l.props as { beforeId?: string }).beforeId]))
    const placed = beforeIds(input({ beforeIdAt, towns: { type: 'FeatureCollection', features: [] }, zones: [] }))
    expect(placed['town-shading']).toBe('unit-grid')
    expect(placed['patrol-zones']).toBe('unit-grid')
    // Labels sit at z 35 (define-layer.ts): above the areas and the hotspots, under the markers.
    for (const def of LAYER_REGISTRY.filter((l) => l.style.shape === 'marker')) expect(placed[def.id], def.id).toBe(def.style.z < 35 ? 'labels-grid' : undefined)
    expect(placed['vending-points']).toBe('labels-grid')
    expect(placed['cases-pulse']).toBeUndefined()
    // Before the map has them, over everything.
    expect(Object.values(beforeIds(input())).every((b) => b === undefined)).toBe(true)
  })

  it('draws every point layer of the registry, in the order of their style.z, and no polygon layer (MapLibre draws those)', () => {
    const ids = buildDeckLayers(input()).map((l) => l.id)
    for (const def of LAYER_REGISTRY.filter((l) => l.style.shape === 'area')) expect(ids).not.toContain(def.id)
    const drawnAt = LAYER_REGISTRY.filter((l) => l.style.shape === 'marker').map((def) => ({ z: def.style.z, at: ids.indexOf(def.id) }))
    expect(drawnAt.every((d) => d.at >= 0)).toBe(true)
    const byZ = [...drawnAt].sort((a, b) => a.z - b.z).map((d) => d.at)
    expect(byZ).toEqual([...byZ].sort((a, b) => a - b))
  })

  it('swaps vending hotspots for individual stalls at street zoom', () => {
    const visibleAt = (zoom: number) =>
      Object.fromEntries(
        buildDeckLayers(input({ zoom }))
          .filter((l) => l.id.startsWith('vending'))
          .map((l) => [l.id, l.props.visible]),
      )
    expect(visibleAt(14.9)).toEqual({ vending: true, 'vending-points': false })
    expect(visibleAt(15)).toEqual({ vending: false, 'vending-points': true })
  })

  it('hands deck.gl the same data array while the collection is unchanged', () => {
    const data = (i: DeckInput) => buildDeckLayers(i).find((l) => l.id === 'vending-points')?.props.data
    const first = data(input())
    expect(first).toHaveLength(1)
    expect(data(input({ now: 1234 }))).toBe(first)
    expect(data(input({ layers: { vending: { ...points } } }))).not.toBe(first)
    expect(accessor(buildDeckLayers(input()).find((l) => l.id === 'vending-points'), 'getFillColor', points.features[0])).toEqual(
      rgba(LAYER_DEFINITIONS.vending.legend.entries.find((e) => e.value === 'canopy')!.color),
    )
  })

  it('hides a layer that is switched off', () => {
    const layers = buildDeckLayers(input({ visible: { ...allVisible, parking: false } }))
    expect(layers.find((l) => l.id === 'parking')?.props.visible).toBe(false)
  })

  it('draws the same layers for the dark wall, with dark outlines and pixel sizes scaled for distance', () => {
    const prop = (i: DeckInput, id: string, name: string) => (buildDeckLayers(i).find((l) => l.id === id)?.props as Record<string, unknown>)[name]
    const dark = input({ theme: 'dark', scale: 2 })
    expect(buildDeckLayers(dark).map((l) => l.id)).toEqual(buildDeckLayers(input()).map((l) => l.id))
    expect(prop(input(), 'cases', 'getLineColor')).toEqual(DECK_THEMES.light.markerOutline)
    expect(prop(dark, 'cases', 'getLineColor')).toEqual(DECK_THEMES.dark.markerOutline)
    expect(prop(input(), 'cases', 'radiusScale')).toBe(1)
    expect(prop(dark, 'cases', 'radiusScale')).toBe(2)
    expect(prop(dark, 'dust-sensors', 'getLineColor')).toEqual(DECK_THEMES.dark.sensorOutline)
  })
})

describe('deckLayerZ', () => {
  it("is the layer's z, or its overlay's, for what a click may pick", () => {
    expect(deckLayerZ('cases')).toBe(LAYER_DEFINITIONS.cases.style.z)
    expect(deckLayerZ('vending-points')).toBe(LAYER_DEFINITIONS.vending.style.z)
    expect(deckLayerZ('patrol-zones')).toBeLessThan(Math.min(...LAYER_REGISTRY.map((l) => l.style.z)))
    expect(deckLayerZ('town-shading')).toBeLessThan(deckLayerZ('patrol-zones'))
    expect(deckLayerZ('playback-cases')).toBe(Infinity)
  })
})

describe('layerIdOf', () => {
  it('maps deck.gl ids back to layer ids', () => {
    expect(layerIdOf('vending-points')).toBe('vending')
    expect(layerIdOf('dust-sensors')).toBe('dust-sensors')
    expect(layerIdOf('cases')).toBe('cases')
    expect(layerIdOf('cases-pulse')).toBeNull()
    expect(layerIdOf('patrol-zones')).toBeNull()
  })
})

describe('the default builders', () => {
  const toilets = {
    id: 'public-toilets',
    legend: {
      property: 'state',
      entries: [
        { value: 'open', label: { zh: '开放', en: 'Open' }, color: '#40c057' },
        { value: 'shut', label: { zh: '关闭', en: 'Shut' }, color: '#868e96' },
      ],
    },
  }
  const toilet = (id: number, state: string): LayerFeature => ({ type: 'Feature', id, geometry: at([106.84, 32.35]), properties: { state } })

  it('draw any point layer from its definition: markers sized by its style, filled by its legend', () => {
    const fc = collection([toilet(1, 'open'), toilet(2, 'flooded')])
    const style = { shape: 'marker' as const, z: 45, radius: { px: 5 }, outline: 'sensor' as const, outlinePx: 1 }
    const layer = markerLayer({ ...toilets, style }, fc, true, DECK_THEMES.dark)
    expect(layer.id).toBe('public-toilets')
    expect(layer.props.data).toHaveLength(2)
    expect(layer.props).toMatchObject({ radiusUnits: 'pixels', getRadius: 5, getLineWidth: 1, getLineColor: DECK_THEMES.dark.sensorOutline, pickable: true })
    expect(accessor(layer, 'getFillColor', fc.features[0])).toEqual(rgba('#40c057'))
    expect(accessor(layer, 'getFillColor', fc.features[1])).toEqual(rgba(UNKNOWN_COLOR))
  })

  it('size markers in metres within pixel bounds when the style says so (parking)', () => {
    const layer = markerLayer(LAYER_DEFINITIONS.parking, undefined, true, DECK_THEMES.light)
    expect(layer.props).toMatchObject({ radiusUnits: 'meters', getRadius: 2.5, radiusMinPixels: 3, radiusMaxPixels: 14 })
    const space = { properties: { status: 'occupied' } }
    expect(accessor(layer, 'getFillColor', space)).toEqual(rgba(SPACE_STATUSES.occupied.color))
  })
})

describe('buildDeckLayers on the wall', () => {
  const cases: CollectionOf<'cases'> = collection([
    {
      type: 'Feature',
      id: 7,
      geometry: at([106.84, 32.35]),
      properties: { caseNumber: '511922-2026-000007', title: '占道', classCode: '0501', status: 'reported', source: 'inspector', reportedAt: '2026-11-25T11:30:00Z', address: null },
    },
  ])
  const lineColor = (i: DeckInput) => accessor(buildDeckLayers(i).find((l) => l.id === 'cases'), 'getLineColor', cases.features[0])

  it('rings open cases by age only when asked, as of the given minute', () => {
    expect(lineColor(input({ layers: { cases } }))).toEqual(DECK_THEMES.light.markerOutline)
    const at = (iso: string) => lineColor(input({ layers: { cases }, caseAgesAt: Date.parse(iso) }))
    expect(at('2026-11-25T12:00:00Z')).toEqual([248, 249, 250, 255])
    expect(at('2026-11-25T13:00:00Z')).toEqual([255, 212, 59, 255])
  })

  it('shows a playback moment in place of the live cases and monitors', () => {
    const frame = {
      at: 0,
      cases: [{ id: 1, classCode: '0501', lng: 106.84, lat: 32.35, reportedAt: '2026-11-25T11:00:00Z', endedAt: null }],
      sensors: [{ code: 'DS-1', position: [106.8, 32.3] as [number, number], pm10: 120 }],
    }
    const layers = buildDeckLayers(input({ layers: { cases }, playback: frame }))
    const ids = layers.map((l) => l.id)
    expect(ids).not.toContain('cases')
    expect(ids).not.toContain('dust-sensors')
    // Where the lowest of the layers it replaces was drawn.
    const lowest = Math.min(...LAYER_REGISTRY.filter((l) => l.temporal).map((l) => l.style.z))
    const below = LAYER_REGISTRY.filter((l) => l.style.z < lowest).map((l) => l.id)
    const above = LAYER_REGISTRY.filter((l) => !l.temporal && l.style.z > lowest).map((l) => l.id)
    for (const id of below) expect(ids.indexOf(id)).toBeLessThan(ids.indexOf('playback-sensors'))
    for (const id of above) expect(ids.indexOf(id)).toBeGreaterThan(ids.indexOf('playback-cases'))
    expect(ids.indexOf('playback-cases')).toBe(ids.indexOf('playback-sensors') + 1)
    expect(layers.find((l) => l.id === 'playback-cases')?.props.data).toBe(frame.cases)
    expect(layers.find((l) => l.id === 'playback-sensors')?.props.data).toBe(frame.sensors)
  })
})
