import {
  bandOf,
  LAYER_IDS,
  LAYERS,
  PM10_BANDS,
  type BBox,
  type LayerFeature,
  type LayerFeatureCollection,
  type LayerId,
  type LayerInfo,
} from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { countFeatures, findFeatures } from './layers.repository.ts'

/** Derived properties computed from shared definitions rather than repeated in SQL. */
function decorate(layer: LayerId, properties: Record<string, unknown>): Record<string, unknown> {
  if (layer === 'dust-sensors') {
    const pm10 = properties.pm10
    return { ...properties, pm10Level: typeof pm10 === 'number' ? bandOf(PM10_BANDS, pm10).level : 0 }
  }
  return properties
}

export async function listLayers(db: Queryable): Promise<LayerInfo[]> {
  const counts = await Promise.all(LAYER_IDS.map((id) => countFeatures(db, id, undefined)))
  return LAYER_IDS.map((id, i) => ({ id, ...LAYERS[id], count: counts[i]! }))
}

export async function layerFeatures(
  db: Queryable,
  layer: LayerId,
  bbox: BBox | undefined,
  limit: number,
): Promise<LayerFeatureCollection> {
  const rows = await findFeatures(db, layer, bbox, limit)
  // Only a full page can hide more; count then, so the common uncapped answer costs one query.
  const numberMatched = rows.length < limit ? rows.length : await countFeatures(db, layer, bbox)
  const features: LayerFeature[] = rows.map((r) => ({
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: decorate(layer, r.properties),
  }))
  return {
    type: 'FeatureCollection',
    features,
    numberMatched,
    numberReturned: features.length,
    truncated: numberMatched > features.length,
  }
}
