import fs from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { Backend } from '../src/db/backend.ts'
import { migrate, MigrationError } from '../src/db/migrate.ts'
import { PHOTO_CONTENT_TYPES } from '../src/cases/photos.ts'
import {
  BASEMAP_KINDS,
  CASE_HISTORY_ACTIONS,
  CASE_PHOTO_KINDS,
  CASE_STATUSES,
  CASE_SOURCES,
  HJ212_TSP_UNITS,
  isOpen,
  keysOf,
  LOT_COUNTINGS,
  LOT_KINDS,
  SANITATION_FACILITY_KINDS,
  SANITATION_FACILITY_STATUSES,
  OutboxEventSchema,
  READING_KINDS,
  ROLES,
  SITE_STATUSES,
  SITE_PHASES,
  DUST_METRICS,
  DUST_WINDOW_MINUTES,
  CITIZEN_PROBLEM_KEYS,
  COMPLAINT_CHANNELS,
  COMPLAINT_REPLY_METHODS,
  SATISFACTION_LEVELS,
  SPACE_STATUSES,
  STRUCTURE_STATUSES,
  VENDING_KINDS,
  VENDING_STATUSES,
} from '@citygrid/shared'
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

/**
 * Every column whose CHECK lists its allowed values, and the shared definition that the API, the
 * legends and the web read for the same column. A value added on one side only fails here: a list
 * the database refuses would be a 500 on write, one the schema lacks a 400 on read.
 */
const MIRRORS: Record<string, readonly string[]> = {
  'basemap_features.kind': BASEMAP_KINDS,
  'vending_spots.kind': keysOf(VENDING_KINDS),
  'vending_spots.status': keysOf(VENDING_STATUSES),
  'illegal_structures.status': keysOf(STRUCTURE_STATUSES),
  'construction_sites.status': keysOf(SITE_STATUSES),
  'sanitation_facilities.kind': keysOf(SANITATION_FACILITY_KINDS),
  'sanitation_facilities.status': keysOf(SANITATION_FACILITY_STATUSES),
  'parking_lots.kind': keysOf(LOT_KINDS),
  'parking_lots.counting': LOT_COUNTINGS,
  'parking_spaces.status': keysOf(SPACE_STATUSES),
  'cases.source': keysOf(CASE_SOURCES),
  'cases.status': CASE_STATUSES,
  'events.type': OutboxEventSchema.options.map((o) => o.shape.type.value),
  'users.role': ROLES,
  'case_history.action': CASE_HISTORY_ACTIONS,
  'case_history.from_status': CASE_STATUSES,
  'case_history.to_status': CASE_STATUSES,
  'case_photos.kind': CASE_PHOTO_KINDS,
  'case_photos.content_type': PHOTO_CONTENT_TYPES,
  'case_photos.thumbnail_content_type': PHOTO_CONTENT_TYPES,
  'hj212_devices.tsp_unit': HJ212_TSP_UNITS,
  'dust_readings.kind': READING_KINDS,
  'construction_sites.phase': keysOf(SITE_PHASES),
  'dust_rules.metric': keysOf(DUST_METRICS),
  'dust_rules.site_phase': keysOf(SITE_PHASES),
  'dust_rules.window_minutes': DUST_WINDOW_MINUTES.map(String),
  'dust_alarms.metric': keysOf(DUST_METRICS),
  'dust_alarms.window_minutes': DUST_WINDOW_MINUTES.map(String),
  'citizen_reports.problem': CITIZEN_PROBLEM_KEYS,
  'citizen_reports.rating': SATISFACTION_LEVELS,
  'complaints.channel': COMPLAINT_CHANNELS,
  'complaints.reply_method': COMPLAINT_REPLY_METHODS,
  'complaints.satisfaction': SATISFACTION_LEVELS,
}

describe('CHECK lists and the shared enumerations they mirror', () => {
  /** `CHECK ((col = ANY (ARRAY['a'::text, …])))` (or `ARRAY[5, 15]`), as PostgreSQL prints a column's IN list. */
  const LIST = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/

  async function checkLists(): Promise<Map<string, string[]>> {
    const r = await backend.pool.query<{ tbl: string; def: string }>(
      `SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def
         FROM pg_constraint
        WHERE contype = 'c' AND connamespace = 'public'::regnamespace
          -- A partition repeats its table's constraints (dust_readings' months): the table says it once.
          AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = conrelid)`,
    )
    const lists = new Map<string, string[]>()
    for (const { tbl, def } of r.rows) {
      const m = LIST.exec(def)
      if (!m) continue
      lists.set(`${tbl}.${m[1]}`, [...m[2]!.matchAll(/'((?:[^']|'')*)'::text|(-?\d+)/g)].map((v) => v[2] ?? v[1]!.replaceAll("''", "'")))
    }
    return lists
  }

  it('every list in the schema has its shared mirror, and no mirror lacks its list', async () => {
    expect([...(await checkLists()).keys()].sort()).toEqual(Object.keys(MIRRORS).sort())
  })

  it.each(Object.entries(MIRRORS))('%s allows exactly the shared values', async (column, values) => {
    expect((await checkLists()).get(column)?.slice().sort()).toEqual([...values].sort())
  })
})

describe('rules about cases, said once in SQL (migration 0016)', () => {
  it('case_is_open agrees with the shared isOpen for every status', async () => {
    const r = await backend.pool.query<{ status: string; open: boolean }>(
      `SELECT s AS status, case_is_open(s) AS open FROM unnest($1::text[]) AS s`,
      [CASE_STATUSES],
    )
    expect(Object.fromEntries(r.rows.map((row) => [row.status, row.open]))).toEqual(
      Object.fromEntries(CASE_STATUSES.map((s) => [s, isOpen(s)])),
    )
  })

  it('按期结案 is closed with feedback by the disposal deadline; deferred cases leave the denominator', async () => {
    const r = await backend.pool.query<Record<string, boolean>>(
      `SELECT case_closed_on_time('closed', '2026-06-01T10:00Z', '2026-06-01T10:00Z') AS "onTheHour",
              case_closed_on_time('closed', '2026-06-01T10:01Z', '2026-06-01T10:00Z') AS late,
              case_closed_on_time('checked', '2026-06-01T09:00Z', '2026-06-01T10:00Z') AS "notYetClosed",
              case_closed_on_time('closed', NULL, '2026-06-01T10:00Z') AS "noFeedback",
              case_counts_toward_closure('deferred') AS deferred,
              case_counts_toward_closure('dispatched') AS dispatched,
              case_is_dust_alarm('0302', 'sensor') AS "sensorDust",
              case_is_dust_alarm('0302', 'citizen') AS "citizenDust"`,
    )
    expect(r.rows[0]).toEqual({
      onTheHour: true,
      late: false,
      notYetClosed: false,
      noFeedback: false,
      deferred: false,
      dispatched: true,
      sensorDust: true,
      citizenDust: false,
    })
  })

  it('a query that asks case_is_open(status) uses the index of open cases (cases_open_idx)', async () => {
    const client = await backend.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SET LOCAL enable_seqscan = off')
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        'EXPLAIN SELECT id FROM cases WHERE case_is_open(status) ORDER BY reported_at LIMIT 5',
      )
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/cases_open_idx/)
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })

  it('no server query spells the rules out again', () => {
    const dir = new URL('../src/', import.meta.url)
    const copies = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => {
        const text = readFileSync(new URL(f, dir), 'utf8')
        const found = [
          /status\s+NOT\s+IN\s*\(\s*'closed'/i, // case_is_open
          /feedback_at\s*<=\s*\w*\.?disposal_due_at/i, // case_closed_on_time
          /'0302'\s+AND\s+\w*\.?source/i, // case_is_dust_alarm
        ].filter((rule) => rule.test(text))
        return found.map((rule) => `${f}: ${rule.source}`)
      })
    expect(copies).toEqual([])
  })
})

describe('0018: case events are case.*', () => {
  it('renames the stored incident.* events, so catch-up and live say the same, and refuses the old names after', async () => {
    const client = await backend.pool.connect()
    try {
      await client.query('BEGIN')
      // The outbox as it was before 0018 (its constraint as 0010 left it): the old names allowed and stored.
      await client.query(`ALTER TABLE events DROP CONSTRAINT events_type_check`)
      await client.query(`ALTER TABLE events ADD CONSTRAINT events_type_check CHECK (type IN (
        'incident.created', 'incident.updated', 'space.status', 'sensor.reading',
        'zone.created', 'zone.updated', 'zone.deleted', 'lot.counts'))`)
      const old = await client.query<{ id: string }>(
        `INSERT INTO events (id, type, payload)
         SELECT nextval('events_id_seq'), t, '{}' FROM unnest(ARRAY['incident.created', 'incident.updated', 'space.status']) AS t
         RETURNING id`,
      )
      await client.query(readFileSync(path.join(migrationsDir, '0018_case_events.sql'), 'utf8'))
      const after = await client.query<{ type: string }>('SELECT type FROM events WHERE id = ANY($1::bigint[]) ORDER BY id', [
        old.rows.map((r) => r.id),
      ])
      expect(after.rows.map((r) => r.type)).toEqual(['case.created', 'case.updated', 'space.status'])
      await expect(
        client.query(`INSERT INTO events (id, type, payload) VALUES (nextval('events_id_seq'), 'incident.created', '{}')`),
      ).rejects.toThrow(/check constraint/)
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})

describe('0021: in_area, where a feature lies', () => {
  it('by its representative point, so towns that tile the county count a straddling feature once; no area is everywhere', async () => {
    const r = await backend.pool.query<Record<string, boolean>>(
      `WITH a AS (SELECT ST_MakeEnvelope(0, 0, 1, 1, 4326) AS west, ST_MakeEnvelope(1, 0, 2, 1, 4326) AS east,
                         ST_MakeEnvelope(0.9, 0.4, 1.5, 0.6, 4326) AS straddling)
       SELECT in_area(ST_SetSRID(ST_MakePoint(0.5, 0.5), 4326), west) AS "pointInside",
              in_area(ST_SetSRID(ST_MakePoint(1.5, 0.5), 4326), west) AS "pointOutside",
              in_area(straddling, west) AS "straddlingWest",
              in_area(straddling, east) AS "straddlingEast",
              in_area(straddling, NULL) AS "noArea"
       FROM a`,
    )
    expect(r.rows[0]).toEqual({ pointInside: true, pointOutside: false, straddlingWest: false, straddlingEast: true, noArea: true })
  })

  it('uses the feature’s GiST index', async () => {
    const client = await backend.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query('SET LOCAL enable_seqscan = off')
      const plan = await client.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT id FROM cases WHERE in_area(geom, $1)', [
        'SRID=4326;POLYGON((106.8 32.3,106.9 32.3,106.9 32.4,106.8 32.4,106.8 32.3))',
      ])
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Cond: \(geom && /)
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})

describe('0022: emit_events, a batch of outbox events in one call', () => {
  it('writes them in the array order with increasing ids, under the outbox lock, and says how many', async () => {
    const client = await backend.pool.connect()
    try {
      await client.query('BEGIN')
      const before = (await client.query<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM events')).rows[0]!.id
      const payloads = [{ spaceId: 'b' }, { spaceId: 'a' }, { spaceId: 'c' }]
      const n = await client.query<{ n: number }>(`SELECT emit_events('space.status', $1::jsonb) AS n`, [JSON.stringify(payloads)])
      expect(n.rows[0]!.n).toBe(3)
      const written = await client.query<{ id: number; payload: { spaceId: string } }>(
        'SELECT id, payload FROM events WHERE id > $1 ORDER BY id',
        [before],
      )
      expect(written.rows.map((r) => r.payload.spaceId)).toEqual(['b', 'a', 'c'])
      const held = await client.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid::int = hashtext('citygrid.events')`,
      )
      expect(held.rowCount).toBe(1)
      for (const none of ['[]', null]) {
        expect((await client.query<{ n: number }>(`SELECT emit_events('space.status', $1::jsonb) AS n`, [none])).rows[0]!.n).toBe(0)
      }
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})
