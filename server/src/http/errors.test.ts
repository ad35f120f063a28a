import net from 'node:net'
import { Hono } from 'hono'
import pg from 'pg'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { ErrorBodySchema, MAX_ERROR_DETAILS, type ErrorBody } from '@citygrid/shared'
import { DatabaseAvailability } from '../db/availability.ts'
import { databaseFault } from '../db/faults.ts'
import { errorHandler, ValidationError } from './errors.ts'

const silent = pino({ level: 'silent' })

/** A loopback port nothing listens on: connecting to it is refused, as to a stopped database. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

function dbError(code: string, message: string): pg.DatabaseError {
  const err = new pg.DatabaseError(message, 0, 'error')
  err.code = code
  return err
}

describe('database faults', () => {
  it('tells a database that is away or too slow from a bad request', async () => {
    const port = await closedPort()
    const refused = await new pg.Client({ host: '127.0.0.1', port }).connect().then(() => null, (e: unknown) => e)
    expect(databaseFault(refused)).toBe('unavailable')
    expect(databaseFault(dbError('57P01', 'terminating connection due to administrator command'))).toBe('unavailable')
    expect(databaseFault(dbError('57P05', 'terminating connection due to idle-session timeout'))).toBe('unavailable')
    expect(databaseFault(dbError('08006', 'connection failure'))).toBe('unavailable')
    expect(databaseFault(new Error('Connection terminated unexpectedly'))).toBe('unavailable')
    expect(databaseFault(new Error('timeout exceeded when trying to connect'))).toBe('busy')
    // A client that drops its upload half-way: ECONNRESET without a socket syscall, no database outage.
    expect(databaseFault(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBeNull()
    expect(databaseFault(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }))).toBe('unavailable')
    expect(databaseFault(dbError('57014', 'canceling statement due to statement timeout'))).toBe('timeout')
    expect(databaseFault(dbError('22P02', 'invalid input syntax for type integer'))).toBeNull()
    expect(databaseFault(dbError('23505', 'duplicate key'))).toBeNull()
    expect(databaseFault(new Error('something else'))).toBeNull()
  })

  it('answers 503 with Retry-After and a reason, and marks the database away; anything else stays a 500', async () => {
    const port = await closedPort()
    const pool = new pg.Pool({ host: '127.0.0.1', port, connectionTimeoutMillis: 2_000 })
    const availability = new DatabaseAvailability(pool, silent)
    const app = new Hono()
    app.onError(errorHandler(silent, { availability, statementTimeoutMs: 1500 }))
    app.get('/read', async (c) => c.json((await pool.query('SELECT 1')).rows))
    app.get('/slow', () => {
      throw dbError('57014', 'canceling statement due to statement timeout')
    })
    app.get('/bug', () => {
      throw new Error('a bug')
    })

    expect(availability.reachable).toBe(true)
    const away = await app.request('/read')
    expect(away.status).toBe(503)
    expect(away.headers.get('retry-after')).toBe('5')
    const body = (await away.json()) as ErrorBody
    expect(body.error.code).toBe('database_unavailable')
    expect(body.error.message).toMatch(/nothing was changed/)
    expect(availability.reachable).toBe(false)
    expect(availability.current()?.reason).toMatch(/ECONNREFUSED/)

    const slow = await app.request('/slow')
    expect(slow.status).toBe(503)
    expect(((await slow.json()) as ErrorBody).error).toMatchObject({ code: 'query_timeout', message: expect.stringMatching(/1500 ms/) })
    expect((await app.request('/bug')).status).toBe(500)
    availability.stop()
    await pool.end()
  })
})

describe('bounded error answers', () => {
  it('lists at most MAX_ERROR_DETAILS details and counts the rest, in the one shape', async () => {
    const app = new Hono()
    app.onError(errorHandler(silent))
    app.post('/many', () => {
      throw new ValidationError(Array.from({ length: 50_000 }, (_, i) => ({ field: `items.${i}`, reason: 'not a number' })))
    })
    const res = await app.request('/many', { method: 'POST' })
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text.length).toBeLessThan(16 * 1024)
    const { error } = ErrorBodySchema.parse(JSON.parse(text))
    expect(error.details).toHaveLength(MAX_ERROR_DETAILS + 1)
    expect(error.details![MAX_ERROR_DETAILS - 1]).toEqual({ field: 'items.99', reason: 'not a number' })
    expect(error.details!.at(-1)).toEqual({ field: '(more)', reason: 'and 49,900 more not listed' })
    expect(error.message).toBe(
      'items.0: not a number; items.1: not a number; items.2: not a number; items.3: not a number; items.4: not a number; 49995 more in details',
    )
  })
})
