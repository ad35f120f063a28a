import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { MAX_ERROR_DETAILS, moreReason, type ErrorBody, type ErrorCode, type ErrorDetail } from '@citygrid/shared'
import type { Logger } from 'pino'
import { databaseFault } from '../db/faults.ts'
import { CommitOutcomeUnknown } from '../db/transaction.ts'
import { RETRY_AFTER_SECONDS, type DatabaseAvailability } from '../db/availability.ts'

/** Base of every error the API answers on purpose; `onError` maps it to the one JSON shape. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** For a 409 on a workflow action: what may be done instead. */
    readonly allowed?: string[],
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = describe(details)) {
    super(400, 'validation_failed', message, details)
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, 'not_found', message)
  }
}

export class OutsideServiceAreaError extends AppError {
  constructor(field: string, reason: string) {
    super(422, 'outside_service_area', reason, [{ field, reason }])
  }
}

export class UnauthorizedError extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message)
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message)
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetail[], allowed?: string[]) {
    super(409, 'conflict', message, details, allowed)
  }
}

/** A save that names a version other than the stored one: someone else saved in between. */
export class VersionConflictError extends AppError {
  constructor(
    what: string,
    readonly currentVersion: number,
  ) {
    super(409, 'conflict', `${what} was changed by someone else: now at version ${currentVersion}; reload and apply your edit again`, [
      { field: 'version', reason: `stale: the current version is ${currentVersion}` },
    ])
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message)
  }
}

/** The database is away or too slow for this request: nothing was written; try again later. */
export class ServiceUnavailableError extends AppError {
  constructor(
    code: 'database_unavailable' | 'query_timeout',
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, code, message)
  }
}

/** A database fault as the API says it, or null when `err` is something else. */
export function unavailableError(err: unknown, statementTimeoutMs?: number): ServiceUnavailableError | null {
  if (err instanceof CommitOutcomeUnknown) {
    return new ServiceUnavailableError(
      'database_unavailable',
      'the database became unreachable while saving; the change may or may not have been saved — look before repeating it',
      RETRY_AFTER_SECONDS,
    )
  }
  switch (databaseFault(err)) {
    case 'unavailable':
      return new ServiceUnavailableError(
        'database_unavailable',
        'the database is unreachable; nothing was changed — try again shortly',
        RETRY_AFTER_SECONDS,
      )
    case 'busy':
      return new ServiceUnavailableError(
        'database_unavailable',
        'the database is too busy to take this request now; nothing was changed — try again shortly',
        RETRY_AFTER_SECONDS,
      )
    case 'timeout':
      return new ServiceUnavailableError(
        'query_timeout',
        `the database took longer than ${statementTimeoutMs ? `${statementTimeoutMs} ms` : 'its time limit'} for this request and it was cancelled; nothing was changed — try again, or ask for less`,
        RETRY_AFTER_SECONDS,
      )
    default:
      return null
  }
}

/** Answered with `Connection: close`: the rest of the body is never read (see `errorHandler`). */
export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `request body exceeds ${limit} bytes`)
  }
}

/** Details said in a message; all of them (up to the cap) are in `details`. */
const DETAILS_IN_MESSAGE = 5

function describe(details: ErrorDetail[]): string {
  const said = details.slice(0, DETAILS_IN_MESSAGE).map((d) => `${d.field}: ${d.reason}`)
  if (details.length > DETAILS_IN_MESSAGE) said.push(`${details.length - DETAILS_IN_MESSAGE} more in details`)
  return said.join('; ')
}

/**
 * At most MAX_ERROR_DETAILS details: the first ones, then one that counts the rest (`field` "(more)").
 * `max` is smaller where several lists share one answer (a zone import's report).
 */
export function capDetails(details: ErrorDetail[], max = MAX_ERROR_DETAILS): ErrorDetail[] {
  if (details.length <= max) return details
  return [...details.slice(0, max), { field: '(more)', reason: moreReason(details.length - max) }]
}

/** Field-level reasons from a zod failure; `prefix` names where the value came from (query, body…). */
export function zodDetails(error: ZodError, prefix?: string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const pathParts = [prefix, ...issue.path.map(String)].filter((p): p is string => !!p)
    // A geometry check says where the problem is (see zoneGeometryProblems).
    const at = issue.code === 'custom' ? (issue.params as { at?: [number, number] } | undefined)?.at : undefined
    return { field: pathParts.join('.') || '(root)', reason: issue.message, ...(at ? { at } : {}) }
  })
}

/** The one error shape; every answer's details go through `capDetails` here. */
export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[], allowed?: string[]): ErrorBody {
  return { error: { code, message, ...(details ? { details: capDetails(details) } : {}), ...(allowed ? { allowed } : {}) } }
}

export interface ErrorHandlerOptions {
  /** Told of every database fault, so health and metrics see an outage as soon as a request does. */
  availability?: DatabaseAvailability
  statementTimeoutMs?: number
}

/**
 * The one `onError`: known errors keep their status; a database that is away or too slow is a 503
 * with Retry-After; anything else is a 500 that leaks no internals.
 */
export function errorHandler(log: Logger, opts: ErrorHandlerOptions = {}) {
  return (err: Error, c: Context) => {
    const unavailable = unavailableError(err, opts.statementTimeoutMs)
    if (unavailable) {
      opts.availability?.report(err)
      log.warn({ err, path: c.req.path, method: c.req.method }, unavailable.message)
      err = unavailable
    }
    if (err instanceof AppError) {
      if (err instanceof TooManyRequestsError || err instanceof ServiceUnavailableError) c.header('Retry-After', String(err.retryAfterSeconds))
      // Node then ends the connection after the answer instead of reading (and discarding) the rest
      // of a body that may be gigabytes; a keep-alive connection would have to read it to its end.
      if (err instanceof PayloadTooLargeError) c.header('Connection', 'close')
      const body = errorBody(err.code, err.message, err.details, err.allowed)
      if (err instanceof VersionConflictError) body.error.currentVersion = err.currentVersion
      return c.json(body, err.status)
    }
    if (err instanceof HTTPException) {
      // Hono raises these for requests it cannot parse, e.g. malformed JSON bodies.
      const status = err.status
      const message = err.message || 'bad request'
      if (status === 404) return c.json(errorBody('not_found', message), 404)
      if (status === 401) return c.json(errorBody('unauthorized', message), 401)
      return c.json(errorBody('validation_failed', message, [{ field: 'body', reason: message }]), status)
    }
    // Values the schemas let through but PostgreSQL refuses (a NUL character, year 0, a number out
    // of range) are bad input too: class 22 is "data exception". A unique violation is a conflict.
    const sqlstate = (err as { code?: unknown }).code
    if (typeof sqlstate === 'string' && sqlstate.startsWith('22')) {
      return c.json(errorBody('validation_failed', `invalid value: ${err.message}`, [{ field: 'body', reason: err.message }]), 400)
    }
    if (sqlstate === '23505') {
      return c.json(errorBody('conflict', 'that already exists; reload and try again'), 409)
    }
    // Two writers met: a row referred to was deleted meanwhile, or the database broke a deadlock.
    if (sqlstate === '23503' || sqlstate === '40P01' || sqlstate === '40001') {
      return c.json(errorBody('conflict', 'changed by someone else at the same moment; reload and try again'), 409)
    }
    log.error({ err, path: c.req.path, method: c.req.method }, 'unhandled error')
    return c.json(errorBody('internal', 'internal server error'), 500)
  }
}
