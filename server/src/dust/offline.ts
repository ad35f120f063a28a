import type pg from 'pg'
import type { Logger } from 'pino'
import type { EventPayload } from '@citygrid/shared'
import { withTransaction } from '../db/transaction.ts'
import { startPeriodic, type Periodic } from '../periodic.ts'

/**
 * Offline dust monitors (sql/migrations/0027): on a timer, each monitor's `offline_since` is brought
 * in step with when it last reported — set when it has been silent for the gap, cleared once it has
 * reported again — and every change is pushed as a `sensor.status` event. Coming back is seen here
 * too, within one check interval, rather than in the ingest: the hot path stays as it is, and the
 * outbox lock (taken by every event written) is never held across a batch's readings.
 */

export interface OfflineRule {
  /** Minutes without a report after which a monitor is offline (DUST_OFFLINE_AFTER_MINUTES). */
  offlineAfterMinutes: number
  /** How often the check runs (DUST_OFFLINE_CHECK_MS). */
  offlineCheckMs: number
}

export type SensorStatusEvent = EventPayload<'sensor.status'>

/**
 * Mark the monitors silent for the gap at `now` offline, and those that have reported since online,
 * and push each change; returns the changes' events. Safe with several server processes: a monitor
 * changes once, whichever process gets there first — the rows are locked in id order (as the ingest
 * locks them, so the two never wait on each other in a circle) and a row another check or a reading
 * changed meanwhile is looked at again as it now is, then left alone if it is already right.
 */
export async function checkOffline(pool: pg.Pool, now: Date, rule: Pick<OfflineRule, 'offlineAfterMinutes'>): Promise<SensorStatusEvent[]> {
  return withTransaction(pool, async (tx) => {
    const r = await tx.query<{ events: SensorStatusEvent[] }>(
      `WITH heard AS (SELECT $1::timestamptz - $2 * interval '1 minute' AS after),
       due AS (
         SELECT s.id
           FROM dust_sensors s, heard
          WHERE s.offline_since IS DISTINCT FROM dust_offline_since(s.last_reported_at, s.installed_at, heard.after)
          ORDER BY s.id
            FOR NO KEY UPDATE OF s
       ),
       changed AS (
         UPDATE dust_sensors s
            SET offline_since = dust_offline_since(s.last_reported_at, s.installed_at, heard.after)
           FROM due, heard
          WHERE s.id = due.id
         RETURNING s.id, s.code, s.site_id, s.offline_since, ST_X(s.geom) AS lng, ST_Y(s.geom) AS lat
       )
       SELECT coalesce(json_agg(json_build_object(
                'sensorId', code, 'siteId', site_id, 'offlineSince', offline_since, 'lng', lng, 'lat', lat)
                ORDER BY id), '[]'::json) AS events
         FROM changed`,
      [now.toISOString(), rule.offlineAfterMinutes],
    )
    const events = r.rows[0]!.events
    // Last in the transaction: it takes the outbox lock (sql/migrations/0003_outbox.sql).
    if (events.length) await tx.query(`SELECT emit_events('sensor.status', $1::jsonb)`, [JSON.stringify(events)])
    return events
  })
}

/** Check now (awaited, so start-up settles before serving) and then every `offlineCheckMs`. */
export function startOfflineWatch(pool: pg.Pool, rule: OfflineRule, log: Logger): Promise<Periodic> {
  return startPeriodic('dust sensor offline check', rule.offlineCheckMs, log, async () => {
    const events = await checkOffline(pool, new Date(), rule)
    const offline = events.filter((e) => e.offlineSince !== null).length
    if (events.length) log.info({ offline, online: events.length - offline }, 'dust sensors changed online state')
  })
}
