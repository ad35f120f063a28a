import { ScatterplotLayer } from '@deck.gl/layers'
import type { LayerFeatureCollection } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures, type FeatureOf } from '../../layers/feature-types.ts'
import { pm10Color, rgba } from '../colors.ts'
import { markerProps } from './marker.ts'
import { memoByRef } from './memo.ts'
import { DECK_THEMES, type DeckTheme } from '../theme.ts'


type Sensor = FeatureOf<'dust-sensors', Point>
const sensors = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc, 'dust-sensors'))

/** Dust monitors coloured by the HJ 633-2012 band of their latest PM10. */
export function dustSensorLayer(fc: LayerFeatureCollection | undefined, visible: boolean, theme: DeckTheme = DECK_THEMES.light) {
  return new ScatterplotLayer<Sensor>({
    id: 'dust-sensors',
    data: sensors(fc),
    visible,
    pickable: true,
    ...markerProps(theme, 9, theme.sensorOutline),
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => rgba(pm10Color(f.properties.pm10)),
  })
}
