import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { Backend } from '../src/db/backend.ts'
import { migrate, MigrationError } from '../src/db/migrate.ts'
import { openTestBackend } from './db.ts'

let backend: Backend
const migrationsDir = loadConfig({}).migrationsDir

beforeAll(async () => {
  backend = await openTestBackend()
})
afterAll(() => backend?.close())

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygrid-migrations-'))
  for (const [name, sql] of Object.entries(files)) await fs.writeFile(path.join(dir, name), sql)
  return dir
}

describe('migrations', () => {
  it('re-running is a no-op', async () => {
    const r = await migrate(backend.pool, migrationsDir)
    expect(r.applied).toEqual([])
    expect(r.all.length).toBeGreaterThanOrEqual(3)
  })

  it('two runs started together apply each file once', async () => {
    const dir = await dirWith({
      '0001_a.sql': 'CREATE TABLE mig_together (n int)',
      '0002_b.sql': 'INSERT INTO mig_together VALUES (1)',
    })
    const [x, y] = await Promise.all([migrate(backend.pool, dir), migrate(backend.pool, dir)])
    expect([...x.applied, ...y.applied].sort()).toEqual(['0001_a.sql', '0002_b.sql'])
    const rows = await backend.pool.query('SELECT n FROM mig_together')
    expect(rows.rowCount).toBe(1)
  })

  it('a failing file stops with its name and the reason, and leaves nothing of itself behind', async () => {
    const dir = await dirWith({
      '0001_ok.sql': 'CREATE TABLE mig_ok (n int)',
      '0002_bad.sql': 'CREATE TABLE mig_half (n int); SELECT no_such_function();',
      '0003_never.sql': 'CREATE TABLE mig_never (n int)',
    })
    const err = await migrate(backend.pool, dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MigrationError)
    expect((err as MigrationError).file).toBe('0002_bad.sql')
    expect((err as Error).message).toMatch(/0002_bad\.sql.*no_such_function/)
    const tables = await backend.pool.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'mig_%' ORDER BY 1`,
    )
    expect(tables.rows.map((r) => r.t)).not.toContain('mig_half')
    expect(tables.rows.map((r) => r.t)).not.toContain('mig_never')
    const recorded = await backend.pool.query(`SELECT name FROM schema_migrations WHERE name IN ('0002_bad.sql', '0003_never.sql')`)
    expect(recorded.rowCount).toBe(0)
  })

  it('the schema enforces the enumerations and valid geometry', async () => {
    await expect(
      backend.pool.query(
        `INSERT INTO parking_spaces (id, lot_id, status, status_at, geom)
         VALUES ('x', 'NJ-P001', 'parked', now(), ST_SetSRID(ST_MakePoint(106.84, 32.35), 4326))`,
      ),
    ).rejects.toThrow(/check constraint|foreign key/)
    await expect(
      backend.pool.query(
        `INSERT INTO construction_sites (name, permit_no, developer, geom)
         VALUES ('bow tie', 'P-1', 'd', ST_GeomFromText('POLYGON((106.8 32.3, 106.9 32.4, 106.9 32.3, 106.8 32.4, 106.8 32.3))', 4326))`,
      ),
    ).rejects.toThrow(/check constraint/)
  })

  it('computes an illegal structure area on the geography', async () => {
    const r = await backend.pool.query<{ area: number }>(
      `INSERT INTO illegal_structures (address, discovered_at, geom)
       VALUES ('test', now(), ST_MakeEnvelope(106.84, 32.35, 106.8401, 32.3501, 4326))
       RETURNING area_m2 AS area`,
    )
    // 0.0001° × 0.0001° at 32.35° N is about 9.4 m × 11.1 m.
    expect(r.rows[0]!.area).toBeGreaterThan(100)
    expect(r.rows[0]!.area).toBeLessThan(110)
  })
})
