import { SITE_SERIES_METRICS, type SiteDust, type SitePage } from '@citygrid/shared'
import { caseScopeParam, caseScopeSql, type CaseScope } from '../auth/case-scope.ts'
import type { Queryable } from '../db/transaction.ts'
import { alarmsOfSite } from '../dust/alarms.repository.ts'
import { rulesOfSite } from '../dust/rules.repository.ts'

/** What a site page shows back in time (its alarms, its cases) besides what is still active or open. */
const RECENT_DAYS = 30

/**
 * A construction site's page, its cases within the reader's `scope`; null when there is no such site.
 * Its rules and alarms are read as the rules and alarms APIs read them (dust/rules.repository.ts,
 * dust/alarms.repository.ts).
 */
export async function sitePage(db: Queryable, siteId: number, scope: CaseScope): Promise<SitePage | null> {
  const r = await db.query<{ page: Omit<SitePage, 'rules' | 'alarms'> }>(
    `SELECT json_build_object(
       'id', s.id, 'name', s.name, 'permitNo', s.permit_no, 'developer', s.developer,
       'status', s.status, 'phase', s.phase,
       'measures', json_build_object('wetWork', s.wet_work, 'bareSoilCovered', s.bare_soil_covered,
                                     'mistSpraying', s.mist_spraying),
       'nightWorkPermit', s.night_work_permit,
       'sensors', (
         SELECT coalesce(json_agg(json_build_object(
                  'code', d.code, 'installedAt', d.installed_at, 'lastReportedAt', d.last_reported_at,
                  'offlineSince', d.offline_since,
                  'latest', CASE WHEN l.sensor_id IS NOT NULL THEN json_build_object(
                              'at', l.read_at, 'pm10', l.pm10, 'pm25', l.pm25, 'tsp', l.tsp, 'noiseDb', l.noise_db) END)
                  ORDER BY d.code), '[]')
           FROM dust_sensors d
           LEFT JOIN dust_latest l ON l.sensor_id = d.id
          WHERE d.site_id = s.id),
       'cases', (
         SELECT coalesce(json_agg(c.item ORDER BY c.reported_at DESC, c.id DESC), '[]')
           FROM (SELECT c.id, c.reported_at, json_build_object(
                          'id', c.id, 'caseNumber', c.case_number, 'classCode', c.class_code,
                          'status', c.status, 'reportedAt', c.reported_at, 'title', c.title) AS item
                   FROM cases c
                  WHERE c.alarm_site_id = s.id
                    AND (case_is_open(c.status) OR c.reported_at >= now() - make_interval(days => $3))
                    AND ${caseScopeSql('c', '$2')}
                  ORDER BY c.reported_at DESC, c.id DESC
                  LIMIT 50) c)
     ) AS page
     FROM construction_sites s
     WHERE s.id = $1`,
    [siteId, caseScopeParam(scope), RECENT_DAYS],
  )
  const page = r.rows[0]?.page
  if (!page) return null
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000)
  return { ...page, rules: await rulesOfSite(db, siteId), alarms: await alarmsOfSite(db, siteId, since, 100) }
}

export async function siteExists(db: Queryable, siteId: number): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM construction_sites WHERE id = $1', [siteId])).rowCount ?? 0) > 0
}

/**
 * A site's PM10, PM2.5 and noise over [from, to) as window means of `windowMinutes` starting at local
 * midnights (the rules' windows: `dust_window_means`, the worst of the site's monitors per window).
 */
export async function siteDust(
  db: Queryable,
  siteId: number,
  range: { from: string; to: string; windowMinutes: number; timeZoneOffsetMinutes: number },
): Promise<SiteDust['series']> {
  // Any local midnight: the windows (5, 15, 60 minutes) divide a day, and China has no daylight saving.
  const origin = new Date(Date.UTC(2000, 0, 1) - range.timeZoneOffsetMinutes * 60_000).toISOString()
  const r = await db.query<{ metric: keyof SiteDust['series']; at: string; mean: number }>(
    `SELECT m.metric, w.window_start AS at, round(w.mean::numeric, 1)::float8 AS mean
       FROM unnest($6::text[]) AS m(metric)
      CROSS JOIN LATERAL dust_window_means(ARRAY[$1::bigint], m.metric, $2, $3::timestamptz, $4::timestamptz, $5::timestamptz) w
      ORDER BY m.metric, w.window_start`,
    [siteId, range.windowMinutes, origin, range.from, range.to, SITE_SERIES_METRICS],
  )
  const series: SiteDust['series'] = { pm10: [], pm25: [], noise: [] }
  for (const row of r.rows) series[row.metric].push({ at: new Date(row.at).toISOString(), mean: row.mean })
  return series
}
