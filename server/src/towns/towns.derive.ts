import type { Queryable } from '../db/transaction.ts'

/** The provenance of a derived town, stored with it and shown by `GET /api/towns`. */
export const DERIVED_TOWN_SOURCE =
  "derived by citygrid: the county outline split among the basemap's towns, each place going to the nearest " +
  'town (Voronoi cells of the town points, clipped to the outline); approximate, not a surveyed boundary'

/**
 * Derive the towns as areas from the county outline and the basemap's town points inside it: each
 * town gets the places nearer to it than to any other town (its Voronoi cell), clipped to the
 * outline. The pieces tile the outline. One town alone gets the whole outline. Returns the count.
 */
export async function deriveTowns(db: Queryable): Promise<number> {
  const r = await db.query(
    `WITH county AS (
       SELECT geom FROM basemap_features WHERE kind = 'county'
     ),
     seeds AS (
       SELECT t.id, t.name_zh, t.name_en, t.geom
       FROM basemap_features t, county c
       WHERE t.kind = 'town' AND ST_Intersects(c.geom, t.geom)
     ),
     cells AS (
       SELECT (ST_Dump(CASE WHEN count(*) = 1 THEN ST_Envelope((SELECT geom FROM county))
                            ELSE ST_VoronoiPolygons(ST_Collect(geom), 0, (SELECT geom FROM county)) END)).geom AS cell
       FROM seeds
     )
     INSERT INTO towns (name_zh, name_en, approximate, source, geom)
     SELECT s.name_zh, s.name_en, true, $1, piece.geom
     FROM seeds s
     JOIN cells ON ST_Intersects(cells.cell, s.geom)
     CROSS JOIN county c
     CROSS JOIN LATERAL (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(cells.cell, c.geom)), 3)) AS geom) piece
     WHERE NOT ST_IsEmpty(piece.geom)
     ORDER BY s.id`,
    [DERIVED_TOWN_SOURCE],
  )
  return r.rowCount ?? 0
}

/** Towns for a database that has none (derived, approximate); 0 when it has some already. */
export async function ensureTowns(db: Queryable): Promise<number> {
  const existing = await db.query('SELECT 1 FROM towns LIMIT 1')
  if (existing.rowCount) return 0
  return deriveTowns(db)
}

/**
 * After the county outline changed: derived towns are derived again from the new outline; imported
 * (real) towns stay as they are. Returns the towns derived (0 when real ones stay).
 */
export async function rederiveTowns(db: Queryable): Promise<number> {
  const real = await db.query('SELECT 1 FROM towns WHERE NOT approximate LIMIT 1')
  if (real.rowCount) return 0
  await db.query('DELETE FROM towns')
  return deriveTowns(db)
}
