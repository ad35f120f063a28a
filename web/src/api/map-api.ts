import { ClientConfigSchema, type BasemapProperties, type ClientConfig } from '@citygrid/shared'
import type { FeatureCollection, Geometry } from 'geojson'
import { requestJson } from './http.ts'

/**
 * What every map needs, staff or public (no login): which basemap, and our county's own data. A module
 * of its own so the citizens' page does not bundle the staff layers' schemas with it.
 */

export function fetchConfig(): Promise<ClientConfig> {
  return requestJson('/api/config', { schema: ClientConfigSchema })
}

export function fetchBasemap(): Promise<FeatureCollection<Geometry, BasemapProperties>> {
  return requestJson('/api/basemap')
}
