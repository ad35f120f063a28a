import type { DustAlarm, DustMetric, EventPayload } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import type { AreaParam } from '../towns/area.ts'

/** Serialise alarms per site, so concurrent ingests see each other's: one statement, in id order (no deadlock). */
export async function lockSites(db: Queryable, siteIds: number[]): Promise<void> {
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext('citygrid.dust-alarm'), id)
       FROM (SELECT DISTINCT unnest($1::int[]) AS id ORDER BY 1) ids`,
    [siteIds],
  )
}

/**
 * Clear the sites' active alarms whose window means have stayed at or below their rule's limit for
 * `clearMinutes`: calm since the end of the last window above the limit (or since the start of the
 * tripping window when none was), with a usable reading at least `clearMinutes` after that. The alarm
 * is cleared at that moment (device time). Alarms of rules disabled since are cleared the same way.
 * Only readings up to `upTo` (the newest just stored) count. Returns the ids cleared. `origin`: a
 * local midnight, which the windows are aligned on.
 */
export async function clearCalmAlarms(db: Queryable, siteIds: number[], origin: Date, upTo: Date, clearMinutes: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `WITH active AS (
       -- Judged against the rule as it was when the alarm tripped (an admin may have edited it since).
       SELECT a.id, a.site_id, a.tripped_at, a.metric, a.limit_ugm3,
              make_interval(mins => a.window_minutes) AS width, a.window_minutes
         FROM dust_alarms a
        WHERE a.site_id = ANY ($1::bigint[]) AND a.cleared_at IS NULL
     ),
     calm AS (
       SELECT a.id, a.tripped_at,
              coalesce((SELECT max(w.window_start) + a.width
                          FROM dust_window_means(ARRAY[a.site_id], a.metric, a.window_minutes, $2::timestamptz,
                                                 date_bin(a.width, a.tripped_at, $2), $4::timestamptz) w
                         WHERE w.mean > a.limit_ugm3),
                       date_bin(a.width, a.tripped_at, $2)) + make_interval(mins => $3::int) AS until,
              a.site_id, a.metric, a.window_minutes
         FROM active a
     )
     UPDATE dust_alarms d
        SET cleared_at = greatest(c.tripped_at, c.until)
       FROM calm c
      WHERE d.id = c.id
        AND EXISTS (SELECT 1 FROM dust_window_means(ARRAY[c.site_id], c.metric, c.window_minutes, $2, c.until, $4::timestamptz))
     RETURNING d.id::int`,
    [siteIds, origin.toISOString(), clearMinutes, new Date(upTo.getTime() + 1).toISOString()],
  )
  return r.rows.map((row) => row.id)
}

export interface TrippedRule {
  siteId: number
  ruleId: number
  exceedances: number
  worstMean: number
}

/**
 * The enabled rules that apply to each site (by its phase) and trip on the local day starting at
 * `dayStart`: more window means above the limit than allowed a day. Exceedances count from the start
 * of the day, or from when the site's last alarm for that rule cleared; a rule whose alarm is still
 * active at the site is not evaluated again.
 */
export async function trippedRules(db: Queryable, siteIds: number[], dayStart: Date): Promise<TrippedRule[]> {
  const r = await db.query<TrippedRule>(
    `WITH candidates AS (
       SELECT site.id AS site_id, rule.id AS rule_id, rule.metric, rule.window_minutes, rule.limit_ugm3,
              rule.max_exceedances_per_day,
              greatest($2::timestamptz,
                       (SELECT max(a.cleared_at) FROM dust_alarms a
                         WHERE a.site_id = site.id AND a.rule_id = rule.id)) AS count_from
         FROM construction_sites site
         JOIN dust_rules rule ON rule.enabled AND dust_rule_applies(rule.site_phase, site.phase)
        WHERE site.id = ANY ($1::bigint[])
          AND NOT EXISTS (SELECT 1 FROM dust_alarms a
                           WHERE a.site_id = site.id AND a.rule_id = rule.id AND a.cleared_at IS NULL)
     )
     SELECT c.site_id::int AS "siteId", c.rule_id::int AS "ruleId",
            count(*) FILTER (WHERE w.mean > c.limit_ugm3)::int AS exceedances,
            round(max(w.mean)::numeric, 1)::float8 AS "worstMean"
       FROM candidates c
      CROSS JOIN LATERAL dust_window_means(ARRAY[c.site_id], c.metric, c.window_minutes, $2,
                                           c.count_from, $2::timestamptz + interval '1 day') w
      GROUP BY c.site_id, c.rule_id, c.max_exceedances_per_day
     HAVING count(*) FILTER (WHERE w.mean > c.limit_ugm3) > c.max_exceedances_per_day
      ORDER BY c.site_id, c.rule_id`,
    [siteIds, dayStart.toISOString()],
  )
  return r.rows
}

/** Record a tripped rule as the site's active alarm; null if one is active already (a concurrent ingest). */
export async function insertAlarm(db: Queryable, t: TrippedRule, at: Date): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO dust_alarms (site_id, rule_id, metric, window_minutes, limit_ugm3, tripped_at, worst_mean, exceedances)
     SELECT $1, rule.id, rule.metric, rule.window_minutes, rule.limit_ugm3, $3, $4, $5
       FROM dust_rules rule
      WHERE rule.id = $2
     ON CONFLICT (site_id, rule_id) WHERE cleared_at IS NULL DO NOTHING
     RETURNING id::int`,
    [t.siteId, t.ruleId, at.toISOString(), t.worstMean, t.exceedances],
  )
  return r.rows[0]?.id ?? null
}

/** The site's open case of this class raised by its sensors, if any. */
export async function openSiteCase(db: Queryable, siteId: number, classCode: '0301' | '0302'): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `SELECT id::int FROM cases WHERE alarm_site_id = $1 AND class_code = $2 AND case_is_open(status)`,
    [siteId, classCode],
  )
  return r.rows[0]?.id ?? null
}

export async function attachAlarm(db: Queryable, alarmId: number, caseId: number): Promise<void> {
  await db.query(`UPDATE dust_alarms SET case_id = $2 WHERE id = $1`, [alarmId, caseId])
}

const ALARM_COLUMNS = `a.id::int, a.site_id::int AS "siteId", site.name AS "siteName", a.rule_id::int AS "ruleId",
  a.metric, a.window_minutes AS "windowMinutes", a.limit_ugm3::float8 AS "limit",
  a.tripped_at AS "trippedAt", round(a.worst_mean::numeric, 1)::float8 AS "worstMean", a.exceedances,
  a.cleared_at AS "clearedAt", a.case_id::int AS "caseId"`

type AlarmRow = Omit<DustAlarm, 'trippedAt' | 'clearedAt'> & { trippedAt: Date | string; clearedAt: Date | string | null }
const toAlarm = <R extends AlarmRow>(row: R) => ({
  ...row,
  trippedAt: new Date(row.trippedAt).toISOString(),
  clearedAt: row.clearedAt === null ? null : new Date(row.clearedAt).toISOString(),
})

/** A case's dust alarms, oldest first. */
export async function alarmsOfCase(db: Queryable, caseId: number): Promise<DustAlarm[]> {
  const r = await db.query<AlarmRow>(
    `SELECT ${ALARM_COLUMNS}
       FROM dust_alarms a
       JOIN construction_sites site ON site.id = a.site_id
      WHERE a.case_id = $1
      ORDER BY a.tripped_at, a.id`,
    [caseId],
  )
  return r.rows.map(toAlarm)
}

/** A site's active alarms and those tripped since `since`, newest first, at most `limit`. */
export async function alarmsOfSite(db: Queryable, siteId: number, since: Date, limit: number): Promise<DustAlarm[]> {
  const r = await db.query<AlarmRow>(
    `SELECT ${ALARM_COLUMNS}
       FROM dust_alarms a
       JOIN construction_sites site ON site.id = a.site_id
      WHERE a.site_id = $1 AND (a.cleared_at IS NULL OR a.tripped_at >= $2)
      ORDER BY a.tripped_at DESC, a.id DESC
      LIMIT $3`,
    [siteId, since.toISOString(), limit],
  )
  return r.rows.map(toAlarm)
}

export type AlarmEvent = EventPayload<'dust.alarm'>

/** The `dust.alarm` events of these alarms, in the order given. */
export async function alarmEvents(db: Queryable, changes: { id: number; state: AlarmEvent['state'] }[]): Promise<AlarmEvent[]> {
  if (changes.length === 0) return []
  const r = await db.query<AlarmRow & { siteAlarmActive: boolean; lng: number; lat: number }>(
    `SELECT ${ALARM_COLUMNS},
            EXISTS (SELECT 1 FROM dust_alarms b WHERE b.site_id = a.site_id AND b.cleared_at IS NULL) AS "siteAlarmActive",
            ST_X(ST_PointOnSurface(site.geom)) AS lng, ST_Y(ST_PointOnSurface(site.geom)) AS lat
       FROM dust_alarms a
       JOIN construction_sites site ON site.id = a.site_id
      WHERE a.id = ANY ($1::bigint[])`,
    [changes.map((c) => c.id)],
  )
  const byId = new Map(r.rows.map((row) => [row.id, toAlarm(row)]))
  return changes.map((c) => ({ ...byId.get(c.id)!, state: c.state }))
}

export async function emitAlarmEvents(db: Queryable, events: AlarmEvent[]): Promise<void> {
  if (events.length === 0) return
  await db.query(`SELECT emit_events('dust.alarm', $1::jsonb)`, [JSON.stringify(events)])
}

export interface NoisySite {
  siteId: number
  name: string
  worstDb: number
  lng: number
  lat: number
}

/**
 * Sites without a night-work permit and without an open 0301 case whose noise had a 5-minute mean
 * above `limitDb` during the night starting at `nightStart` (22:00 local, 8 hours): windows after the
 * one in which the site's last 0301 case of that night was reported (a closed case is not raised again
 * from the same noise).
 */
export async function noisySites(db: Queryable, siteIds: number[], origin: Date, nightStart: Date, limitDb: number): Promise<NoisySite[]> {
  const r = await db.query<NoisySite>(
    `WITH candidates AS (
       SELECT site.id, site.name, site.geom,
              greatest($3::timestamptz,
                       (SELECT date_bin(interval '5 minutes', max(c.reported_at), $2) + interval '5 minutes'
                          FROM cases c
                         WHERE c.alarm_site_id = site.id AND c.class_code = '0301'
                           AND c.reported_at >= $3::timestamptz)) AS count_from
         FROM construction_sites site
        WHERE site.id = ANY ($1::bigint[]) AND NOT site.night_work_permit
          AND NOT EXISTS (SELECT 1 FROM cases c
                           WHERE c.alarm_site_id = site.id AND c.class_code = '0301' AND case_is_open(c.status))
     )
     SELECT s.id::int AS "siteId", s.name, round(max(w.mean)::numeric, 1)::float8 AS "worstDb",
            ST_X(ST_PointOnSurface(s.geom)) AS lng, ST_Y(ST_PointOnSurface(s.geom)) AS lat
       FROM candidates s
      CROSS JOIN LATERAL dust_window_means(ARRAY[s.id], 'noise', 5, $2, s.count_from,
                                           $3::timestamptz + interval '8 hours') w
      WHERE w.mean > $4
      GROUP BY s.id, s.name, s.geom
      ORDER BY s.id`,
    [siteIds, origin.toISOString(), nightStart.toISOString(), limitDb],
  )
  return r.rows
}

/** Where a site's case is placed: a point on its outline's surface. */
export async function siteNameAndPoint(db: Queryable, siteId: number): Promise<{ name: string; lng: number; lat: number }> {
  const r = await db.query<{ name: string; lng: number; lat: number }>(
    `SELECT name, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
       FROM construction_sites WHERE id = $1`,
    [siteId],
  )
  return r.rows[0]!
}

/** What a case's description says of the rule that tripped. */
export async function ruleOf(db: Queryable, ruleId: number): Promise<{ metric: DustMetric; windowMinutes: number; limit: number; max: number }> {
  const r = await db.query<{ metric: DustMetric; windowMinutes: number; limit: number; max: number }>(
    `SELECT metric, window_minutes AS "windowMinutes", limit_ugm3::float8 AS "limit", max_exceedances_per_day AS max
       FROM dust_rules WHERE id = $1`,
    [ruleId],
  )
  return r.rows[0]!
}

/** The active alarms of the sites in `area` (null: every site), the newest first. */
export async function activeAlarms(db: Queryable, area: AreaParam): Promise<DustAlarm[]> {
  const r = await db.query<AlarmRow>(
    `SELECT ${ALARM_COLUMNS}
       FROM dust_alarms a
       JOIN construction_sites site ON site.id = a.site_id
      WHERE a.cleared_at IS NULL AND in_area(site.geom, $1)
      ORDER BY a.tripped_at DESC, a.id DESC`,
    [area],
  )
  return r.rows.map(toAlarm)
}
