import type pg from 'pg'
import type { Logger } from 'pino'
import type { Queryable } from '../db/transaction.ts'
import { startPeriodic, type Periodic } from '../periodic.ts'

/**
 * The monthly partitions of `dust_readings` (sql/migrations/0025): months are UTC months, a partition
 * is made by `dust_readings_partition(month)` (ahead of time, and for a batch's month not seen yet:
 * `ensurePartitions`; `dust_insert_readings` makes one still missing) and the months past the retention are dropped by
 * `dust_readings_drop_before(month)`. This module decides which months; the SQL functions do the DDL.
 */

export interface ReadingRetention {
  /** Months of readings kept before the current one (DUST_RETENTION_MONTHS). */
  retentionMonths: number
}

/** Months made ahead of the current one, so that a month's first readings never wait for DDL. */
export const MONTHS_AHEAD = 2

/** `YYYY-MM-01` of the UTC month `months` after the one holding `t` (negative: before). */
function monthStart(t: Date, months = 0): string {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1)).toISOString().slice(0, 10)
}

/** The first instant whose readings are kept: the start of the oldest month within the retention. */
export function oldestKept(now: Date, retention: ReadingRetention): Date {
  return new Date(`${monthStart(now, -retention.retentionMonths)}T00:00:00Z`)
}

/** Months known to have their partition, per database (a pool): a batch of them needs no query. */
const knownMonths = new WeakMap<pg.Pool, Set<string>>()

/**
 * Make the partitions of the months of `instants` that this process has not seen yet (each call its
 * own transaction, under the partitions' lock: creating a partition locks the table until commit).
 * Months past the retention are refused before this, so a month dropped since it was seen is never
 * asked for again.
 */
export async function ensurePartitions(pool: pg.Pool, instants: string[]): Promise<void> {
  const known = knownMonths.get(pool) ?? new Set<string>()
  knownMonths.set(pool, known)
  const months = new Set<string>()
  for (const at of new Set(instants)) months.add(monthStart(new Date(at))) // a gateway's batch is mostly one time
  const missing = [...months].filter((m) => !known.has(m))
  if (missing.length === 0) return
  await pool.query('SELECT dust_readings_partition(m) FROM unnest($1::date[]) AS m', [missing])
  for (const m of missing) known.add(m)
}

/**
 * Make this month's and the next `MONTHS_AHEAD` months' partitions and drop those past the retention.
 * Safe with several server processes (the SQL functions take one lock and skip what exists).
 */
export async function maintainPartitions(db: Queryable, now: Date, retention: ReadingRetention): Promise<{ dropped: string[] }> {
  const ahead = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => monthStart(now, i))
  await db.query('SELECT dust_readings_partition(m) FROM unnest($1::date[]) AS m', [ahead])
  const dropped = await db.query<{ name: string }>('SELECT dust_readings_drop_before($1::date) AS name', [
    monthStart(oldestKept(now, retention)),
  ])
  return { dropped: dropped.rows.map((r) => r.name) }
}

/** Every six hours: a month's partition is there days before it starts, on any server process. */
export const MAINTENANCE_INTERVAL_MS = 6 * 3_600_000

/** Maintain the partitions now (before serving) and every `MAINTENANCE_INTERVAL_MS`. */
export function startPartitionMaintenance(pool: pg.Pool, retention: ReadingRetention, log: Logger): Promise<Periodic> {
  return startPeriodic('dust reading partition maintenance', MAINTENANCE_INTERVAL_MS, log, async () => {
    const { dropped } = await maintainPartitions(pool, new Date(), retention)
    if (dropped.length) log.info({ dropped, retentionMonths: retention.retentionMonths }, 'dust readings past the retention dropped')
  })
}
