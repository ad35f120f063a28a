import fs from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import pino from 'pino'
import { inject } from 'vitest'
import { openEmbedded, openPostgres, type Backend } from '../src/db/backend.ts'
import { SEEDED_TEMPLATE_DB, TEMPLATE_DB, adminUrl, withDatabase } from './db-names.ts'

export const testLog = pino({ level: process.env.LOG_LEVEL ?? 'silent' })

/** True in CI's second pass, against the system PostgreSQL + PostGIS. */
export const systemPostgres = !!process.env.DATABASE_URL

/**
 * A fresh database for one test file, cloned from the migrated template (`seeded`: the one that also
 * holds the tests' demo city): an embedded PGlite by default, a new database on the system PostgreSQL
 * when DATABASE_URL is set. Closing drops it.
 */
export async function openTestBackend({ seeded = false } = {}): Promise<Backend & { url?: string }> {
  const url = process.env.DATABASE_URL
  if (url) {
    const name = `citygrid_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl(url) })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${seeded ? SEEDED_TEMPLATE_DB : TEMPLATE_DB}`)
    await admin.end()
    const dbUrl = withDatabase(url, name)
    const backend = await openPostgres(dbUrl, 30_000, testLog)
    return {
      ...backend,
      url: dbUrl,
      async close() {
        await backend.close()
        const a = new pg.Client({ connectionString: adminUrl(url) })
        await a.connect()
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await a.end()
      },
    }
  }
  const template = await fs.readFile(inject(seeded ? 'pgliteSeededTemplate' : 'pgliteTemplate'))
  return openEmbedded({ dataDir: 'memory://', loadDataDir: new Blob([template]), statementTimeoutMs: 30_000 }, testLog)
}
