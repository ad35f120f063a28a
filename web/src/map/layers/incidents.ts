import { ScatterplotLayer } from '@deck.gl/layers'
import { EVENT_CLASSES, type LayerFeatureCollection } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type FeatureOf } from '../../layers/feature-types.ts'
import { enumColor, rgba } from '../colors.ts'
import { memoByRef } from './memo.ts'
import { pulseFrame, type Pulse } from './pulse.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


type Case = FeatureOf<'incidents', Point>
const cases = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc, 'incidents'))

/** Open cases coloured by event class (GB/T 30428.2), plus expanding rings on the newest. */
export function incidentLayers(
  fc: LayerFeatureCollection | undefined,
  visible: boolean,
  pulses: readonly Pulse[],
  now: number,
  theme: DeckTheme = DECK_THEMES.light,
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
      radiusScale: theme.scale,
    lineWidthScale: theme.scale,
    radiusUnits: 'pixels',
      getRadius: 7,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      getLineColor: theme.markerOutline,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getFillColor: (f) => rgba(enumColor(EVENT_CLASSES, f.properties.classCode)),
    }),
  ]
}
