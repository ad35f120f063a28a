import { localDate, type CaseSummary, type DustRule } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import type { CaseRules } from '../cases/case-change.ts'
import { reportCaseIn } from '../cases/report.ts'

/** The reading column each rule metric is measured on (a fixed map: never user text in SQL). */
const COLUMN: Record<DustRule['metric'], string> = { pm10: 'r.pm10', pm25: 'r.pm25', tsp: 'r.tsp' }
const LABEL: Record<DustRule['metric'], string> = { pm10: 'PM10', pm25: 'PM2.5', tsp: 'TSP' }

interface TrippedSite {
  siteId: number
  name: string
  exceedances: number
  worstMean: number
  lng: number
  lat: number
}

/** Start of the local day (in the work calendar's time zone) that `t` falls in. */
function localDayStart(rules: CaseRules, t: Date): Date {
  const offsetMs = rules.calendar.timeZoneOffsetMinutes * 60_000
  return new Date(Date.parse(`${localDate(rules.calendar, t)}T00:00:00Z`) - offsetMs)
}

/**
 * Evaluate the dust rule for the sites of the sensors that just reported, on the local day of
 * `at`: window means (`windowMinutes` buckets from midnight) above the limit are exceedances; more
 * than `maxExceedancesPerDay` opens a 0302 工地扬尘 case for the site, source `sensor`, reported at the
 * device time of the reading — unless the site already has an open alarm case (at most one until it
 * is closed); after an alarm the count starts again from it. Runs in the ingest transaction.
 */
export async function raiseDustAlarms(
  tx: Queryable,
  rules: CaseRules,
  sensorCodes: string[],
  at: Date,
): Promise<CaseSummary[]> {
  if (sensorCodes.length === 0) return []
  const rule = rules.dustRule
  const dayStart = localDayStart(rules, at)
  const tripped = await tx.query<TrippedSite>(
    `WITH sites AS (
       SELECT DISTINCT site_id FROM dust_sensors WHERE code = ANY ($1::text[]) AND site_id IS NOT NULL
     ),
     -- Exceedances count from the start of the day, or after the reading that raised the site's
     -- last alarm case of the day: each alarm starts a new count.
     since AS (
       SELECT sites.site_id,
              (SELECT max(i.reported_at) FROM cases i
               WHERE i.alarm_site_id = sites.site_id
                 AND i.reported_at >= $2::timestamptz
                 AND i.reported_at < $2::timestamptz + interval '1 day') AS last_alarm
       FROM sites
     ),
     windows AS (
       SELECT s.site_id, r.sensor_id, date_bin($3::interval, r.read_at, $2::timestamptz) AS bucket,
              avg(${COLUMN[rule.metric]}) AS mean
       FROM dust_readings r
       JOIN dust_sensors s ON s.id = r.sensor_id
       JOIN since ON since.site_id = s.site_id
       WHERE r.read_at >= $2::timestamptz AND r.read_at < $2::timestamptz + interval '1 day'
         AND (since.last_alarm IS NULL OR r.read_at > since.last_alarm)
       GROUP BY 1, 2, 3
     )
     SELECT w.site_id AS "siteId", site.name,
            count(*) FILTER (WHERE w.mean > $4)::int AS exceedances,
            round(max(w.mean)::numeric, 1)::float8 AS "worstMean",
            ST_X(ST_PointOnSurface(site.geom)) AS lng, ST_Y(ST_PointOnSurface(site.geom)) AS lat
     FROM windows w
     JOIN construction_sites site ON site.id = w.site_id
     GROUP BY w.site_id, site.name, site.geom
     HAVING count(*) FILTER (WHERE w.mean > $4) > $5
     ORDER BY w.site_id`,
    [sensorCodes, dayStart.toISOString(), `${rule.windowMinutes} minutes`, rule.limit, rule.maxExceedancesPerDay],
  )
  const raised: CaseSummary[] = []
  for (const site of tripped.rows) {
    // Serialise alarms per site, so concurrent ingests see each other's open case.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('citygrid.dust-alarm'), $1::int)`, [site.siteId])
    const open = await tx.query(
      `SELECT 1 FROM cases WHERE alarm_site_id = $1 AND case_is_open(status)`,
      [site.siteId],
    )
    if (open.rowCount) continue
    raised.push(
      await reportCaseIn(
        tx,
        rules,
        {
          classCode: '0302',
          title: `工地扬尘超标：${site.name}`,
          description:
            `${LABEL[rule.metric]} ${rule.windowMinutes} 分钟均值最高 ${site.worstMean} µg/m³，超过 ${rule.limit} µg/m³；` +
            `今日超标 ${site.exceedances} 次（规则：每日至多 ${rule.maxExceedancesPerDay} 次）`,
          source: 'sensor',
          location: { type: 'Point', coordinates: [site.lng, site.lat] },
          coordSys: 'wgs84',
        },
        null,
        { siteId: site.siteId, at: at.toISOString() },
      ),
    )
  }
  return raised
}
