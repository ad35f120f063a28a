import { LAYER_DEFINITIONS, LAYER_REGISTRY, type LayerFeatureCollection } from '@citygrid/shared'
import type { FeatureCollection, Point } from 'geojson'
import { caseAgeBand } from './case-age.ts'
import { pm10Color } from './colors.ts'
import { pulseFrame, type Pulse } from './layers/pulse.ts'
import type { PlaybackFrame } from './playback-frame.ts'
import { AGE_PROPERTY, legendColor, markerRadius } from './registry-layers.ts'
import type { LayerSpecification } from './style-types.ts'
import { cssColor, DECK_THEMES, type MapTheme } from './theme.ts'

/**
 * What the live map draws over the registry's layers as MapLibre layers, besides them: the rings of a
 * new case (pulses), the wall's rings of how long each open case has waited (AGE_PROPERTY, which the
 * markers read: registry-layers.ts), and a moment of the past (the wall's playback) in place of the layers that change
 * over time. Pure: the layers as style specifications and their data.
 */

const CASES = LAYER_DEFINITIONS.cases
const SENSORS = LAYER_DEFINITIONS['dust-sensors']

/** Cases with the colour of their age band as of `now` (ms, a minute clock), for the wall's rings. */
export function withCaseAges(fc: LayerFeatureCollection, now: number): LayerFeatureCollection {
  return {
    ...fc,
    features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, [AGE_PROPERTY]: caseAgeBand(String(f.properties.reportedAt), now).color } })),
  }
}

export const PULSE_SOURCE = 'cases-pulses'
export const PULSE_LAYER = 'cases-pulse'

/** The pulses' rings as they are at `now`: each a point with its radius (pixels), colour and opacity. */
export function pulseData(pulses: readonly Pulse[], now: number): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: pulses.map((p) => {
      const { radius, alpha } = pulseFrame(now - p.startedAt)
      return { type: 'Feature', geometry: { type: 'Point', coordinates: p.position }, properties: { radius, color: p.color, opacity: alpha / 255 } }
    }),
  }
}

/** Expanding, fading rings (no fill), scaled for a wall. */
export function pulseLayer(scale: number): LayerSpecification {
  return {
    id: PULSE_LAYER,
    type: 'circle',
    source: PULSE_SOURCE,
    paint: {
      'circle-opacity': 0,
      'circle-radius': ['*', ['get', 'radius'], scale],
      'circle-stroke-color': ['get', 'color'],
      'circle-stroke-opacity': ['get', 'opacity'],
      'circle-stroke-width': 3 * scale,
    },
  }
}

export const PLAYBACK_SOURCE = 'playback'
export const PLAYBACK_LAYERS = { sensors: 'playback-sensors', cases: 'playback-cases' } as const
/** Where a playback is drawn: where the lowest of the layers it stands in for is. */
export const PLAYBACK_Z = Math.min(...LAYER_REGISTRY.filter((l) => l.temporal).map((l) => l.style.z))

/** A playback moment as points: the monitors with the colour of their PM10 band then, and the cases open then (their class). */
export function playbackData(frame: PlaybackFrame | null): FeatureCollection<Point> {
  if (!frame) return { type: 'FeatureCollection', features: [] }
  return {
    type: 'FeatureCollection',
    features: [
      ...frame.sensors.map((s) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: s.position }, properties: { kind: 'sensor', color: pm10Color(s.pm10) } })),
      ...frame.cases.map((c) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [c.lng, c.lat] }, properties: { kind: 'case', classCode: c.classCode } })),
    ],
  }
}

/**
 * The playback's markers, monitors under cases, drawn as their layers draw them: monitors by the band
 * of that moment's PM10, cases by class. Not pickable: the past is looked at, not edited.
 */
export function playbackLayers(theme: MapTheme, scale: number): LayerSpecification[] {
  const t = DECK_THEMES[theme]
  return [
    {
      id: PLAYBACK_LAYERS.sensors,
      type: 'circle',
      source: PLAYBACK_SOURCE,
      filter: ['==', ['get', 'kind'], 'sensor'],
      paint: {
        'circle-color': ['get', 'color'],
        'circle-radius': markerRadius(SENSORS.style, scale) as never,
        'circle-stroke-color': cssColor(t.sensorOutline),
        'circle-stroke-width': SENSORS.style.outlinePx * scale,
      },
    },
    {
      id: PLAYBACK_LAYERS.cases,
      type: 'circle',
      source: PLAYBACK_SOURCE,
      filter: ['==', ['get', 'kind'], 'case'],
      paint: {
        'circle-color': legendColor(CASES) as never,
        'circle-radius': markerRadius(CASES.style, scale) as never,
        'circle-stroke-color': cssColor(t.markerOutline),
        'circle-stroke-width': CASES.style.outlinePx * scale,
      },
    },
  ]
}
