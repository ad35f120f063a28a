import type { Queryable } from '../db/transaction.ts'

export interface CaseCounts {
  newToday: number
  open: number
  closedToday: number
  overdue: number
}

/** Case counts for the wall: `dayStart` is the start of the local day. */
export async function caseCounts(db: Queryable, dayStart: string): Promise<CaseCounts> {
  const r = await db.query<CaseCounts>(
    `SELECT count(*) FILTER (WHERE reported_at >= $1)::int                                   AS "newToday",
            count(*) FILTER (WHERE status NOT IN ('closed', 'cancelled'))::int              AS open,
            count(*) FILTER (WHERE status = 'closed' AND closed_at >= $1)::int              AS "closedToday",
            count(*) FILTER (WHERE overdue AND status NOT IN ('closed', 'cancelled'))::int  AS overdue
     FROM incidents`,
    [dayStart],
  )
  return r.rows[0]!
}

export interface DustSummary {
  activeAlarms: number
  worstSite: { siteId: number; name: string; pm10: number; at: string } | null
}

/** Open 0302 cases raised by sensors, and the site whose latest reading is the highest PM10. */
export async function dustSummary(db: Queryable): Promise<DustSummary> {
  const r = await db.query<{ activeAlarms: number; worstSite: DustSummary['worstSite'] }>(
    `SELECT
       (SELECT count(*)::int FROM incidents
        WHERE class_code = '0302' AND source = 'sensor' AND status NOT IN ('closed', 'cancelled')) AS "activeAlarms",
       (SELECT json_build_object('siteId', site.id, 'name', site.name, 'pm10', latest.pm10, 'at', latest.read_at)
        FROM dust_sensors s
        JOIN construction_sites site ON site.id = s.site_id
        JOIN LATERAL (
          SELECT r.pm10, r.read_at FROM dust_readings r WHERE r.sensor_id = s.id ORDER BY r.read_at DESC LIMIT 1
        ) latest ON true
        ORDER BY latest.pm10 DESC, site.id
        LIMIT 1) AS "worstSite"`,
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

export async function parkingSummary(db: Queryable): Promise<ParkingSummary> {
  const r = await db.query<ParkingSummary>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'free')::int     AS free,
            count(*) FILTER (WHERE status = 'occupied')::int AS occupied,
            count(*) FILTER (WHERE status = 'closed')::int   AS closed,
            count(*) FILTER (WHERE status = 'unknown')::int  AS unknown,
            (count(*) FILTER (WHERE status = 'occupied'))::float8
              / nullif(count(*) FILTER (WHERE status IN ('free', 'occupied')), 0) AS occupancy
     FROM parking_spaces`,
  )
  return r.rows[0]!
}

/** Counts by status of a table with a `status` column (a fixed table name, never user input). */
export async function countByStatus(db: Queryable, table: 'vending_spots' | 'illegal_structures'): Promise<Record<string, number>> {
  const r = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM ${table} GROUP BY status`)
  return Object.fromEntries(r.rows.map((row) => [row.status, row.n]))
}

export interface Trends {
  casesPerHour: { hour: string; classCode: string; count: number }[]
  pm10: { siteId: number; name: string; points: { hour: string; pm10: number }[] }[]
}

/** The 24 hours before `at`: cases reported per hour and class; hourly PM10 of the three worst sites. */
export async function trends(db: Queryable, at: string): Promise<Trends> {
  const cases = await db.query<Trends['casesPerHour'][number]>(
    `SELECT date_trunc('hour', reported_at) AS hour, class_code AS "classCode", count(*)::int AS count
     FROM incidents
     WHERE reported_at > $1::timestamptz - interval '24 hours' AND reported_at <= $1::timestamptz
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [at],
  )
  const pm10 = await db.query<Trends['pm10'][number]>(
    `WITH hourly AS (
       SELECT s.site_id, date_trunc('hour', r.read_at) AS hour, avg(r.pm10) AS pm10
       FROM dust_readings r
       JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE s.site_id IS NOT NULL
         AND r.read_at > $1::timestamptz - interval '24 hours' AND r.read_at <= $1::timestamptz
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
    [at],
  )
  return { casesPerHour: cases.rows, pm10: pm10.rows }
}
