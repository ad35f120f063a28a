import { ScatterplotLayer } from '@deck.gl/layers'
import { EVENT_CLASSES, type LayerFeatureCollection } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type FeatureOf } from '../../layers/feature-types.ts'
import { enumColor, rgba } from '../colors.ts'
import { caseAgeBand } from '../case-age.ts'
import { markerProps } from './marker.ts'
import { memoByRef } from './memo.ts'
import { pulseFrame, type Pulse } from './pulse.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


type Case = FeatureOf<'incidents', Point>
const cases = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc, 'incidents'))

/**
 * Open cases filled by event class (GB/T 30428.2), plus expanding rings on the newest. With `ages`
 * (the wall) each case is ringed by how long it has waited, as of `ages.now` (a minute clock, so the
 * ring colours are recomputed once a minute, not every frame).
 */
export function incidentLayers(
  fc: LayerFeatureCollection | undefined,
  visible: boolean,
  pulses: readonly Pulse[],
  now: number,
  theme: DeckTheme = DECK_THEMES.light,
  ages: { now: number } | null = null,
) {
  return [
    new ScatterplotLayer<Pulse>({
      id: 'incidents-pulse',
      data: pulses,
      visible: visible && pulses.length > 0,
      pickable: false,
      radiusScale: theme.scale,
      lineWidthScale: theme.scale,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      getPosition: (p) => p.position,
      getRadius: (p) => pulseFrame(now - p.startedAt).radius,
      getLineColor: (p) => rgba(p.color, pulseFrame(now - p.startedAt).alpha),
      updateTriggers: { getRadius: now, getLineColor: now },
    }),
    new ScatterplotLayer<Case>({
      id: 'incidents',
      data: cases(fc),
      visible,
      pickable: true,
      ...markerProps(theme, 7, theme.markerOutline, ages ? 3 : 2),
      ...(ages ? { getLineColor: (f: Case) => rgba(caseAgeBand(f.properties.reportedAt, ages.now).color) } : {}),
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getFillColor: (f) => rgba(enumColor(EVENT_CLASSES, f.properties.classCode)),
      updateTriggers: { getLineColor: ages?.now ?? 0 },
    }),
  ]
}
