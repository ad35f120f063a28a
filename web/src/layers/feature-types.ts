import type { LayerFeature, LayerFeatureCollection, LayerId, LayerProperties } from '@citygrid/shared'
import type { Geometry, Point } from 'geojson'

/** The collection of one layer, its properties typed by the shared contract (the layer's schema). */
export type CollectionOf<L extends LayerId> = LayerFeatureCollection<LayerProperties[L]>

/** The feature collections the map draws, by layer; a layer is absent until it has loaded. */
export type LayerCollections = { [L in LayerId]?: CollectionOf<L> }

/** A feature of one layer, with its properties typed by the shared contract. */
export type FeatureOf<L extends LayerId, G extends Geometry = Geometry> = LayerFeature<LayerProperties[L]> & { geometry: G }

/** Point features only: a point layer ignores any other geometry rather than drawing it wrongly. */
export function pointFeatures<P>(fc: LayerFeatureCollection<P> | undefined): (LayerFeature<P> & { geometry: Point })[] {
  return (fc?.features ?? []).filter((f): f is LayerFeature<P> & { geometry: Point } => f.geometry.type === 'Point')
}
