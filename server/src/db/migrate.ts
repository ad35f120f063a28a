import fs from 'node:fs/promises'
import path from 'node:path'
import type pg from 'pg'

/** Session advisory lock key held while migrating, so two processes starting together take turns. */
const MIGRATION_LOCK = 7_342_000

export class MigrationError extends Error {
  override name = 'MigrationError'
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

export interface MigrationResult {
  applied: string[]
  all: string[]
}

/**
 * Apply `sql/migrations/*.sql` in file-name order, each in its own transaction, recording each in
 * `schema_migrations`. Re-running is a no-op; a failing file rolls back and stops with its name.
 */
export async function migrate(pool: pg.Pool, dir: string): Promise<MigrationResult> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name       text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    )
    const applied: string[] = []
    for (const file of files) {
      if (done.has(file)) continue
      const sql = await fs.readFile(path.join(dir, file), 'utf8')
      try {
        await client.query('BEGIN')
        await client.query(sql)
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw new MigrationError(file, err)
      }
      applied.push(file)
    }
    return { applied, all: files }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
    client.release()
  }
}

export async function appliedMigrations(pool: pg.Pool): Promise<string[]> {
  const r = await pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
  return r.rows.map((row) => row.name)
}

/**
 * Run `fn` while holding the same session advisory lock as migrations, so start-up steps that
 * check-then-insert (loading the basemap, generating the grid) run once when processes start together.
 */
export async function withStartupLock<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      return await fn(client)
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
  } finally {
    client.release()
  }
}
