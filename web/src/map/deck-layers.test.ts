import { LAYER_IDS, type LayerFeatureCollection, type LayerId } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { buildDeckLayers, layerIdOf, type DeckInput } from './deck-layers.ts'
import { DECK_THEMES } from './theme.ts'

const allVisible = Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<LayerId, boolean>

const points: LayerFeatureCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [106.84, 32.35] }, properties: { kind: 'canopy' } }],
  numberMatched: 1,
  numberReturned: 1,
  truncated: false,
}

function input(over: Partial<DeckInput> = {}): DeckInput {
  return { layers: { vending: points }, visible: allVisible, zoom: 13, labels: [], pulses: [], now: 0, ...over }
}

describe('buildDeckLayers', () => {
  it('always returns the same stable ids in drawing order', () => {
    const ids = buildDeckLayers(input()).map((l) => l.id)
    expect(ids).toEqual([
      'patrol-zones',
      'construction-sites',
      'illegal-structures',
      'vending',
      'vending-points',
      'place-labels',
      'parking',
      'dust-sensors',
      'incidents-pulse',
      'incidents',
    ])
    expect(buildDeckLayers(input({ zoom: 17 })).map((l) => l.id)).toEqual(ids)
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
  })

  it('hides a layer that is switched off', () => {
    const layers = buildDeckLayers(input({ visible: { ...allVisible, parking: false } }))
    expect(layers.find((l) => l.id === 'parking')?.props.visible).toBe(false)
  })

  it('draws the same layers for the dark wall, with dark outlines and pixel sizes scaled for distance', () => {
    const prop = (i: DeckInput, id: string, name: string) => (buildDeckLayers(i).find((l) => l.id === id)?.props as Record<string, unknown>)[name]
    const dark = input({ theme: 'dark', scale: 2 })
    expect(buildDeckLayers(dark).map((l) => l.id)).toEqual(buildDeckLayers(input()).map((l) => l.id))
    expect(prop(input(), 'incidents', 'getLineColor')).toEqual(DECK_THEMES.light.markerOutline)
    expect(prop(dark, 'incidents', 'getLineColor')).toEqual(DECK_THEMES.dark.markerOutline)
    expect(prop(input(), 'incidents', 'radiusScale')).toBe(1)
    expect(prop(dark, 'incidents', 'radiusScale')).toBe(2)
    expect(prop(dark, 'place-labels', 'sizeScale')).toBe(2)
  })
})

describe('layerIdOf', () => {
  it('maps deck.gl ids back to layer ids', () => {
    expect(layerIdOf('vending-points')).toBe('vending')
    expect(layerIdOf('dust-sensors')).toBe('dust-sensors')
    expect(layerIdOf('incidents-pulse')).toBeNull()
  })
})

describe('buildDeckLayers on the wall', () => {
  const incidents: LayerFeatureCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [106.84, 32.35] }, properties: { classCode: '0501', reportedAt: '2026-11-25T11:30:00Z' } },
    ],
    numberMatched: 1,
    numberReturned: 1,
    truncated: false,
  }
  const lineColor = (i: DeckInput) => {
    const layer = buildDeckLayers(i).find((l) => l.id === 'incidents')!
    const get = (layer.props as { getLineColor?: unknown }).getLineColor
    return typeof get === 'function' ? (get as (f: unknown) => unknown)(incidents.features[0]) : get
  }

  it('rings open cases by age only when asked, as of the given minute', () => {
    expect(lineColor(input({ layers: { incidents } }))).toEqual(DECK_THEMES.light.markerOutline)
    const at = (iso: string) => lineColor(input({ layers: { incidents }, caseAgesAt: Date.parse(iso) }))
    expect(at('2026-11-25T12:00:00Z')).toEqual([248, 249, 250, 255])
    expect(at('2026-11-25T13:00:00Z')).toEqual([255, 212, 59, 255])
  })

  it('shows a playback moment in place of the live cases and monitors', () => {
    const frame = {
      at: 0,
      cases: [{ id: 1, classCode: '0501', lng: 106.84, lat: 32.35, reportedAt: '2026-11-25T11:00:00Z', endedAt: null }],
      sensors: [{ code: 'DS-1', position: [106.8, 32.3] as [number, number], pm10: 120 }],
    }
    const layers = buildDeckLayers(input({ layers: { incidents }, playback: frame }))
    const ids = layers.map((l) => l.id)
    expect(ids).not.toContain('incidents')
    expect(ids).not.toContain('dust-sensors')
    expect(layers.find((l) => l.id === 'playback-cases')?.props.data).toBe(frame.cases)
    expect(layers.find((l) => l.id === 'playback-sensors')?.props.data).toBe(frame.sensors)
  })
})
