import { ScatterplotLayer } from '@deck.gl/layers'
import { LAYER_DEFINITIONS } from '@citygrid/shared'
import { pointFeatures, type CollectionOf, type FeatureOf } from '../../layers/feature-types.ts'
import type { Point } from 'geojson'
import { rgba } from '../colors.ts'
import { caseAgeBand } from '../case-age.ts'
import { legendFill } from './default-layers.ts'
import { markerProps } from './marker.ts'
import { memoByRef } from './memo.ts'
import { pulseFrame, type Pulse } from './pulse.ts'
import type { DeckTheme } from '../theme.ts'

const CASES = LAYER_DEFINITIONS.cases
type Case = FeatureOf<'cases', Point>
const cases = memoByRef((fc: CollectionOf<'cases'>) => pointFeatures(fc))

/**
 * Open cases as the layer's default markers (filled by event class, GB/T 30428.2), plus expanding rings
 * on the newest. With `ages` (the wall) each case is ringed by how long it has waited, as of `ages.now`
 * (a minute clock, so the ring colours are recomputed once a minute, not every frame).
 */
export function caseLayers(
  fc: CollectionOf<'cases'> | undefined,
  visible: boolean,
  pulses: readonly Pulse[],
  now: number,
  theme: DeckTheme,
  ages: { now: number } | null = null,
) {
  const fill = legendFill(CASES)
  return [
    new ScatterplotLayer<Pulse>({
      id: `${CASES.id}-pulse`,
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
      id: CASES.id,
      data: cases(fc),
      visible,
      pickable: true,
      ...markerProps(theme, CASES.style, ages ? CASES.style.outlinePx + 1 : CASES.style.outlinePx),
      ...(ages ? { getLineColor: (f: Case) => rgba(caseAgeBand(f.properties.reportedAt, ages.now).color) } : {}),
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getFillColor: (f) => fill(f.properties),
      updateTriggers: { getLineColor: ages?.now ?? 0 },
    }),
  ]
}
