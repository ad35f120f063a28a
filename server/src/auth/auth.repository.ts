import type { Role, User } from '@citygrid/shared'
import type { Queryable } from '../db/transaction.ts'

export const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.role, u.department_code AS department, u.disabled`

export interface NewUser {
  username: string
  displayName: string
  role: Role
  department: string | null
  passwordHash: string
}

export async function insertUser(db: Queryable, u: NewUser): Promise<User> {
  const r = await db.query<User>(
    `INSERT INTO users AS u (username, display_name, role, department_code, password_hash)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING ${USER_COLUMNS}`,
    [u.username, u.displayName, u.role, u.department, u.passwordHash],
  )
  return r.rows[0]!
}

export async function findUserForLogin(db: Queryable, username: string): Promise<(User & { passwordHash: string }) | undefined> {
  const r = await db.query<User & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE u.username = $1`,
    [username],
  )
  return r.rows[0]
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.query<User>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.id`)).rows
}

export async function updateUser(
  db: Queryable,
  id: number,
  patch: { displayName?: string; passwordHash?: string; disabled?: boolean },
): Promise<User | undefined> {
  const r = await db.query<User>(
    `UPDATE users AS u
     SET display_name = coalesce($2, u.display_name),
         password_hash = coalesce($3, u.password_hash),
         disabled = coalesce($4, u.disabled)
     WHERE u.id = $1
     RETURNING ${USER_COLUMNS}`,
    [id, patch.displayName ?? null, patch.passwordHash ?? null, patch.disabled ?? null],
  )
  return r.rows[0]
}

export async function countUsers(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n
}

// Sessions ------------------------------------------------------------------------------------

export async function insertSession(db: Queryable, tokenHash: string, userId: number, ttlMs: number): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')`,
    [tokenHash, userId, ttlMs],
  )
}

/**
 * The user behind a live session, sliding its expiry forward (written at most once a minute, so a
 * busy page does not write on every request). Disabled users and expired sessions yield nothing.
 */
export async function touchSession(db: Queryable, tokenHash: string, ttlMs: number): Promise<User | undefined> {
  const r = await db.query<User>(
    `WITH s AS (
       UPDATE sessions
       SET last_seen_at = now(), expires_at = now() + $2 * interval '1 millisecond'
       WHERE token_hash = $1 AND expires_at > now() AND last_seen_at < now() - interval '1 minute'
       RETURNING user_id
     )
     SELECT ${USER_COLUMNS}
     FROM users u
     WHERE NOT u.disabled
       AND u.id = coalesce(
             (SELECT user_id FROM s),
             (SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now()))`,
    [tokenHash, ttlMs],
  )
  return r.rows[0]
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteUserSessions(db: Queryable, userId: number): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId])
}

// Sign-in throttling ----------------------------------------------------------------------------

/** Where failed sign-ins are counted: a device that signed the user in before, or else the address. */
export type FailureSource = { deviceId: number } | { address: string }

const SOURCE = `(CASE WHEN $2::bigint IS NOT NULL THEN device_id = $2 ELSE device_id IS NULL AND address = $3 END)`
const sourceParams = (s: FailureSource) => ('deviceId' in s ? [s.deviceId, null] : [null, s.address])

/**
 * Failures for a user name from one source within the window: how many, and how long ago (by the
 * database's clock, which recorded them) the one before the last was.
 */
export async function recentFailures(
  db: Queryable,
  username: string,
  source: FailureSource,
  windowMs: number,
): Promise<{ count: number; sincePreviousMs: number | null }> {
  const r = await db.query<{ count: number; since_previous_ms: number | null }>(
    `SELECT count(*)::int AS count,
            extract(epoch FROM now() - (array_agg(at ORDER BY at DESC))[2]) * 1000 AS since_previous_ms
     FROM login_failures
     WHERE username = $1 AND ${SOURCE} AND at > now() - $4 * interval '1 millisecond'`,
    [username, ...sourceParams(source), windowMs],
  )
  const row = r.rows[0]!
  return { count: row.count, sincePreviousMs: row.since_previous_ms === null ? null : Number(row.since_previous_ms) }
}

export async function recordFailure(db: Queryable, username: string, address: string, deviceId: number | null): Promise<void> {
  await db.query(`INSERT INTO login_failures (username, address, device_id) VALUES ($1, $2, $3)`, [username, address, deviceId])
  await db.query(`DELETE FROM login_failures WHERE at < now() - interval '1 day'`)
}

export async function clearFailures(db: Queryable, username: string, source: FailureSource): Promise<void> {
  await db.query(`DELETE FROM login_failures WHERE username = $1 AND ${SOURCE}`, [username, ...sourceParams(source)])
}

// Devices that signed a user in -----------------------------------------------------------------

export async function findLoginDevice(db: Queryable, tokenHash: string): Promise<{ id: number; userId: number } | null> {
  const r = await db.query<{ id: number; userId: number }>(
    `UPDATE login_devices SET last_used_at = now() WHERE token_hash = $1 RETURNING id::int, user_id::int AS "userId"`,
    [tokenHash],
  )
  return r.rows[0] ?? null
}

export async function insertLoginDevice(db: Queryable, userId: number, tokenHash: string): Promise<void> {
  await db.query('INSERT INTO login_devices (user_id, token_hash) VALUES ($1, $2)', [userId, tokenHash])
}
