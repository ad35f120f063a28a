import { CELL_COVERED_SHARE, type ZoneCoverage, type ZoneStats } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/** What happened inside zone `id` in [from, to): everything by geometry, in one statement per topic. */
export async function zoneStats(db: Queryable, id: number, from: string, to: string): Promise<Omit<ZoneStats, 'zoneId' | 'from' | 'to'>> {
  const cases = await db.query<{ classCode: string; status: string; count: number }>(
    `SELECT i.class_code AS "classCode", i.status, count(*)::int AS count
     FROM cases i JOIN patrol_zones z ON ST_Covers(z.geom, i.geom)
     WHERE z.id = $1 AND i.reported_at >= $2 AND i.reported_at < $3
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [id, from, to],
  )
  // 按期结案率 as in /api/kpis: of the cases dispatched in the period, closed with feedback by the deadline.
  const onTime = await db.query<{ due: number; closedOnTime: number; onTimeRate: number | null }>(
    `SELECT count(*)::int AS due,
            count(*) FILTER (WHERE case_closed_on_time(i.status, i.feedback_at, i.disposal_due_at))::int AS "closedOnTime",
            count(*) FILTER (WHERE case_closed_on_time(i.status, i.feedback_at, i.disposal_due_at))::float8
              / nullif(count(*) FILTER (WHERE case_counts_toward_closure(i.status)), 0) AS "onTimeRate"
     FROM cases i JOIN patrol_zones z ON ST_Covers(z.geom, i.geom)
     WHERE z.id = $1 AND i.dispatched_at >= $2 AND i.dispatched_at < $3`,
    [id, from, to],
  )
  const byStatus = async (table: 'vending_spots' | 'illegal_structures') => {
    const r = await db.query<{ status: string; n: number }>(
      `SELECT f.status, count(*)::int AS n
       FROM ${table} f JOIN patrol_zones z ON ST_Intersects(z.geom, f.geom)
       WHERE z.id = $1
       GROUP BY f.status`,
      [id],
    )
    return Object.fromEntries(r.rows.map((row) => [row.status, row.n]))
  }
  const sites = await db.query<{ id: number; name: string; status: string }>(
    `SELECT s.id::int AS id, s.name, s.status
     FROM construction_sites s JOIN patrol_zones z ON ST_Intersects(z.geom, s.geom)
     WHERE z.id = $1
     ORDER BY s.id`,
    [id],
  )
  const alarms = await db.query<{ inPeriod: number; openNow: number }>(
    `SELECT count(*) FILTER (WHERE i.reported_at >= $2 AND i.reported_at < $3)::int AS "inPeriod",
            count(*) FILTER (WHERE case_is_open(i.status))::int                    AS "openNow"
     FROM cases i JOIN patrol_zones z ON ST_Covers(z.geom, i.geom)
     WHERE z.id = $1 AND case_is_dust_alarm(i.class_code, i.source)`,
    [id, from, to],
  )
  const caseRows = cases.rows
  return {
    cases: caseRows,
    casesTotal: caseRows.reduce((sum, r) => sum + r.count, 0),
    ...onTime.rows[0]!,
    vending: await byStatus('vending_spots'),
    structures: await byStatus('illegal_structures'),
    constructionSites: sites.rows,
    dustAlarms: alarms.rows[0]!,
  }
}

/**
 * The built-up area's cover: the union of all zones against the unit grid, cell by cell. Cells
 * covered less than CELL_COVERED_SHARE are listed with the share that is covered.
 */
export async function zoneCoverage(db: Queryable): Promise<ZoneCoverage> {
  const r = await db.query<{ cells: number; gridArea: number; coveredArea: number; uncovered: ZoneCoverage['uncovered']['features'] | null }>(
    `WITH zones AS (SELECT ST_Union(geom) AS geom FROM patrol_zones),
     cells AS (
       SELECT c.code, c.geom, ST_Area(c.geom::geography) AS area,
              coalesce(ST_Area(ST_Intersection(c.geom, zones.geom)::geography), 0) AS covered
       FROM unit_grid c CROSS JOIN zones
     )
     SELECT count(*)::int AS cells,
            coalesce(sum(area), 0)::float8 AS "gridArea",
            coalesce(sum(covered), 0)::float8 AS "coveredArea",
            json_agg(json_build_object(
              'type', 'Feature', 'id', code, 'geometry', ST_AsGeoJSON(geom, 7)::json,
              'properties', json_build_object('code', code, 'coveredShare', round((covered / area)::numeric, 3)))
              ORDER BY code) FILTER (WHERE covered < area * $1) AS uncovered
     FROM cells`,
    [CELL_COVERED_SHARE],
  )
  const row = r.rows[0]!
  return {
    cells: row.cells,
    gridAreaM2: Math.round(row.gridArea),
    coveredAreaM2: Math.round(row.coveredArea),
    share: row.gridArea > 0 ? row.coveredArea / row.gridArea : null,
    uncovered: { type: 'FeatureCollection', features: row.uncovered ?? [] },
  }
}
