import type { AreaQuery, BBox } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { ValidationError } from '../http/errors.ts'
import { townNamed } from './towns.repository.ts'

/**
 * The area a query's figures are narrowed to, as SQL's `in_area(geom, $n)` takes it (migration 0021):
 * a geometry as EWKB hex or EWKT, or null for no area (every row counts, as without `town=`/`bbox=`).
 */
export type AreaParam = string | null

/** A bbox as EWKT, WGS-84. */
export function bboxArea([minLon, minLat, maxLon, maxLat]: BBox): string {
  return `SRID=4326;POLYGON((${minLon} ${minLat},${maxLon} ${minLat},${maxLon} ${maxLat},${minLon} ${maxLat},${minLon} ${minLat}))`
}

/** `town=` or `bbox=` of a query as an area; an unknown town is a 400 naming it. */
export async function resolveArea(db: Queryable, q: AreaQuery): Promise<AreaParam> {
  if (q.bbox) return bboxArea(q.bbox)
  if (q.town === undefined) return null
  const town = await townNamed(db, q.town)
  if (!town) throw new ValidationError([{ field: 'query.town', reason: `no town named ${q.town}` }])
  return town.geom
}
