import type { Open311Key } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

const COLUMNS = `k.id, k.name, k.prefix, k.created_at AS "createdAt", k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt",
  (SELECT count(*)::int FROM open311_requests r WHERE r.key_id = k.id) AS requests`

export async function insertOpen311Key(db: Queryable, key: { name: string; hash: string; prefix: string; createdBy: number }): Promise<Open311Key> {
  const r = await db.query<Open311Key>(
    `WITH k AS (INSERT INTO open311_keys (name, key_hash, prefix, created_by) VALUES ($1, $2, $3, $4) RETURNING *)
     SELECT ${COLUMNS} FROM k`,
    [key.name, key.hash, key.prefix, key.createdBy],
  )
  return r.rows[0]!
}

/** Every key, newest first, revoked ones included (they say when). */
export async function listOpen311Keys(db: Queryable): Promise<Open311Key[]> {
  return (await db.query<Open311Key>(`SELECT ${COLUMNS} FROM open311_keys k ORDER BY k.id DESC`)).rows
}

/** Revoke a key (again: no change); undefined when there is none. */
export async function revokeOpen311Key(db: Queryable, id: number): Promise<Open311Key | undefined> {
  const r = await db.query<Open311Key>(
    `WITH k AS (UPDATE open311_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *)
     SELECT ${COLUMNS} FROM k`,
    [id],
  )
  return r.rows[0]
}

/** The live key with this hash — its id — marking when it was last used (at most once a minute); undefined if none. */
export async function useOpen311Key(db: Queryable, hash: string): Promise<number | undefined> {
  const r = await db.query<{ id: number }>(
    `WITH k AS (SELECT id FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL),
     used AS (
       UPDATE open311_keys o SET last_used_at = now()
       FROM k WHERE o.id = k.id AND (o.last_used_at IS NULL OR o.last_used_at < now() - interval '1 minute')
     )
     SELECT id::int FROM k`,
    [hash],
  )
  return r.rows[0]?.id
}
