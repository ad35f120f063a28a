import {
  PLAYBACK_BUCKET_MINUTES,
  PLAYBACK_MAX_CASES,
  type CommandTrends,
  type Playback,
  type PlaybackCase,
  type PlaybackSensor,
} from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import type { AreaParam } from '../towns/area.ts'

export interface CaseCounts {
  newToday: number
  open: number
  closedToday: number
  overdue: number
}

/**
 * Case counts for the wall: `dayStart` is the start of the local day. Every figure of this file is
 * over what lies in `area` (`in_area`, migration 0021; null: everything).
 */
export async function caseCounts(db: Queryable, dayStart: string, area: AreaParam): Promise<CaseCounts> {
  const r = await db.query<CaseCounts>(
    `SELECT count(*) FILTER (WHERE reported_at >= $1)::int                                   AS "newToday",
            count(*) FILTER (WHERE case_is_open(status))::int                               AS open,
            count(*) FILTER (WHERE status = 'closed' AND closed_at >= $1)::int              AS "closedToday",
            count(*) FILTER (WHERE overdue AND case_is_open(status))::int                   AS overdue
     FROM cases
     WHERE in_area(geom, $2)`,
    [dayStart, area],
  )
  return r.rows[0]!
}

export interface DustSummary {
  activeAlarms: number
  worstSite: { siteId: number; name: string; pm10: number; at: string } | null
}

/** The active dust alarms of the sites in `area` (alarms, not their cases), and the site whose latest reading is the highest PM10 (of the sensors in `area`). */
export async function dustSummary(db: Queryable, area: AreaParam): Promise<DustSummary> {
  const r = await db.query<{ activeAlarms: number; worstSite: DustSummary['worstSite'] }>(
    `SELECT
       (SELECT count(*)::int FROM dust_alarms a
        JOIN construction_sites site ON site.id = a.site_id
        WHERE a.cleared_at IS NULL AND in_area(site.geom, $1)) AS "activeAlarms",
       (SELECT json_build_object('siteId', site.id, 'name', site.name, 'pm10', latest.pm10, 'at', latest.read_at)
        FROM dust_sensors s
        JOIN construction_sites site ON site.id = s.site_id
        JOIN dust_latest latest ON latest.sensor_id = s.id AND latest.pm10 IS NOT NULL
        WHERE in_area(s.geom, $1)
        ORDER BY latest.pm10 DESC, site.id
        LIMIT 1) AS "worstSite"`,
    [area],
  )
  return r.rows[0]!
}

export interface ParkingSummary {
  total: number
  free: number
  occupied: number
  closed: number
  unknown: number
  /** occupied ÷ (free + occupied); closed and unknown spaces are left out. */
  occupancy: number | null
}

/** The spaces of the lots in `area` (a lot counts whole, where its representative point lies). */
export async function parkingSummary(db: Queryable, area: AreaParam): Promise<ParkingSummary> {
  const r = await db.query<ParkingSummary>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'free')::int     AS free,
            count(*) FILTER (WHERE status = 'occupied')::int AS occupied,
            count(*) FILTER (WHERE status = 'closed')::int   AS closed,
            count(*) FILTER (WHERE status = 'unknown')::int  AS unknown,
            (count(*) FILTER (WHERE status = 'occupied'))::float8
              / nullif(count(*) FILTER (WHERE status IN ('free', 'occupied')), 0) AS occupancy
     FROM parking_spaces
     WHERE lot_id IN (SELECT id FROM parking_lots WHERE in_area(geom, $1))`,
    [area],
  )
  return r.rows[0]!
}

/** Counts by status of a table with a `status` column (a fixed table name, never user input). */
export async function countByStatus(
  db: Queryable,
  table: 'vending_spots' | 'illegal_structures',
  area: AreaParam,
): Promise<Record<string, number>> {
  const r = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM ${table} WHERE in_area(geom, $1) GROUP BY status`,
    [area],
  )
  return Object.fromEntries(r.rows.map((row) => [row.status, row.n]))
}

/** The 24 hours before `at`: cases reported per hour and class; hourly PM10 of the three worst sites (of the sensors in `area`). */
export async function trends(db: Queryable, at: string, area: AreaParam): Promise<CommandTrends> {
  const cases = await db.query<CommandTrends['casesPerHour'][number]>(
    `SELECT date_trunc('hour', reported_at) AS hour, class_code AS "classCode", count(*)::int AS count
     FROM cases
     WHERE reported_at > $1::timestamptz - interval '24 hours' AND reported_at <= $1::timestamptz
       AND in_area(geom, $2)
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [at, area],
  )
  const pm10 = await db.query<CommandTrends['pm10'][number]>(
    `WITH hourly AS (
       SELECT s.site_id, date_trunc('hour', r.read_at) AS hour, avg(r.pm10) AS pm10
       FROM dust_series r
       JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE s.site_id IS NOT NULL AND r.pm10 IS NOT NULL
         AND r.read_at > $1::timestamptz - interval '24 hours' AND r.read_at <= $1::timestamptz
         AND in_area(s.geom, $2)
       GROUP BY 1, 2
     ),
     worst AS (
       SELECT site_id FROM hourly GROUP BY site_id ORDER BY max(pm10) DESC, site_id LIMIT 3
     )
     SELECT site.id AS "siteId", site.name,
            json_agg(json_build_object('hour', h.hour, 'pm10', round(h.pm10::numeric, 1)) ORDER BY h.hour) AS points
     FROM worst
     JOIN construction_sites site ON site.id = worst.site_id
     JOIN hourly h ON h.site_id = worst.site_id
     GROUP BY site.id, site.name
     ORDER BY max(h.pm10) DESC, site.id`,
    [at, area],
  )
  return { casesPerHour: cases.rows, pm10: pm10.rows }
}

/**
 * What the map showed between `from` and `to`: the cases inside `scope` open at some moment of it
 * (with when they appeared and ended), and each dust monitor's PM10 means per bucket. Ended =
 * closed, or the time of the step that cancelled it (a cancel, or a merge into another case).
 */
export async function playback(db: Queryable, from: string, to: string, scope: CaseScope): Promise<Playback> {
  const cases = await db.query<PlaybackCase>(
    `SELECT i.id::int AS id, i.class_code AS "classCode", ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat,
            i.reported_at AS "reportedAt", ended.at AS "endedAt"
     FROM cases i
     LEFT JOIN LATERAL (
       SELECT CASE i.status
                WHEN 'closed' THEN i.closed_at
                WHEN 'cancelled' THEN (SELECT max(h.at) FROM case_history h WHERE h.case_id = i.id AND h.to_status = 'cancelled')
              END AS at
     ) ended ON true
     WHERE i.reported_at <= $2::timestamptz
       AND (ended.at IS NULL OR ended.at > $1::timestamptz)
       AND ${caseScopeSql('i', '$4')}
     ORDER BY i.reported_at, i.id
     LIMIT $3`,
    [from, to, PLAYBACK_MAX_CASES + 1, caseScopeParam(scope)],
  )
  const sensors = await db.query<PlaybackSensor>(
    `SELECT s.code, ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat,
            coalesce(json_agg(json_build_object('at', b.at, 'pm10', b.pm10) ORDER BY b.at) FILTER (WHERE b.at IS NOT NULL), '[]') AS readings
     FROM dust_sensors s
     LEFT JOIN LATERAL (
       SELECT date_bin($3::interval, r.read_at, $1::timestamptz) AS at, round(avg(r.pm10)::numeric, 1)::float8 AS pm10
       FROM dust_series r
       WHERE r.sensor_id = s.id AND r.read_at >= $1::timestamptz AND r.read_at <= $2::timestamptz
         AND r.pm10 IS NOT NULL
       GROUP BY 1
     ) b ON true
     GROUP BY s.id
     ORDER BY s.code`,
    [from, to, `${PLAYBACK_BUCKET_MINUTES} minutes`],
  )
  const truncated = cases.rows.length > PLAYBACK_MAX_CASES
  return {
    from,
    to,
    bucketMinutes: PLAYBACK_BUCKET_MINUTES,
    cases: (truncated ? cases.rows.slice(0, PLAYBACK_MAX_CASES) : cases.rows).map((c) => ({
      ...c,
      reportedAt: new Date(c.reportedAt).toISOString(),
      endedAt: c.endedAt === null ? null : new Date(c.endedAt).toISOString(),
    })),
    truncated,
    sensors: sensors.rows.map((s) => ({ ...s, readings: s.readings.map((r) => ({ at: new Date(r.at).toISOString(), pm10: r.pm10 })) })),
  }
}
