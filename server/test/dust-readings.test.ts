import { MAX_READINGS_PER_PAGE, type DustReadings } from '@citygrid/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maintainPartitions, MONTHS_AHEAD, oldestKept } from '../src/dust/partitions.ts'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN, TEST_NOW } from './platform.ts'

/**
 * Dust readings as stored (issue #16): usable values by data flag, monthly partitions made ahead and
 * dropped past the retention, readings refused before it, and `GET /api/dust/sensors/{id}/readings`.
 */

let platform: Platform
let viewer: string
let sensor: string
let sensorId: number

beforeAll(async () => {
  platform = await startTestPlatform({ env: { DUST_RETENTION_MONTHS: '12' } })
  viewer = await signIn(platform.url, 'admin')
  const s = await platform.backend.pool.query<{ id: string; code: string }>('SELECT id, code FROM dust_sensors ORDER BY id LIMIT 1')
  sensor = s.rows[0]!.code
  sensorId = Number(s.rows[0]!.id)
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

const db = () => platform.backend.pool

async function partitions(): Promise<string[]> {
  const r = await db().query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'dust_readings'::regclass ORDER BY 1`,
  )
  return r.rows.map((x) => x.name)
}

const monthName = (t: Date, plus = 0) => {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + plus, 1))
  return `dust_readings_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

const ingest = (readings: unknown[]) =>
  fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ readings }),
  })

const readingsOf = (code: string, query: string, cookie = viewer) =>
  fetch(`${platform.url}/api/dust/sensors/${encodeURIComponent(code)}/readings${query}`, { headers: { cookie } })

describe('dust_usable', () => {
  it('lets a value through when its flag is N, T or none and it is not negative; D, M, C, F, S, B and others are kept out', async () => {
    const cases: [number | null, string | null, boolean][] = [
      [10, null, true],
      [10, 'N', true],
      [10, 'T', true],
      [0, 'N', true],
      [-0.5, 'N', false],
      [null, 'N', false],
      ...['D', 'M', 'C', 'F', 'S', 'B', 'P', 'n', 't'].map((f): [number, string, boolean] => [10, f, false]),
    ]
    for (const [value, flag, usable] of cases) {
      const r = await db().query<{ v: number | null }>('SELECT dust_usable($1::real, $2::text) AS v', [value, flag])
      expect(r.rows[0]!.v, `${value} flagged ${flag}`).toBe(usable ? value : null)
    }
  })
})

describe('monthly partitions', () => {
  it('holds this month and the next ones at start, made ahead by the server', async () => {
    const names = await partitions()
    const now = new Date()
    for (let i = 0; i <= MONTHS_AHEAD; i++) expect(names).toContain(monthName(now, i))
    // The demo's readings (the day before TEST_NOW) sit in their month's partition.
    const r = await db().query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM dust_readings
        WHERE read_at < $1 GROUP BY 1`,
      [TEST_NOW.toISOString()],
    )
    expect(r.rows.length).toBeGreaterThan(0)
    for (const row of r.rows) expect(names).toContain(row.part)
  })

  it('makes a missing month\'s partition when a reading for it arrives, and refuses readings before the retention', async () => {
    const now = new Date()
    const kept = oldestKept(now, { retentionMonths: 12 })
    const inside = new Date(kept.getTime() + 3_600_000).toISOString() // the oldest month kept
    const before = new Date(kept.getTime() - 1_000).toISOString() // one second earlier: past the retention
    expect(await partitions()).not.toContain(monthName(kept))
    const res = await ingest([
      { sensorId: sensor, at: inside, pm10: 50, pm25: 30 },
      { sensorId: sensor, at: before, pm10: 51, pm25: 31 },
    ])
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accepted: number; rejected: { index: number; field: string; reason: string }[] }
    expect(body.accepted).toBe(1)
    expect(body.rejected).toEqual([{ index: 1, field: 'at', reason: expect.stringContaining('kept 12 months') }])
    expect(await partitions()).toContain(monthName(kept))
    expect(await partitions()).not.toContain(monthName(kept, -1))
    const stored = await db().query('SELECT read_at FROM dust_readings WHERE sensor_id = $1 AND read_at < $2', [sensorId, kept.toISOString()])
    expect(stored.rowCount).toBe(0)
  })

  it('drops the partitions of months past the retention, with their readings, and keeps the rest', async () => {
    const now = new Date()
    const kept = oldestKept(now, { retentionMonths: 12 })
    // Rows from before the retention, as a server with a longer retention would have stored them.
    const old = new Date(kept.getTime() - 40 * 86_400_000)
    await db().query('SELECT dust_readings_partition($1::date)', [old.toISOString().slice(0, 10)])
    await db().query(`INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm25) VALUES ($1, 'realtime', $2, 40, 20)`, [sensorId, old.toISOString()])
    expect(await partitions()).toContain(monthName(old))
    const countBefore = (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM dust_readings WHERE read_at >= $1', [kept.toISOString()])).rows[0]!.n

    const { dropped } = await maintainPartitions(db(), now, { retentionMonths: 12 })
    expect(dropped).toContain(monthName(old))
    expect(dropped.every((name) => name < monthName(kept))).toBe(true)
    expect(await partitions()).not.toContain(monthName(old))
    expect((await db().query('SELECT 1 FROM dust_readings WHERE read_at < $1', [kept.toISOString()])).rowCount).toBe(0)
    const countAfter = (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM dust_readings WHERE read_at >= $1', [kept.toISOString()])).rows[0]!.n
    expect(countAfter).toBe(countBefore)
    // A second run finds nothing to do.
    expect((await maintainPartitions(db(), now, { retentionMonths: 12 })).dropped).toEqual([])
  })
})

describe('a calm batch in one statement, any other in a transaction with the alarms', () => {
  const count = async (sql: string, params: unknown[] = []) => Number((await db().query<{ n: string }>(sql, params)).rows[0]!.n)

  it('stores a batch below every limit with its event in one call; writes nothing of one that may trip and names its site', async () => {
    const s = await db().query<{ code: string; site_id: string }>('SELECT code, site_id FROM dust_sensors WHERE site_id IS NOT NULL ORDER BY id LIMIT 1')
    const { code, site_id: siteId } = s.rows[0]!
    const lowest = await db().query<{ limit: number }>(`SELECT min(limit_ugm3) AS limit FROM dust_rules WHERE enabled AND metric = 'pm10'`)
    const limit = Number(lowest.rows[0]!.limit)
    expect(limit).toBeGreaterThan(1)
    const at = new Date(Date.now() - 2 * 3_600_000).toISOString()
    const batch = (pm10: number) => JSON.stringify([{ code, kind: 'realtime', at, pm10, pm25: 1 }])
    const storedAt = () => count('SELECT count(*) AS n FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id WHERE s.code = $1 AND r.read_at = $2', [code, at])
    const events = () => count(`SELECT count(*) AS n FROM events WHERE type = 'sensor.reading'`)

    const eventsBefore = await events()
    const loud = await db().query<{ stored: boolean; new_count: number; suspects: { siteId: number; mayTrip: boolean }[] }>(
      'SELECT stored, new_count, suspects FROM dust_store_calm_readings($1::jsonb, NULL)',
      [batch(limit + 1)],
    )
    expect(loud.rows[0]).toMatchObject({ stored: false, new_count: 0 })
    expect(loud.rows[0]!.suspects).toContainEqual(expect.objectContaining({ siteId: Number(siteId), mayTrip: true }))
    expect(await storedAt()).toBe(0)
    expect(await events()).toBe(eventsBefore)

    const calm = await db().query<{ stored: boolean; new_count: number; known_codes: string[] }>(
      'SELECT stored, new_count, known_codes FROM dust_store_calm_readings($1::jsonb, NULL)',
      [batch(limit)], // at the limit: not above it
    )
    expect(calm.rows[0]).toMatchObject({ stored: true, new_count: 1, known_codes: [code] })
    expect(await storedAt()).toBe(1)
    expect(await events()).toBe(eventsBefore + 1)
  })
})

describe('GET /api/dust/sensors/{id}/readings', () => {
  it('gives a range of readings, oldest first, each value with its flag and whether it is usable', async () => {
    const t0 = Date.parse('2026-11-20T00:00:00Z')
    await db().query(
      `INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm10_flag, pm25, pm25_flag, noise_db, other) VALUES
         ($1, 'realtime', $2, 80, 'N', 40, 'D', NULL, NULL),
         ($1, 'minute',   $2, 78, 'T', NULL, NULL, 66, '{"a01001": {"Avg": "3.5"}}'),
         ($1, 'hour',     $3, 75, NULL, 35, NULL, NULL, NULL)`,
      [sensorId, new Date(t0 + 60_000).toISOString(), new Date(t0).toISOString()],
    )
    const res = await readingsOf(sensor, `?from=2026-11-20T00:00:00Z&to=2026-11-20T00:05:00Z`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as DustReadings
    expect(body).toEqual({
      sensorId: sensor,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-20T00:05:00.000Z',
      truncated: false,
      readings: [
        { kind: 'hour', at: expect.stringMatching(/^2026-11-20T00:00:00/), pm10: { value: 75, flag: null, usable: true }, pm25: { value: 35, flag: null, usable: true }, tsp: null, noiseDb: null, other: null },
        {
          kind: 'minute',
          at: expect.stringMatching(/^2026-11-20T00:01:00/),
          pm10: { value: 78, flag: 'T', usable: true },
          pm25: null,
          tsp: null,
          noiseDb: { value: 66, flag: null, usable: true },
          other: { a01001: { Avg: '3.5' } },
        },
        { kind: 'realtime', at: expect.stringMatching(/^2026-11-20T00:01:00/), pm10: { value: 80, flag: 'N', usable: true }, pm25: { value: 40, flag: 'D', usable: false }, tsp: null, noiseDb: null, other: null },
      ],
    })
    const minute = (await (await readingsOf(sensor, `?from=2026-11-20T00:00:00Z&to=2026-11-20T00:05:00Z&kind=minute`)).json()) as DustReadings
    expect(minute.readings.map((r) => r.kind)).toEqual(['minute'])
    // `to` is exclusive.
    const upTo = (await (await readingsOf(sensor, `?from=2026-11-20T00:00:00Z&to=2026-11-20T00:01:00Z`)).json()) as DustReadings
    expect(upTo.readings.map((r) => r.kind)).toEqual(['hour'])
  })

  it('defaults to the last 24 hours before `to`', async () => {
    const body = (await (await readingsOf(sensor, `?to=${encodeURIComponent(TEST_NOW.toISOString())}`)).json()) as DustReadings
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(86_400_000)
    // The demo seeds a reading every 15 minutes over the day before TEST_NOW.
    expect(body.readings.length).toBeGreaterThanOrEqual(90)
    for (const r of body.readings) {
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(body.from))
      expect(Date.parse(r.at)).toBeLessThan(Date.parse(body.to))
    }
  })

  it(`stops at ${MAX_READINGS_PER_PAGE} readings and says so`, async () => {
    const code = (await db().query<{ code: string; id: string }>('SELECT code, id FROM dust_sensors ORDER BY id OFFSET 1 LIMIT 1')).rows[0]!
    await db().query(
      `INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm25)
       SELECT $1, 'realtime', timestamptz '2026-11-10T00:00:00Z' + n * interval '10 seconds', 30, 20
         FROM generate_series(0, $2::int) AS n`,
      [code.id, MAX_READINGS_PER_PAGE],
    )
    const body = (await (await readingsOf(code.code, '?from=2026-11-10T00:00:00Z&to=2026-11-12T00:00:00Z')).json()) as DustReadings
    expect(body.truncated).toBe(true)
    expect(body.readings).toHaveLength(MAX_READINGS_PER_PAGE)
    const rest = (await (await readingsOf(code.code, `?from=${encodeURIComponent(body.readings.at(-1)!.at)}&to=2026-11-12T00:00:00Z`)).json()) as DustReadings
    expect(rest.truncated).toBe(false)
    expect(rest.readings).toHaveLength(2) // the last one again (from is inclusive) and the one after it
  })

  it('answers 404 for an unknown sensor, 400 naming the field for a bad range, 401 without a session', async () => {
    expect((await readingsOf('NO-SUCH-SENSOR', '')).status).toBe(404)
    const bad = async (query: string, field: string) => {
      const res = await readingsOf(sensor, query)
      expect(res.status, query).toBe(400)
      const body = (await res.json()) as { error: { details: { field: string; reason: string }[] } }
      expect(body.error.details.map((d) => d.field), query).toContain(field)
    }
    await bad('?from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z', 'query.from')
    await bad('?from=2026-10-01T00:00:00Z&to=2026-11-19T00:00:00Z', 'query.from')
    await bad('?from=yesterday', 'query.from')
    await bad('?kind=daily', 'query.kind')
    expect((await readingsOf(sensor, '', '')).status).toBe(401)
  })
})
