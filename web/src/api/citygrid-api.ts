import {
  ClientConfigSchema,
  COUNTY,
  LayerFeatureCollectionSchema,
  LayerInfoSchema,
  MAX_FEATURE_LIMIT,
  type BasemapProperties,
  type ClientConfig,
  type LayerFeatureCollection,
  type LayerId,
  type LayerInfo,
} from '@citygrid/shared'
import type { FeatureCollection, Geometry } from 'geojson'
import { requestJson } from './http.ts'

/** Typed calls to the citygrid API; every failure is an ApiError. */

export function fetchConfig(): Promise<ClientConfig> {
  return requestJson('/api/config', { schema: ClientConfigSchema })
}

export function fetchBasemap(): Promise<FeatureCollection<Geometry, BasemapProperties>> {
  return requestJson('/api/basemap')
}

export function fetchLayers(): Promise<LayerInfo[]> {
  return requestJson('/api/layers', { schema: LayerInfoSchema.array() })
}

/** One layer's features over the county, capped at the API's maximum. */
export async function fetchLayerFeatures(layer: LayerId): Promise<LayerFeatureCollection> {
  const bbox = COUNTY.bbox.join(',')
  const path = `/api/layers/${layer}/features?bbox=${bbox}&limit=${MAX_FEATURE_LIMIT}`
  // The envelope is validated; each feature's properties follow LayerProperties[layer] by contract.
  return (await requestJson(path, { schema: LayerFeatureCollectionSchema })) as LayerFeatureCollection
}
