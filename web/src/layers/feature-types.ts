import type { LayerFeatureCollection, LayerId, LayerProperties } from '@citygrid/shared'
import type { Feature, Geometry, Point, Polygon, Position } from 'geojson'

/** A feature of one layer, with its properties typed by the shared contract. */
export type FeatureOf<L extends LayerId, G extends Geometry = Geometry> = Feature<G, LayerProperties[L]> & {
  id: string | number
}

/** The features of a layer's collection, typed by layer (the API promises LayerProperties[layer]). */
export function featuresOf<L extends LayerId>(fc: LayerFeatureCollection | undefined, _layer: L): FeatureOf<L>[] {
  return (fc?.features ?? []) as unknown as FeatureOf<L>[]
}

/** Point features only: a point layer ignores any other geometry rather than drawing it wrongly. */
export function pointFeatures<L extends LayerId>(fc: LayerFeatureCollection | undefined, layer: L) {
  return featuresOf(fc, layer).filter((f): f is FeatureOf<L, Point> => f.geometry.type === 'Point')
}

/** One polygon of a feature; a MultiPolygon becomes several, each pointing back to its feature. */
export interface PolygonPart<L extends LayerId> {
  feature: FeatureOf<L>
  rings: Position[][]
}

export function polygonParts<L extends LayerId>(fc: LayerFeatureCollection | undefined, layer: L): PolygonPart<L>[] {
  const parts: PolygonPart<L>[] = []
  for (const feature of featuresOf(fc, layer)) {
    const g = feature.geometry
    if (g.type === 'Polygon') parts.push({ feature, rings: (g as Polygon).coordinates })
    else if (g.type === 'MultiPolygon') for (const rings of g.coordinates) parts.push({ feature, rings })
  }
  return parts
}
