import { BBoxParamSchema, type BBox } from '@citygrid/shared'
import type { LocationQuery } from 'vue-router'
import type { BasemapCollection } from '../../map/offline-style.ts'
import { extentOf } from '../../map/place-labels.ts'

/**
 * What a wall looks at: the built-up area by default; `?town=<name>` (Chinese or English, with or
 * without 镇) or `?bbox=minLon,minLat,maxLon,maxLat` narrows one wall of several to its own area.
 * Pure; a focus that names nothing known is an error the page shows, not a silent county view.
 */
export type WallFocus = { kind: 'default' } | { kind: 'town'; name: string } | { kind: 'bbox'; bbox: BBox }

/** Half the side of the square shown around a town's centre: about 3 km, a township's built-up area. */
export const TOWN_HALF_SIDE_DEG = 0.027

export function focusFromQuery(query: LocationQuery): WallFocus | { error: string } {
  const one = (v: LocationQuery[string] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null
  const town = one(query.town)
  const bbox = one(query.bbox)
  if (town && bbox) return { error: 'give either town or bbox, not both' }
  if (bbox) {
    const parsed = BBoxParamSchema.safeParse(bbox)
    return parsed.success ? { kind: 'bbox', bbox: parsed.data } : { error: `bbox: ${parsed.error.issues[0]!.message}` }
  }
  if (town) return { kind: 'town', name: town.trim() }
  return { kind: 'default' }
}

const bare = (name: string) => name.replace(/（.*）|\(.*\)/g, '').replace(/镇$/, '').trim().toLowerCase()

/** The extent a focus opens on, from the basemap's towns and built-up area; an error for an unknown town. */
export function focusExtent(focus: WallFocus, basemap: BasemapCollection): BBox | { error: string } | null {
  if (focus.kind === 'bbox') return focus.bbox
  if (focus.kind === 'default') return extentOf(basemap, 'built_up')
  const wanted = bare(focus.name)
  const town = basemap.features.find(
    (f) => f.properties.kind === 'town' && f.geometry.type === 'Point' && [f.properties.name.zh, f.properties.name.en].some((n) => bare(n) === wanted),
  )
  if (!town || town.geometry.type !== 'Point') return { error: `town: no town named ${focus.name}` }
  const [lng, lat] = town.geometry.coordinates as [number, number]
  return [lng - TOWN_HALF_SIDE_DEG, lat - TOWN_HALF_SIDE_DEG, lng + TOWN_HALF_SIDE_DEG, lat + TOWN_HALF_SIDE_DEG]
}
