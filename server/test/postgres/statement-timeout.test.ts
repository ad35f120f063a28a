import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody } from '@citygrid/shared'
import { openPostgres, type Backend } from '../../src/db/backend.ts'
import { startPlatform, type Platform } from '../../src/platform.ts'
import { openTestBackend, testLog } from '../db.ts'
import { signIn, TEST_NOW } from '../platform.ts'

/**
 * A query that PostgreSQL cancels at `statement_timeout` is the database being too slow for this
 * request, not a server bug: 503 with a reason and Retry-After, never a 500. Made slow for certain by
 * a lock another session holds on the table it reads.
 */
let database: Backend & { url?: string }
let backend: Backend
let platform: Platform

const options = { port: 0, host: '127.0.0.1', demo: true, liveFeed: false, now: TEST_NOW, log: testLog }

beforeAll(async () => {
  database = await openTestBackend()
  // Seed the demo city under the usual time limit first; then serve it with a 300 ms one.
  await (await startPlatform({ ...options, env: { LOG_LEVEL: 'silent' }, backend: database })).close()
  backend = await openPostgres(database.url!, 300, testLog)
  platform = await startPlatform({ ...options, env: { LOG_LEVEL: 'silent', STATEMENT_TIMEOUT_MS: '300' }, backend })
})
afterAll(async () => {
  await platform?.close()
  await backend?.close()
  await database?.close()
})

describe('statement_timeout', () => {
  it('a cancelled query answers 503 with the reason, and the next one after the wait is fine', async () => {
    const cookie = await signIn(platform.url, 'supervisor')
    const locker = new pg.Client({ connectionString: database.url })
    await locker.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE patrol_zones IN ACCESS EXCLUSIVE MODE')
      const res = await fetch(`${platform.url}/api/zones`, { headers: { cookie } })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).not.toBeNull()
      const body = (await res.json()) as ErrorBody
      expect(body.error.code).toBe('query_timeout')
      expect(body.error.message).toMatch(/longer than 300 ms/)
      await locker.query('ROLLBACK')
    } finally {
      await locker.end()
    }
    expect((await fetch(`${platform.url}/api/zones`, { headers: { cookie } })).status).toBe(200)
  })
})

describe('the pool\'s session settings', () => {
  it('runs every query with its statement_timeout and without JIT (SESSION_OPTIONS)', async () => {
    const { rows } = await backend.pool.query<{ jit: string; timeout: string }>("SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout")
    expect(rows[0]).toEqual({ jit: 'off', timeout: '300ms' })
  })
})
