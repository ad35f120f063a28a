import { HexagonLayer } from '@deck.gl/aggregation-layers'
import { LAYER_DEFINITIONS } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type CollectionOf, type FeatureOf } from '../../layers/feature-types.ts'
import { rgba, type Rgba } from '../colors.ts'
import { markerLayer } from './default-layers.ts'
import { memoByRef } from './memo.ts'
import type { DeckTheme } from '../theme.ts'

const VENDING = LAYER_DEFINITIONS.vending

/** Below this zoom vending is drawn as hotspot hexagons; at and above it, as individual stalls. */
export const VENDING_POINTS_MIN_ZOOM = 15
export const VENDING_HEX_RADIUS_M = 100

/** Light to dark red: more stalls in a hexagon, darker (also drawn as the panel's gradient). */
export const HOTSPOT_COLORS = ['#fff3bf', '#ffd43b', '#ff922b', '#f76707', '#e03131', '#a61e4d'] as const
const HOTSPOT_ALPHA = 170
const HOTSPOT_RANGE: Rgba[] = HOTSPOT_COLORS.map((h) => rgba(h, HOTSPOT_ALPHA))

type Stall = FeatureOf<'vending', Point>
const stalls = memoByRef((fc: CollectionOf<'vending'>) => pointFeatures(fc))

/** Street vending: hotspot hexagons zoomed out; at street zoom, the layer's default markers (one per stall). */
export function vendingLayers(fc: CollectionOf<'vending'> | undefined, visible: boolean, zoom: number, theme: DeckTheme) {
  const asPoints = zoom >= VENDING_POINTS_MIN_ZOOM
  return [
    new HexagonLayer<Stall>({
      id: VENDING.id,
      data: stalls(fc),
      visible: visible && !asPoints,
      pickable: true,
      gpuAggregation: false,
      extruded: false,
      radius: VENDING_HEX_RADIUS_M,
      coverage: 0.92,
      colorRange: HOTSPOT_RANGE,
      getPosition: (f) => f.geometry.coordinates as [number, number],
    }),
    markerLayer({ ...VENDING, id: `${VENDING.id}-points` }, fc, visible && asPoints, theme),
  ]
}
