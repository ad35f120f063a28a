import { HexagonLayer } from '@deck.gl/aggregation-layers'
import { ScatterplotLayer } from '@deck.gl/layers'
import { VENDING_KINDS, type LayerFeatureCollection } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type FeatureOf } from '../../layers/feature-types.ts'
import { enumColor, rgba, type Rgba } from '../colors.ts'
import { memoByRef } from './memo.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


/** Below this zoom vending is drawn as hotspot hexagons; at and above it, as individual stalls. */
export const VENDING_POINTS_MIN_ZOOM = 15
export const VENDING_HEX_RADIUS_M = 100

/** Light to dark red: more stalls in a hexagon, darker (also drawn as the panel's gradient). */
export const HOTSPOT_COLORS = ['#fff3bf', '#ffd43b', '#ff922b', '#f76707', '#e03131', '#a61e4d'] as const
const HOTSPOT_ALPHA = 170
const HOTSPOT_RANGE: Rgba[] = HOTSPOT_COLORS.map((h) => rgba(h, HOTSPOT_ALPHA))

type Stall = FeatureOf<'vending', Point>
const stalls = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc, 'vending'))

export function vendingLayers(
  fc: LayerFeatureCollection | undefined,
  visible: boolean,
  zoom: number,
  theme: DeckTheme = DECK_THEMES.light,
) {
  const data = stalls(fc)
  const asPoints = zoom >= VENDING_POINTS_MIN_ZOOM
  return [
    new HexagonLayer<Stall>({
      id: 'vending',
      data,
      visible: visible && !asPoints,
      pickable: true,
      gpuAggregation: false,
      extruded: false,
      radius: VENDING_HEX_RADIUS_M,
      coverage: 0.92,
      colorRange: HOTSPOT_RANGE,
      getPosition: (f) => f.geometry.coordinates as [number, number],
    }),
    new ScatterplotLayer<Stall>({
      id: 'vending-points',
      data,
      visible: visible && asPoints,
      pickable: true,
      radiusScale: theme.scale,
    lineWidthScale: theme.scale,
    radiusUnits: 'pixels',
      getRadius: 6,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      getLineColor: theme.markerOutline,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getFillColor: (f) => rgba(enumColor(VENDING_KINDS, f.properties.kind)),
    }),
  ]
}
