import type { Principal, Role, User } from '@citygrid/shared'
import type pg from 'pg'
import { withTransaction } from '../db/transaction.ts'
import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../http/errors.ts'
import {
  clearFailures,
  deleteSession,
  findUserForLogin,
  insertSession,
  insertUser,
  recentFailures,
  recordFailure,
  touchSession,
} from './auth.repository.ts'
import { useDisplayToken } from './display-tokens.repository.ts'
import { hashPassword, newToken, tokenHash, verifyPassword } from './secrets.ts'

/** Sign-in throttling: this many failures for one user name from one address… */
export const MAX_FAILURES = 5
/** …within this window lock that pair out until the oldest failure leaves it. */
export const FAILURE_WINDOW_MS = 15 * 60_000

// Verifying against a real hash even for unknown users keeps response times alike.
const dummyHash = hashPassword('citygrid-timing-equaliser')

export async function login(
  pool: pg.Pool,
  username: string,
  password: string,
  address: string,
  sessionTtlMs: number,
): Promise<{ token: string; user: User }> {
  // The attempt counts as a failure until it succeeds, and is counted before the (slow) password
  // check: parallel guesses cannot all slip under the limit.
  await recordFailure(pool, username, address)
  if ((await recentFailures(pool, username, address, FAILURE_WINDOW_MS)) > MAX_FAILURES) {
    throw new TooManyRequestsError(
      `too many failed sign-ins for '${username}'; try again in ${FAILURE_WINDOW_MS / 60_000} minutes`,
      FAILURE_WINDOW_MS / 1000,
    )
  }
  const found = await findUserForLogin(pool, username)
  const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash))
  if (!found || !ok || found.disabled) {
    throw new UnauthorizedError('wrong user name or password, or the account is disabled')
  }
  const token = newToken()
  await withTransaction(pool, async (tx) => {
    await clearFailures(tx, username, address)
    await insertSession(tx, tokenHash(token), found.id, sessionTtlMs)
  })
  const { passwordHash: _omit, ...user } = found
  return { token, user }
}

export async function logout(pool: pg.Pool, token: string): Promise<void> {
  await deleteSession(pool, tokenHash(token))
}

/** The principal behind a session cookie or a display token (cookie or bearer), if any. */
export async function resolvePrincipal(
  pool: pg.Pool,
  credentials: { session?: string; display?: string },
  sessionTtlMs: number,
): Promise<Principal | null> {
  if (credentials.session) {
    const user = await touchSession(pool, tokenHash(credentials.session), sessionTtlMs)
    if (user) return { kind: 'user', user }
  }
  if (credentials.display) {
    const display = await useDisplayToken(pool, tokenHash(credentials.display))
    if (display) return { kind: 'display', display }
  }
  return null
}

export async function checkDisplayToken(pool: pg.Pool, token: string): Promise<{ id: number; name: string }> {
  const display = await useDisplayToken(pool, tokenHash(token))
  if (!display) throw new UnauthorizedError('this display token is unknown or has been revoked')
  return display
}

export interface UserInput {
  username: string
  displayName: string
  role: Role
  department: string | null
  password: string
}

export async function createUser(db: pg.Pool | pg.PoolClient, input: UserInput): Promise<User> {
  if (input.department) {
    const d = await db.query('SELECT 1 FROM departments WHERE code = $1', [input.department])
    if (!d.rowCount) throw new ValidationError([{ field: 'department', reason: `unknown department '${input.department}'` }])
  }
  const taken = await db.query('SELECT 1 FROM users WHERE username = $1', [input.username])
  if (taken.rowCount) throw new ValidationError([{ field: 'username', reason: `'${input.username}' is taken` }])
  return insertUser(db, { ...input, passwordHash: await hashPassword(input.password) })
}
