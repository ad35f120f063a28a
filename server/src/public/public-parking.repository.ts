import type { BBox, LotKind } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** A public lot as stored: its own counts (one row per lot), by how it is counted. */
export interface LotRow {
  id: string
  name: string
  kind: LotKind
  price: string
  opening_hours: string
  total: number
  free: number
  /** Device time of the counts; null when the lot has never had any. */
  counted_at: string | null
  lng: number
  lat: number
}

/**
 * Columns of a public lot. Spaces-counted lots take the counts the space triggers keep, barrier
 * garages their own reports. A polygon lot is shown at a point inside it (ST_PointOnSurface), never
 * at a centroid that may fall outside.
 */
const LOT_COLUMNS = `
  l.id, l.name, l.kind, l.price, l.opening_hours,
  CASE l.counting WHEN 'barrier' THEN l.reported_total ELSE l.spaces_total END AS total,
  CASE l.counting WHEN 'barrier' THEN l.reported_free ELSE l.spaces_free END AS free,
  CASE l.counting WHEN 'barrier' THEN l.reported_at ELSE l.spaces_at END AS counted_at,
  ST_X(p.pt) AS lng, ST_Y(p.pt) AS lat`
const LOT_FROM = `
  FROM parking_lots l
  CROSS JOIN LATERAL (SELECT CASE WHEN GeometryType(l.geom) = 'POINT' THEN l.geom ELSE ST_PointOnSurface(l.geom) END AS pt) p`

/** Public lots, optionally only those touching a bbox (lots are stored in 4326, as the bbox is given). */
export async function publicLots(db: Queryable, bbox?: BBox): Promise<LotRow[]> {
  const r = await db.query<LotRow>(
    `SELECT ${LOT_COLUMNS}
     ${LOT_FROM}
     WHERE l.public
       AND ($1::float8 IS NULL OR l.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
     ORDER BY l.id`,
    bbox ?? [null, null, null, null],
  )
  return r.rows
}

/** The public ones among `ids` (a private lot's id yields nothing). */
export async function publicLotsByIds(db: Queryable, ids: readonly string[]): Promise<LotRow[]> {
  const r = await db.query<LotRow>(
    `SELECT ${LOT_COLUMNS}
     ${LOT_FROM}
     WHERE l.public AND l.id = ANY($1::text[])
     ORDER BY l.id`,
    [ids],
  )
  return r.rows
}

/**
 * Public lots with free spaces, open at `localMinute` by their hours (unknown hours count as open),
 * nearest first, one page (`limit` after `offset`). The order is a KNN index scan on geography (`<->`
 * over the gist index on geom::geography), whose value is the distance on the sphere in metres — the
 * very value reported as distance_m, so the order is exact with respect to the reported distance by
 * construction, with no candidate re-rank needed. The hours are filtered in the same walk
 * (`open_from`/`open_to`, migration 0011), so closed lots cost no round trip. For a polygon lot the
 * distance is to the lot's area (0 inside it), not to its display point. No id tie-breaker: with one
 * the planner sorts every row instead of walking the index (checked with EXPLAIN on PostgreSQL 15 /
 * PostGIS 3.3); exact ties are lots at the very same distance, in either order.
 * Parameters: $1 lng, $2 lat, $3 local minute, $4 limit, $5 offset. `pnpm bench` runs it bare as the
 * baseline of `GET /api/public/parking/nearest`.
 */
export const NEAREST_FREE_SQL = `
  SELECT ${LOT_COLUMNS},
         l.geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS distance_m
  ${LOT_FROM}
  WHERE l.public
    AND CASE l.counting WHEN 'barrier' THEN l.reported_free ELSE l.spaces_free END > 0
    AND lot_open_at(l.open_from, l.open_to, $3)
  ORDER BY l.geom::geography <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
  LIMIT $4 OFFSET $5`

/** One page of NEAREST_FREE_SQL. */
export async function lotsWithFreeNearest(
  db: Queryable,
  lng: number,
  lat: number,
  localMinute: number,
  limit: number,
  offset: number,
): Promise<(LotRow & { distance_m: number })[]> {
  const r = await db.query<LotRow & { distance_m: number }>(NEAREST_FREE_SQL, [lng, lat, localMinute, limit, offset])
  return r.rows
}
