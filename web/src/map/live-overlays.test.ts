import { LAYER_DEFINITIONS, LAYER_REGISTRY, type LayerFeatureCollection } from '@citygrid/shared'
import { describe, expect, it } from 'vitest'
import { CASE_AGE_BANDS } from './case-age.ts'
import { pm10Color } from './colors.ts'
import { PULSE_PERIOD_MS } from './layers/pulse.ts'
import { playbackData, playbackLayers, PLAYBACK_LAYERS, PLAYBACK_Z, pulseData, pulseLayer, withCaseAges } from './live-overlays.ts'
import { AGE_PROPERTY, registryStyleLayers } from './registry-layers.ts'
import { cssColor, DECK_THEMES } from './theme.ts'

const cases: LayerFeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 7,
      geometry: { type: 'Point', coordinates: [106.84, 32.35] },
      properties: { caseNumber: '511922-2026-000007', classCode: '0501', status: 'reported', reportedAt: '2026-11-25T11:30:00Z' },
    },
  ],
  numberMatched: 1,
  numberReturned: 1,
  truncated: false,
}

describe('the wall: cases ringed by how long they have waited', () => {
  it('carry the colour of their age band as of the given minute, and the cases\' markers ring them in it', () => {
    const at = (iso: string) => withCaseAges(cases, Date.parse(iso)).features[0]!.properties[AGE_PROPERTY]
    expect(at('2026-11-25T12:00:00Z')).toBe(CASE_AGE_BANDS[0].color)
    expect(at('2026-11-25T13:00:00Z')).toBe(CASE_AGE_BANDS[1].color)
    expect(at('2026-11-29T13:00:00Z')).toBe(CASE_AGE_BANDS[3].color)
    expect(cases.features[0]!.properties[AGE_PROPERTY], 'the store\'s collection is left as it was').toBeUndefined()
    const [marker] = registryStyleLayers(LAYER_DEFINITIONS.cases, 'dark', 2) as { paint: Record<string, unknown> }[]
    expect(marker!.paint['circle-stroke-color']).toEqual(['coalesce', ['get', AGE_PROPERTY], cssColor(DECK_THEMES.dark.markerOutline)])
    expect(marker!.paint['circle-stroke-width']).toEqual(['case', ['has', AGE_PROPERTY], (LAYER_DEFINITIONS.cases.style.outlinePx + 1) * 2, LAYER_DEFINITIONS.cases.style.outlinePx * 2])
  })
})

describe('pulses', () => {
  it('are rings that grow and fade over each period, in the class colour, scaled for a wall', () => {
    const pulse = { id: 1, position: [106.84, 32.35] as [number, number], color: '#e03131', startedAt: 1_000 }
    const early = pulseData([pulse], 1_000 + PULSE_PERIOD_MS * 0.1).features[0]!.properties!
    const late = pulseData([pulse], 1_000 + PULSE_PERIOD_MS * 0.9).features[0]!.properties!
    expect(late.radius).toBeGreaterThan(early.radius)
    expect(late.opacity).toBeLessThan(early.opacity)
    expect(early.color).toBe('#e03131')
    expect((pulseLayer(2) as { paint: Record<string, unknown> }).paint['circle-radius']).toEqual(['*', ['get', 'radius'], 2])
  })
})

describe('playback', () => {
  const frame = {
    at: 0,
    cases: [{ id: 1, classCode: '0501', lng: 106.84, lat: 32.35, reportedAt: '2026-11-25T11:00:00Z', endedAt: null }],
    sensors: [
      { code: 'DS-1', position: [106.8, 32.3] as [number, number], pm10: 120 },
      { code: 'DS-2', position: [106.9, 32.4] as [number, number], pm10: null },
    ],
  }

  it('draws a moment\'s monitors in the colour of their PM10 then and its cases by class, where the temporal layers were', () => {
    const fc = playbackData(frame)
    expect(fc.features.map((f) => f.properties!.kind)).toEqual(['sensor', 'sensor', 'case'])
    expect(fc.features[0]!.properties!.color).toBe(pm10Color(120))
    expect(fc.features[1]!.properties!.color).toBe(pm10Color(null))
    expect(fc.features[2]!.geometry.coordinates).toEqual([106.84, 32.35])
    expect(playbackData(null).features).toEqual([])
    expect(playbackLayers('light', 1).map((l) => l.id)).toEqual([PLAYBACK_LAYERS.sensors, PLAYBACK_LAYERS.cases])
    expect(PLAYBACK_Z).toBe(Math.min(...LAYER_REGISTRY.filter((l) => l.temporal).map((l) => l.style.z)))
  })
})
