import type { Principal, Role, User } from '@citygrid/shared'
import type pg from 'pg'
import { withTransaction } from '../db/transaction.ts'
import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../http/errors.ts'
import {
  clearFailures,
  deleteSession,
  findLoginDevice,
  findUserForLogin,
  insertLoginDevice,
  insertSession,
  insertUser,
  recentFailures,
  recordFailure,
  touchSession,
  type FailureSource,
} from './auth.repository.ts'
import type { HashBudget } from './hash-budget.ts'
import { useDisplayToken } from './display-tokens.repository.ts'
import { useApiToken } from './api-tokens.repository.ts'
import { hashPassword, newToken, tokenHash, verifyPassword } from './secrets.ts'

/** Sign-in throttling: this many failures for one user name from one source pass without a wait… */
export const FREE_FAILURES = 3
/** …then each attempt must wait after the one before, doubling from `delayBaseMs` up to this. */
export const MAX_DELAY_MS = 60_000
/** Failures older than this no longer count. */
export const FAILURE_WINDOW_MS = 15 * 60_000

/** How long after the previous failure an attempt must come, when `failures` (this one included) have been counted. */
export function loginDelayMs(failures: number, delayBaseMs: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(delayBaseMs * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_MS)
}

// Verifying against a real hash even for unknown users keeps response times alike.
const dummyHash = hashPassword('citygrid-timing-equaliser')

export interface LoginAttempt {
  username: string
  password: string
  address: string
  /** The device cookie's token, if the browser has one. */
  deviceToken?: string | undefined
}

export interface LoginRules {
  sessionTtlMs: number
  delayBaseMs: number
  hashes: HashBudget
}

/**
 * Sign in. Failures slow a source down (growing delays, never a lock-out), where the source is the
 * device that signed this user in before, if the attempt comes from one, or else the address — so a
 * guesser elsewhere, or behind the same address, cannot keep a user out of a browser they use. The
 * password check waits its turn in the hash budget. Returns the session token and, for a browser that
 * is not yet a known device of this user, a new device token.
 */
export async function login(pool: pg.Pool, attempt: LoginAttempt, rules: LoginRules): Promise<{ token: string; user: User; deviceToken: string | null }> {
  const { username, password, address } = attempt
  const found = await findUserForLogin(pool, username)
  const device = attempt.deviceToken ? await findLoginDevice(pool, tokenHash(attempt.deviceToken)) : null
  const known = device && found && device.userId === found.id ? device : null
  const source: FailureSource = known ? { deviceId: known.id } : { address }
  // The attempt counts as a failure until it succeeds, and is counted before the (slow) password
  // check: parallel guesses cannot all slip under the limit.
  await recordFailure(pool, username, address, known?.id ?? null)
  const { count, sincePreviousMs } = await recentFailures(pool, username, source, FAILURE_WINDOW_MS)
  if (sincePreviousMs !== null && sincePreviousMs < loginDelayMs(count, rules.delayBaseMs)) {
    // Too early: this attempt now counts as the one before the next, which must wait its own delay.
    const seconds = Math.ceil(loginDelayMs(count + 1, rules.delayBaseMs) / 1000)
    throw new TooManyRequestsError(`too many failed sign-ins for '${username}'; try again in ${seconds} s`, seconds)
  }
  const share = known ? `device:${known.id}` : address
  const check = async () => verifyPassword(password, found?.passwordHash ?? (await dummyHash))
  const ok = await rules.hashes.run(share, check, { knownDevice: known !== null })
  if (!found || !ok || found.disabled) {
    throw new UnauthorizedError('wrong user name or password, or the account is disabled')
  }
  const token = newToken()
  const deviceToken = known ? null : newToken()
  await withTransaction(pool, async (tx) => {
    await clearFailures(tx, username, source)
    await insertSession(tx, tokenHash(token), found.id, rules.sessionTtlMs)
    if (deviceToken) await insertLoginDevice(tx, found.id, tokenHash(deviceToken))
  })
  const { passwordHash: _omit, ...user } = found
  return { token, user, deviceToken }
}

export async function logout(pool: pg.Pool, token: string): Promise<void> {
  await deleteSession(pool, tokenHash(token))
  forgetPrincipals()
}

/**
 * How long a resolved principal is reused for the same credentials: a page's burst of requests (a map
 * opening asks for ten things at once, a GIS tool pages through a collection) costs one session query,
 * not one each. What this process changes (sign-out, a user edited or disabled, a token revoked) is
 * forgotten at once (`forgetPrincipals`); what another process changes is seen within this long.
 */
export const PRINCIPAL_REUSE_MS = 2_000
/** At most this many credentials remembered; the oldest go first. */
const PRINCIPALS_KEPT = 10_000
const principals = new Map<string, { principal: Principal; until: number }>()
/** Counts `forgetPrincipals` calls: an answer asked for before one of them is not remembered after it. */
let forgotten = 0

/** Forget every remembered principal: call after anything that ends or changes a session, a user or a token. */
export function forgetPrincipals(): void {
  principals.clear()
  forgotten++
}

type Credentials = { session?: string; apiToken?: string; display?: string }

/**
 * `resolvePrincipal`, reusing an answer younger than PRINCIPAL_REUSE_MS for the same credentials: for
 * HTTP requests. A live connection asks afresh (`resolvePrincipal`): one reconnecting after its user was
 * disabled elsewhere must not be let in on a remembered answer, and then stay.
 */
export async function recentPrincipal(pool: pg.Pool, credentials: Credentials, sessionTtlMs: number): Promise<Principal | null> {
  if (!credentials.session && !credentials.apiToken && !credentials.display) return null
  const key = `${credentials.session ?? ''}\n${credentials.apiToken ?? ''}\n${credentials.display ?? ''}`
  const now = Date.now()
  const kept = principals.get(key)
  if (kept && kept.until > now) return kept.principal
  principals.delete(key)
  const asked = forgotten
  const principal = await resolvePrincipal(pool, credentials, sessionTtlMs)
  // Only a principal is remembered (credentials that name nobody are asked about again), and only if
  // nothing was forgotten while the question was out: a sign-out then may have come after the answer.
  if (principal && asked === forgotten) {
    if (principals.size >= PRINCIPALS_KEPT) principals.delete(principals.keys().next().value!)
    principals.set(key, { principal, until: now + PRINCIPAL_REUSE_MS })
  }
  return principal
}

/** The principal behind a session cookie, a personal API token (read-only) or a display token (cookie or bearer), if any. */
export async function resolvePrincipal(pool: pg.Pool, credentials: Credentials, sessionTtlMs: number): Promise<Principal | null> {
  if (credentials.session) {
    const user = await touchSession(pool, tokenHash(credentials.session), sessionTtlMs)
    if (user) return { kind: 'user', user }
  }
  if (credentials.apiToken) {
    const user = await useApiToken(pool, tokenHash(credentials.apiToken))
    if (user) return { kind: 'user', user, readOnly: true }
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
