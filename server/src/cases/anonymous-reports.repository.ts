import type { Queryable } from '../db/transaction.ts'

/** Who an anonymous report counts against: its client address, and its device cookie (hashed) when it sent one. */
export type ReporterKey = { kind: 'address'; value: string } | { kind: 'device'; value: string }

const COLUMN = { address: 'address', device: 'device_hash' } as const

/**
 * Take the transaction-scoped lock of each key, address first: a second report from the same address
 * or device waits here until the first commits, then counts it. One order for every transaction, so
 * two never wait on each other.
 */
export async function lockReporterKeys(db: Queryable, keys: ReporterKey[]): Promise<void> {
  for (const key of [...keys].sort((a, b) => a.kind.localeCompare(b.kind))) {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('citygrid.anonymous-report.' || $1::text), hashtext($2::text))`, [key.kind, key.value])
  }
}

/** Seconds until each of the key's reports of the last hour leaves the hour, oldest first. */
export async function secondsLeftOfRecentReports(db: Queryable, key: ReporterKey): Promise<number[]> {
  const r = await db.query<{ left: number }>(
    `SELECT extract(epoch FROM reported_at + interval '1 hour' - now())::float8 AS left
     FROM anonymous_reports
     WHERE ${COLUMN[key.kind]} = $1 AND reported_at > now() - interval '1 hour'
     ORDER BY reported_at`,
    [key.value],
  )
  return r.rows.map((row) => row.left)
}

/** Count this report, and delete a batch of rows older than an hour (skipping any another report holds). */
export async function recordAnonymousReport(db: Queryable, address: string, deviceHash: string | null): Promise<void> {
  await db.query(`INSERT INTO anonymous_reports (address, device_hash) VALUES ($1, $2)`, [address, deviceHash])
  await db.query(
    `DELETE FROM anonymous_reports WHERE id IN (
       SELECT id FROM anonymous_reports WHERE reported_at <= now() - interval '1 hour'
       ORDER BY reported_at LIMIT 100 FOR UPDATE SKIP LOCKED)`,
  )
}
