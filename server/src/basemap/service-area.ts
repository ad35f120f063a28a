import type { Queryable } from '../db/transaction.ts'
import { OutsideServiceAreaError } from '../http/errors.ts'

/** The county outline (basemap feature of kind `county`) is the area citygrid serves. */
export async function assertInServiceArea(db: Queryable, lng: number, lat: number, field: string): Promise<void> {
  const r = await db.query<{ inside: boolean; name: string }>(
    `SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AS inside, name_zh || ' ' || name_en AS name
     FROM basemap_features
     WHERE kind = 'county'`,
    [lng, lat],
  )
  const area = r.rows[0]
  if (area && !area.inside) {
    throw new OutsideServiceAreaError(
      field,
      `point ${lng.toFixed(5)}, ${lat.toFixed(5)} lies outside the service area (${area.name})`,
    )
  }
}
