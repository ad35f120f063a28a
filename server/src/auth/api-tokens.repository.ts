import type { ApiToken, User } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'
import { USER_COLUMNS } from './auth.repository.ts'

const COLUMNS = `id, name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`

/** A new token for `userId`, unless they already hold `max` live ones (then undefined). */
export async function insertApiToken(
  db: Queryable,
  token: { userId: number; name: string; hash: string; prefix: string },
  max: number,
): Promise<ApiToken | undefined> {
  const r = await db.query<ApiToken>(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix)
     SELECT $1, $2, $3, $4
     WHERE (SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL) < $5
     RETURNING ${COLUMNS}`,
    [token.userId, token.name, token.hash, token.prefix, max],
  )
  return r.rows[0]
}

/** A user's tokens, newest first, revoked ones included (they say when). */
export async function listApiTokens(db: Queryable, userId: number): Promise<ApiToken[]> {
  return (await db.query<ApiToken>(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, [userId])).rows
}

/** Revoke one of the user's own tokens (again: no change); undefined when it is not theirs. */
export async function revokeApiToken(db: Queryable, userId: number, id: number): Promise<ApiToken | undefined> {
  const r = await db.query<ApiToken>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
    [id, userId],
  )
  return r.rows[0]
}

/** The enabled user behind a live token, marking when it was last used (at most once a minute). */
export async function useApiToken(db: Queryable, hash: string): Promise<User | undefined> {
  const r = await db.query<User>(
    `WITH t AS (SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL),
     used AS (
       UPDATE api_tokens a SET last_used_at = now()
       FROM t WHERE a.id = t.id AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '1 minute')
     )
     SELECT ${USER_COLUMNS} FROM users u JOIN t ON t.user_id = u.id WHERE NOT u.disabled`,
    [hash],
  )
  return r.rows[0]
}
