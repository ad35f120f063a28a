/**
 * Which errors mean "the database cannot serve right now" rather than "this request was wrong".
 * The API answers the first kind with 503 and Retry-After (see http/errors.ts); the availability
 * monitor (db/availability.ts) counts them as an outage.
 */

export type DatabaseFault = 'unavailable' | 'timeout'

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
/** What `pg` and `pg-pool` say when a connection dies or none can be had in time (they set no code). */
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end)/

export function databaseFault(err: unknown): DatabaseFault | null {
  if (!(err instanceof Error)) return null
  const code = (err as { code?: unknown }).code
  if (code === '57014') return 'timeout' // query_canceled: statement_timeout
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code)) return 'unavailable'
  }
  if (err instanceof AggregateError && err.errors.some((e) => databaseFault(e) === 'unavailable')) return 'unavailable'
  return CONNECTION_MESSAGES.test(err.message) ? 'unavailable' : null
}
