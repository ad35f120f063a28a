import { namesTown, type BBox, type Town, type TownCollection } from '@citygrid/shared'
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf'
import type { WallFocus } from './wall-focus.ts'

/**
 * The one area a wall is narrowed to, on the client: the whole county, a town's area (from
 * `GET /api/towns`) or a box. Every part of the wall reads it — the figures, trends and ranking ask
 * the server for it (`areaQuery`), the feed and the alarm lists keep what lies in it (`inArea`), and
 * the map opens on it (`areaBBox`). Pure.
 */
export type WallArea = { kind: 'county' } | { kind: 'town'; town: Town } | { kind: 'bbox'; bbox: BBox }

export const COUNTY_AREA: WallArea = { kind: 'county' }

/**
 * The area the focus names, once it can be known: null while a town is asked for and the towns have
 * not loaded; an error for a town that none of them is (matched as the server matches `town=`).
 */
export function areaOf(focus: WallFocus, towns: TownCollection | null): WallArea | { error: string } | null {
  if (focus.kind !== 'town') return focus
  if (!towns) return null
  const town = towns.features.find((t) => namesTown(focus.name, t.properties.name))
  return town ? { kind: 'town', town } : { error: `town: no town named ${focus.name}` }
}

/**
 * The area as the server's `town=`/`bbox=` (`/api/command/summary`, `/api/command/trends`,
 * `/api/kpis`): '' for the county. A town goes by its Chinese name, which the server matches to the
 * same town (shared townNameKey).
 */
export function areaQuery(area: WallArea): string {
  if (area.kind === 'county') return ''
  if (area.kind === 'bbox') return new URLSearchParams({ bbox: area.bbox.join(',') }).toString()
  return new URLSearchParams({ town: area.town.properties.name.zh }).toString()
}

/** A request's query with the area's added (`base` without it: the county). */
export function withArea(base: string, area: WallArea): string {
  const extra = areaQuery(area)
  return [base, extra].filter(Boolean).join('&')
}

/** The box around the area (a town's polygon's extent), to open the map on; null for the county. */
export function areaBBox(area: WallArea): BBox | null {
  if (area.kind === 'county') return null
  if (area.kind === 'bbox') return area.bbox
  return townBBox(area.town)
}

/** The extent of a town's area. */
export function townBBox(town: Town): BBox {
  return turfBbox(town) as BBox
}

/**
 * Whether a place lies in the area: as the server's SQL `in_area` counts a case (a point inside or on
 * the edge of the town's polygon, or of the box).
 */
export function inArea(area: WallArea, at: readonly number[]): boolean {
  if (area.kind === 'county') return true
  const [lng, lat] = at as [number, number]
  if (area.kind === 'bbox') {
    const [w, s, e, n] = area.bbox
    return lng >= w && lng <= e && lat >= s && lat <= n
  }
  return booleanPointInPolygon([lng, lat], area.town)
}
