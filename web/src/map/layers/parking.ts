import { ScatterplotLayer } from '@deck.gl/layers'
import { SPACE_STATUSES, type LayerFeatureCollection } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type FeatureOf } from '../../layers/feature-types.ts'
import { enumColor, rgba } from '../colors.ts'
import { memoByRef } from './memo.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


type Space = FeatureOf<'parking', Point>
const spaces = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc, 'parking'))

/** Parking spaces coloured by occupancy: a few pixels wide when zoomed out, a car's width when zoomed in. */
export function parkingLayer(fc: LayerFeatureCollection | undefined, visible: boolean, theme: DeckTheme = DECK_THEMES.light) {
  return new ScatterplotLayer<Space>({
    id: 'parking',
    data: spaces(fc),
    visible,
    pickable: true,
    radiusScale: theme.scale,
    lineWidthScale: theme.scale,
    radiusUnits: 'meters',
    getRadius: 2.5,
    radiusMinPixels: 3,
    radiusMaxPixels: 14,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 0.75,
    getLineColor: theme.markerOutline,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => rgba(enumColor(SPACE_STATUSES, f.properties.status)),
  })
}
