/**
 * Which errors mean "the database cannot serve right now" rather than "this request was wrong".
 * The API answers the first kind with 503 and Retry-After (see http/errors.ts); the availability
 * monitor (db/availability.ts) counts them as an outage.
 */

/**
 * `unavailable`: the database is away (an outage); `busy`: no connection could be had in time, the
 * database itself answering (slow queries hold them all); `timeout`: a query hit statement_timeout.
 */
export type DatabaseFault = 'unavailable' | 'busy' | 'timeout'

/** SQLSTATEs of a database that is going away, starting, full or unreachable. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the cluster is stopping, or pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
  '25P03', // idle_in_transaction_session_timeout
])
/** Socket errors on the way to the database. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** What `pg` says when a connection dies (it sets no code). */
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/
/** What `pg-pool` says when no connection could be had within connectionTimeoutMillis. */
const POOL_EXHAUSTED = /^timeout exceeded when trying to connect/

export function databaseFault(err: unknown): DatabaseFault | null {
  if (!(err instanceof Error)) return null
  if (err.name === 'CommitOutcomeUnknown') return 'unavailable'
  const code = (err as { code?: unknown }).code
  if (code === '57014') return 'timeout' // query_canceled: statement_timeout
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code)) return 'unavailable'
    // A socket error of a connection (it names its syscall: connect, read, write). A client's aborted
    // upload is an ECONNRESET too, without one: that is no database outage.
    if (NETWORK_CODES.has(code) && typeof (err as { syscall?: unknown }).syscall === 'string') return 'unavailable'
  }
  if (err instanceof AggregateError && err.errors.some((e) => databaseFault(e) === 'unavailable')) return 'unavailable'
  if (POOL_EXHAUSTED.test(err.message)) return 'busy'
  return CONNECTION_MESSAGES.test(err.message) ? 'unavailable' : null
}
