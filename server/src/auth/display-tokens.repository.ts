import type { DisplayToken } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

const COLUMNS = `id, name, created_at AS "createdAt", last_seen_at AS "lastSeenAt", revoked_at AS "revokedAt"`

export async function insertDisplayToken(db: Queryable, name: string, hash: string, createdBy: number): Promise<DisplayToken> {
  const r = await db.query<DisplayToken>(
    `INSERT INTO display_tokens (name, token_hash, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [name, hash, createdBy],
  )
  return r.rows[0]!
}

export async function listDisplayTokens(db: Queryable): Promise<DisplayToken[]> {
  return (await db.query<DisplayToken>(`SELECT ${COLUMNS} FROM display_tokens ORDER BY id`)).rows
}

export async function revokeDisplayToken(db: Queryable, id: number): Promise<DisplayToken | undefined> {
  const r = await db.query<DisplayToken>(
    `UPDATE display_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  )
  return r.rows[0]
}

/** A live (not revoked) display token, marking when it was last used (at most once a minute). */
export async function useDisplayToken(db: Queryable, hash: string): Promise<{ id: number; name: string } | undefined> {
  const r = await db.query<{ id: number; name: string }>(
    `WITH t AS (SELECT id, name FROM display_tokens WHERE token_hash = $1 AND revoked_at IS NULL),
     seen AS (
       UPDATE display_tokens d SET last_seen_at = now()
       FROM t WHERE d.id = t.id AND (d.last_seen_at IS NULL OR d.last_seen_at < now() - interval '1 minute')
     )
     SELECT id, name FROM t`,
    [hash],
  )
  return r.rows[0]
}
