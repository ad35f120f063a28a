import type { Queryable } from '../db/transaction.ts'
import { OutsideServiceAreaError } from '../http/errors.ts'

/**
 * The error for a point outside the area citygrid serves (the county outline, basemap feature of kind
 * `county`), naming the area. Writers check the point in their own statement (cases.repository
 * insertReport); this is read only to say why, on refusal.
 */
export async function outsideServiceArea(db: Queryable, lng: number, lat: number, field: string): Promise<OutsideServiceAreaError> {
  const r = await db.query<{ name: string }>(`SELECT name_zh || ' ' || name_en AS name FROM basemap_features WHERE kind = 'county'`)
  const name = r.rows[0]?.name ?? 'the county'
  return new OutsideServiceAreaError(field, `point ${lng.toFixed(5)}, ${lat.toFixed(5)} lies outside the service area (${name})`)
}
