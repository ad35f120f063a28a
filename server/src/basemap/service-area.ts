import type { Queryable } from '../db/transaction.ts'
import { OutsideServiceAreaError } from '../http/errors.ts'

/**
 * The area citygrid serves, said once: SQL that is true when the point `geom` (an SQL expression, WGS-84)
 * lies in the county outline (basemap feature of kind `county`) — or when no outline is loaded. Writers
 * check the point with it in their own statement (cases.repository insertReport, a citizen's report
 * joining a case).
 */
export const inServiceArea = (geom: string) =>
  `NOT EXISTS (SELECT 1 FROM basemap_features b WHERE b.kind = 'county' AND NOT ST_Covers(b.geom, ${geom}))`

/**
 * The error for a point outside the area citygrid serves (`inServiceArea`), naming the area; read only
 * to say why, on refusal.
 */
export async function outsideServiceArea(db: Queryable, lng: number, lat: number, field: string): Promise<OutsideServiceAreaError> {
  const r = await db.query<{ name: string }>(`SELECT name_zh || ' ' || name_en AS name FROM basemap_features WHERE kind = 'county'`)
  const name = r.rows[0]?.name ?? 'the county'
  return new OutsideServiceAreaError(field, `point ${lng.toFixed(5)}, ${lat.toFixed(5)} lies outside the service area (${name})`)
}
