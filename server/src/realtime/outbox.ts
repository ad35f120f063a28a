import type { EventPayload, OutboxEvent, OutboxEventType } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

/**
 * Write an event in the caller's transaction (call it last: see sql/migrations/0003_outbox.sql).
 * It becomes visible, and is pushed, only when that transaction commits.
 */
export async function emitEvent<T extends OutboxEventType>(
  tx: Queryable,
  type: T,
  payload: EventPayload<T>,
): Promise<number> {
  const r = await tx.query<{ id: number }>('SELECT emit_event($1, $2::jsonb) AS id', [type, JSON.stringify(payload)])
  return r.rows[0]!.id
}

/**
 * Committed events after id `since` (and up to `upTo` when given), in id order. Safe to resume
 * from: ids become visible in order.
 */
export async function readEventsAfter(
  db: Queryable,
  since: number,
  limit: number,
  upTo: number | null = null,
): Promise<OutboxEvent[]> {
  const r = await db.query<OutboxEvent>(
    `SELECT id, created_at AS at, type, payload
     FROM events
     WHERE id > $1 AND ($3::bigint IS NULL OR id <= $3)
     ORDER BY id
     LIMIT $2`,
    [since, limit, upTo],
  )
  return r.rows
}

export async function lastEventId(db: Queryable): Promise<number> {
  const r = await db.query<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM events')
  return r.rows[0]!.id
}
