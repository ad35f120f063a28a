import {
  COUNTY,
  LayerFeaturePageSchema,
  LayerFeatureSchema,
  LayerInfoSchema,
  MAX_FEATURE_LIMIT,
  type LayerFeature,
  type LayerFeaturePage,
  type LayerId,
  type LayerInfo,
  type LayerProperties,
} from '@citygrid/shared'
import type { CollectionOf } from '../layers/feature-types.ts'
import { ApiError, requestJson, type ResponseSchema } from './http.ts'

/** Typed calls to the citygrid API for the staff map's layers; every failure is an ApiError. */

export function fetchLayers(): Promise<LayerInfo[]> {
  return requestJson('/api/layers', { schema: LayerInfoSchema.array() })
}

/**
 * A page of layer L: the envelope checked by the shared schema, each feature's properties the layer's
 * by contract (checking 200,000 features' properties again here would cost a parse per feature).
 */
function pageOf<L extends LayerId>(): ResponseSchema<LayerFeaturePage<LayerProperties[L]>> {
  return {
    safeParse(input) {
      const checked = LayerFeaturePageSchema.safeParse(input)
      return checked.success ? { success: true, data: input as LayerFeaturePage<LayerProperties[L]> } : checked
    },
  }
}

/**
 * Every feature of one layer over the county: the API's pages (its largest) fetched in turn,
 * following `next` until it is null, and joined into one collection.
 */
export async function fetchLayerFeatures<L extends LayerId>(layer: L): Promise<CollectionOf<L>> {
  const base = `/api/layers/${layer}/features?bbox=${COUNTY.bbox.join(',')}&limit=${MAX_FEATURE_LIMIT}`
  const features: LayerFeature<LayerProperties[L]>[] = []
  let after: string | null = null
  do {
    const path: string = after === null ? base : `${base}&after=${encodeURIComponent(after)}`
    const page = await requestJson(path, { schema: pageOf<L>() })
    for (const f of page.features) features.push(f)
    // A cursor that does not move would loop for ever: a broken contract, not a layer to wait for.
    if (page.next !== null && (page.next === after || page.features.length === 0)) {
      throw new ApiError('bad_response', `${path}: the next page starts where this one did`, 200, path)
    }
    after = page.next
  } while (after !== null)
  // All pages are here, so the collection is the whole match (as counted now, whatever changed meanwhile).
  return { type: 'FeatureCollection', features, numberMatched: features.length, numberReturned: features.length, truncated: false }
}

/** One feature of layer L by its id (a feature of a layer drawn from tiles, whose tiles carry only what the map draws). */
export function fetchLayerFeature<L extends LayerId>(layer: L, id: string | number): Promise<LayerFeature<LayerProperties[L]>> {
  const schema: ResponseSchema<LayerFeature<LayerProperties[L]>> = {
    safeParse(input) {
      const checked = LayerFeatureSchema.safeParse(input)
      return checked.success ? { success: true, data: input as LayerFeature<LayerProperties[L]> } : checked
    },
  }
  return requestJson(`/api/layers/${layer}/features/${encodeURIComponent(String(id))}`, { schema })
}
