import {
  COUNTY,
  LayerFeaturePageSchema,
  LayerInfoSchema,
  MAX_FEATURE_LIMIT,
  type LayerFeature,
  type LayerFeatureCollection,
  type LayerFeaturePage,
  type LayerId,
  type LayerInfo,
} from '@citygrid/shared'
import { ApiError, requestJson } from './http.ts'

/** Typed calls to the citygrid API for the staff map's layers; every failure is an ApiError. */

export function fetchLayers(): Promise<LayerInfo[]> {
  return requestJson('/api/layers', { schema: LayerInfoSchema.array() })
}

/**
 * Every feature of one layer over the county: the API's pages (its largest) fetched in turn,
 * following `next` until it is null, and joined into one collection.
 */
export async function fetchLayerFeatures(layer: LayerId): Promise<LayerFeatureCollection> {
  const base = `/api/layers/${layer}/features?bbox=${COUNTY.bbox.join(',')}&limit=${MAX_FEATURE_LIMIT}`
  const features: LayerFeature[] = []
  let after: string | null = null
  do {
    const path: string = after === null ? base : `${base}&after=${encodeURIComponent(after)}`
    // The envelope is validated; each feature's properties follow LayerProperties[layer] by contract.
    const page = (await requestJson(path, { schema: LayerFeaturePageSchema })) as LayerFeaturePage
    for (const f of page.features) features.push(f as LayerFeature)
    // A cursor that does not move would loop for ever: a broken contract, not a layer to wait for.
    if (page.next !== null && (page.next === after || page.features.length === 0)) {
      throw new ApiError('bad_response', `${path}: the next page starts where this one did`, 200, path)
    }
    after = page.next
  } while (after !== null)
  // All pages are here, so the collection is the whole match (as counted now, whatever changed meanwhile).
  return { type: 'FeatureCollection', features, numberMatched: features.length, numberReturned: features.length, truncated: false }
}
