import { ScatterplotLayer } from '@deck.gl/layers'
import type { LayerDefinition, LayerFeature, LayerFeatureCollection, MarkerStyle } from '@citygrid/shared'
import type { Point } from 'geojson'
import { pointFeatures } from '../../layers/feature-types.ts'
import { rgba, UNKNOWN_COLOR, type Rgba } from '../colors.ts'
import type { DeckTheme } from '../theme.ts'
import { markerProps } from './marker.ts'
import { memoByRef } from './memo.ts'

type Properties = Record<string, unknown>
export type PointFeature = LayerFeature<Properties> & { geometry: Point }

/** A layer's features as deck.gl reads them, derived once per collection object (see memoByRef). */
export const points = memoByRef((fc: LayerFeatureCollection) => pointFeatures(fc))

/** What the default builders read of a layer's definition. */
export type DrawnLayer<S> = Pick<LayerDefinition, 'id' | 'legend'> & { style: S }

const palettes = new WeakMap<object, Map<string, string>>()

/**
 * The fill of a feature: the colour of its legend entry (by the legend property's value), or
 * UNKNOWN_COLOR for a value the legend lacks. A map per legend, since accessors run per feature.
 */
export function legendFill(layer: Pick<LayerDefinition, 'legend'>, alpha = 255): (properties: Properties) => Rgba {
  let palette = palettes.get(layer.legend)
  if (!palette) {
    palette = new Map(layer.legend.entries.map((e) => [e.value, e.color]))
    palettes.set(layer.legend, palette)
  }
  const colors = palette
  const { property } = layer.legend
  return (p) => rgba(colors.get(String(p[property])) ?? UNKNOWN_COLOR, alpha)
}

/** The default drawing of a point layer: a round marker per feature, filled with its legend colour. */
export function markerLayer(layer: DrawnLayer<MarkerStyle>, fc: LayerFeatureCollection | undefined, visible: boolean, theme: DeckTheme) {
  const fill = legendFill(layer)
  return new ScatterplotLayer<PointFeature>({
    id: layer.id,
    data: points(fc),
    visible,
    pickable: true,
    ...markerProps(theme, layer.style),
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => fill(f.properties),
  })
}
