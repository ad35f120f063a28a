import { ErrorBodySchema, isOpenAt, parseOpeningHours, NearestLotsSchema, ParkingFeedSchema, PublicLotCollectionSchema, type IngestResult } from '@citygrid/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

/**
 * The public parking API on a real PostGIS: only public lots and public fields, counts kept by the
 * space triggers equal to a recount, barrier garages' reports idempotent and ordered by device time,
 * nearest equal to a brute-force distance ranking, 400s naming the field, 429 past the rate limit.
 */

const RATE = 60
let platform: Platform

beforeAll(async () => {
  platform = await startTestPlatform({
    env: { LOG_LEVEL: 'silent', INGEST_TOKEN: TEST_INGEST_TOKEN, EVENT_POLL_MS: '600000', PUBLIC_RATE_LIMIT_PER_MINUTE: String(RATE) },
  })
  // The seed's hours are daytime ones mostly; whatever the clock says, let some lots be open round the clock.
  await platform.backend.pool.query(`UPDATE parking_lots SET opening_hours = '00:00-24:00' WHERE right(id, 1) IN ('1', '4', '6', '8')`)
})
afterAll(() => platform?.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await platform.backend.pool.query(sql, params)).rows as T[]
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${platform.url}/api/public/parking${path}`, { headers })
const ingest = (body: unknown) =>
  fetch(`${platform.url}/api/ingest/parking`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify(body),
  })
const eventCount = async (type: string) => (await rows<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type]))[0]!.n
const keys = (o: object) => Object.keys(o).sort()

const LOT_KEYS = ['availability', 'coords', 'free', 'id', 'kind', 'lastUpdated', 'name', 'openNow', 'openingHours', 'price', 'state', 'total']
const PROPERTY_KEYS = LOT_KEYS.filter((k) => k !== 'coords')

describe('public fields only', () => {
  it('GET /lots: points of public lots only, exactly the public keys, short cache', async () => {
    const res = await get('/lots')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    const body = await res.json()
    const fc = PublicLotCollectionSchema.parse(body)
    expect(keys(body as object)).toEqual(['features', 'type'])
    const publicIds = (await rows<{ id: string }>('SELECT id FROM parking_lots WHERE public ORDER BY id')).map((r) => r.id)
    expect(fc.features.map((f) => f.id)).toEqual(publicIds)
    expect(publicIds.length).toBeLessThan((await rows('SELECT id FROM parking_lots')).length) // the seed has private lots
    for (const f of (body as { features: Record<string, unknown>[] }).features) {
      expect(keys(f)).toEqual(['geometry', 'id', 'properties', 'type'])
      expect(keys(f.properties as object)).toEqual(PROPERTY_KEYS)
      expect(keys(f.geometry as object)).toEqual(['coordinates', 'type'])
    }
    // A polygon lot's point lies inside it.
    const inside = await rows<{ ok: boolean }>(
      `SELECT bool_and(ST_Intersects(l.geom, ST_SetSRID(ST_MakePoint(f.lng, f.lat), 4326))) AS ok
       FROM jsonb_to_recordset($1::jsonb) AS f(id text, lng float8, lat float8) JOIN parking_lots l ON l.id = f.id`,
      [JSON.stringify(fc.features.map((f) => ({ id: f.id, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] })))],
    )
    expect(inside[0]!.ok).toBe(true)
  })

  it('GET /feed: ParkAPI keys exactly', async () => {
    const res = await get('/feed')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    const body = (await res.json()) as { lots: Record<string, unknown>[] }
    ParkingFeedSchema.parse(body)
    expect(keys(body)).toEqual(['last_updated', 'lots'])
    expect(body.lots.length).toBeGreaterThan(0)
    for (const lot of body.lots) {
      expect(keys(lot)).toEqual(['coords', 'free', 'id', 'last_updated', 'name', 'state', 'total'])
      expect(keys(lot.coords as object)).toEqual(['lat', 'lng'])
    }
  })

  it('GET /nearest: the public keys plus distanceM', async () => {
    const res = await get('/nearest?lng=106.84&lat=32.356&limit=20')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    const body = (await res.json()) as { lots: Record<string, unknown>[] }
    NearestLotsSchema.parse(body)
    expect(keys(body)).toEqual(['lots'])
    expect(body.lots.length).toBeGreaterThan(0)
    for (const lot of body.lots) expect(keys(lot)).toEqual([...LOT_KEYS, 'distanceM'].sort())
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/feed')
    const tag = first.headers.get('etag')
    expect(tag).toBeTruthy()
    const again = await get('/feed', { 'if-none-match': tag! })
    expect(again.status).toBe(304)
  })
})

describe('opening hours in the database', () => {
  const SAMPLES = [
    '08:00-20:00', '00:00-24:00', '22:00-06:00', ' 07:00 – 22:00 ', '08:00~18:30', '\t09:15-17:45\t', '08:00-24:00',
    '00:00-00:01', '24小时', 'Mo-Fr 08:00-18:00', '8:00-20:00', '25:00-26:00', '24:30-06:00', '08:00-08:00', '', '08:00-20:00x',
  ]

  it('reads them as the shared parser does (the KNN filters on the database reading)', async () => {
    const got = await rows<{ h: string; from: number | null; to: number | null }>(
      `SELECT h, opening_minutes(h, 1) AS from, opening_minutes(h, 2) AS to FROM unnest($1::text[]) AS h`,
      [SAMPLES],
    )
    expect(got.map((r) => (r.from === null ? null : { from: r.from, to: r.to }))).toEqual(SAMPLES.map(parseOpeningHours))
    expect(got.filter((r) => r.from !== null).length).toBeGreaterThan(5)
    // Every stored lot's columns follow its text.
    const lots = await rows<{ opening_hours: string; open_from: number | null; open_to: number | null }>(
      'SELECT opening_hours, open_from, open_to FROM parking_lots',
    )
    for (const l of lots) expect(l.open_from === null ? null : { from: l.open_from, to: l.open_to }).toEqual(parseOpeningHours(l.opening_hours))
  })

  it('says open at the same minutes as isOpenAt, all day', async () => {
    const got = await rows<{ h: string; minute: number; open: boolean }>(
      `SELECT h, minute, lot_open_at(opening_minutes(h, 1), opening_minutes(h, 2), minute) AS open
       FROM unnest($1::text[]) AS h, generate_series(0, 1435, 5) AS minute`,
      [SAMPLES],
    )
    const midnight = Date.parse('2026-11-24T00:00:00+08:00')
    const differ = got.filter((r) => r.open !== (isOpenAt(r.h, new Date(midnight + r.minute * 60_000)) !== false))
    expect(differ).toEqual([])
  })
})

describe('GET /nearest', () => {
  it.each([
    [106.84, 32.356],
    [106.83, 32.36],
    [106.9, 32.3],
    [106.6, 32.7],
  ])('equals a brute-force ranking by sphere distance from (%d, %d)', async (lng, lat) => {
    const res = await get(`/nearest?lng=${lng}&lat=${lat}&limit=20`)
    expect(res.status).toBe(200)
    const got = NearestLotsSchema.parse(await res.json()).lots
    // Every public lot with free spaces, by exact distance on the sphere, then open now by its hours.
    const all = await rows<{ id: string; d: number; opening_hours: string }>(
      `SELECT id, opening_hours, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, false) AS d
       FROM parking_lots
       WHERE public AND CASE counting WHEN 'barrier' THEN reported_free ELSE spaces_free END > 0
       ORDER BY d, id`,
      [lng, lat],
    )
    const now = new Date()
    const expected = all.filter((r) => isOpenAt(r.opening_hours, now) !== false).slice(0, 20)
    expect(expected.length).toBeGreaterThan(0)
    expect(got.map((l) => l.id)).toEqual(expected.map((r) => r.id))
    got.forEach((l, i) => expect(l.distanceM).toBeCloseTo(expected[i]!.d, 1))
    for (const l of got) {
      expect(l.state).toBe('open')
      expect(l.free).toBeGreaterThan(0)
    }
  })

  it('defaults to 5 lots', async () => {
    const got = NearestLotsSchema.parse(await (await get('/nearest?lng=106.84&lat=32.356')).json()).lots
    expect(got.length).toBe(Math.min(5, got.length))
    expect(got.length).toBeLessThanOrEqual(5)
  })

  it.each([
    ['?lat=32.3', 'query.lng'],
    ['?lng=abc&lat=32.3', 'query.lng'],
    ['?lng=106.8&lat=200', 'query.lat'],
    ['?lng=106.8&lat=32.3&limit=21', 'query.limit'],
    ['?lng=106.8&lat=32.3&limit=0', 'query.limit'],
    ['?lng=&lat=32.3', 'query.lng'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await get(`/nearest${query}`)
    expect(res.status).toBe(400)
    const body = ErrorBodySchema.parse(await res.json())
    expect(body.error.details?.map((d) => d.field)).toContain(field)
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/public/)
  })

  it('GET /lots with a bad bbox → 400 naming query.bbox', async () => {
    const res = await get('/lots?bbox=1,2,3')
    expect(res.status).toBe(400)
    expect(ErrorBodySchema.parse(await res.json()).error.details?.[0]?.field).toBe('query.bbox')
  })
})

describe('lot counts', () => {
  const recountDiff = () =>
    rows<{ id: string }>(
      `SELECT l.id
       FROM parking_lots l
       LEFT JOIN (SELECT lot_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'free'))::int AS free, max(status_at) AS at
                  FROM parking_spaces GROUP BY lot_id) s ON s.lot_id = l.id
       WHERE (l.spaces_total, l.spaces_free) IS DISTINCT FROM (coalesce(s.total, 0), coalesce(s.free, 0))
          OR l.spaces_at IS DISTINCT FROM s.at`,
    )

  it('follow space events: equal to a recount from parking_spaces', async () => {
    expect(await recountDiff()).toEqual([])
    const spaces = await rows<{ id: string; status: string }>(
      `SELECT id, status FROM parking_spaces WHERE lot_id IN ('NJ-P001', 'NJ-P002', 'NJ-P003') ORDER BY id LIMIT 40`,
    )
    const events = spaces.map((s, i) => ({
      spaceId: s.id,
      status: s.status === 'free' ? 'occupied' : i % 2 ? 'free' : 'closed',
      at: '2026-11-24T09:30:00+08:00',
    }))
    const res = await ingest({ events })
    expect(res.status).toBe(200)
    expect(((await res.json()) as IngestResult).accepted).toBe(events.length)
    expect(await recountDiff()).toEqual([])
    const p001 = await rows<{ spaces_at: string }>(`SELECT spaces_at FROM parking_lots WHERE id = 'NJ-P001'`)
    expect(p001[0]!.spaces_at).toBe('2026-11-24T01:30:00.000Z')
  })

  it('follow deletes and moves between lots', async () => {
    const client = await platform.backend.pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(`DELETE FROM parking_spaces WHERE id IN (SELECT id FROM parking_spaces WHERE lot_id = 'NJ-P002' ORDER BY status_at DESC LIMIT 3)`)
      await client.query(`UPDATE parking_spaces SET lot_id = 'NJ-P006' WHERE id IN (SELECT id FROM parking_spaces WHERE lot_id = 'NJ-P001' LIMIT 5)`)
      const diff = await client.query(
        `SELECT l.id FROM parking_lots l
         LEFT JOIN (SELECT lot_id, count(*)::int AS total, (count(*) FILTER (WHERE status = 'free'))::int AS free, max(status_at) AS at
                    FROM parking_spaces GROUP BY lot_id) s ON s.lot_id = l.id
         WHERE (l.spaces_total, l.spaces_free) IS DISTINCT FROM (coalesce(s.total, 0), coalesce(s.free, 0))
            OR l.spaces_at IS DISTINCT FROM s.at`,
      )
      expect(diff.rows).toEqual([])
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })
})

describe('lot-level ingest', () => {
  const lot = async (id: string) =>
    (await rows<{ reported_free: number; reported_total: number; reported_at: string }>(
      'SELECT reported_free, reported_total, reported_at FROM parking_lots WHERE id = $1',
      [id],
    ))[0]!

  it('applies a barrier report once, pushes lot.counts, and a replay changes nothing', async () => {
    const batch = { lots: [{ lotId: 'NJ-P004', free: 17, total: 120, at: '2026-11-24T09:00:00+08:00' }] }
    const before = await eventCount('lot.counts')
    const first = (await (await ingest(batch)).json()) as IngestResult
    expect(first).toEqual({ accepted: 1, unchanged: 0, rejected: [] })
    expect(await lot('NJ-P004')).toEqual({ reported_free: 17, reported_total: 120, reported_at: '2026-11-24T01:00:00.000Z' })
    expect(await eventCount('lot.counts')).toBe(before + 1)
    const payload = await rows<{ payload: unknown }>(`SELECT payload FROM events WHERE type = 'lot.counts' ORDER BY id DESC LIMIT 1`)
    const pushed = payload[0]!.payload as { at: string }
    expect(pushed).toEqual({ lotId: 'NJ-P004', free: 17, total: 120, at: expect.any(String) })
    expect(Date.parse(pushed.at)).toBe(Date.parse('2026-11-24T09:00:00+08:00'))

    const replay = (await (await ingest(batch)).json()) as IngestResult
    expect(replay).toEqual({ accepted: 0, unchanged: 1, rejected: [] })
    expect(await eventCount('lot.counts')).toBe(before + 1)
    expect(await lot('NJ-P004')).toEqual({ reported_free: 17, reported_total: 120, reported_at: '2026-11-24T01:00:00.000Z' })

    const feed = ParkingFeedSchema.parse(await (await get('/feed')).json())
    expect(feed.lots.find((l) => l.id === 'NJ-P004')).toMatchObject({ free: 17, total: 120, last_updated: '2026-11-24T01:00:00.000Z' })
  })

  it('ignores an older report; the newest of a batch wins', async () => {
    const res = await ingest({
      lots: [
        { lotId: 'NJ-P005', free: 40, total: 90, at: '2026-11-24T10:00:00+08:00' },
        { lotId: 'NJ-P005', free: 5, total: 90, at: '2026-11-24T09:59:00+08:00' },
      ],
    })
    expect(res.status).toBe(200)
    expect(await lot('NJ-P005')).toMatchObject({ reported_free: 40, reported_total: 90 })
    const before = await eventCount('lot.counts')
    const older = (await (await ingest({ lots: [{ lotId: 'NJ-P005', free: 1, total: 90, at: '2026-11-24T09:00:00+08:00' }] })).json()) as IngestResult
    expect(older).toEqual({ accepted: 0, unchanged: 1, rejected: [] })
    expect(await lot('NJ-P005')).toMatchObject({ reported_free: 40, reported_total: 90, reported_at: '2026-11-24T02:00:00.000Z' })
    // Newer but the same counts: the time moves on, nothing is pushed.
    await ingest({ lots: [{ lotId: 'NJ-P005', free: 40, total: 90, at: '2026-11-24T10:05:00+08:00' }] })
    expect(await lot('NJ-P005')).toMatchObject({ reported_at: '2026-11-24T02:05:00.000Z' })
    expect(await eventCount('lot.counts')).toBe(before)
  })

  it('keeps good items and gives each bad one a reason, beside space events', async () => {
    const res = await ingest({
      events: [{ spaceId: 'NJ-P999-0001', status: 'free', at: '2026-11-24T08:00:00+08:00' }],
      lots: [
        { lotId: 'NJ-P001', free: 1, total: 2, at: '2026-11-24T11:00:00+08:00' },
        { lotId: 'NJ-P999', free: 1, total: 2, at: '2026-11-24T11:00:00+08:00' },
        { lotId: 'NJ-P004', free: 3, total: 2, at: '2026-11-24T11:00:00+08:00' },
        { lotId: 'NJ-P004', free: 1, total: 2, at: 'soon' },
        { lotId: 'NJ-P004', free: 11, total: 120, at: '2026-11-24T11:00:00+08:00' },
      ],
    })
    expect(res.status).toBe(200)
    const result = (await res.json()) as IngestResult
    expect(result.accepted).toBe(1)
    expect(result.rejected).toEqual([
      { index: 0, field: 'spaceId', reason: "unknown space 'NJ-P999-0001'" },
      { index: 0, field: 'lots.lotId', reason: "lot 'NJ-P001' is counted by its spaces; send space events" },
      { index: 1, field: 'lots.lotId', reason: "unknown lot 'NJ-P999'" },
      { index: 2, field: 'lots.free', reason: 'free must not exceed total' },
      { index: 3, field: 'lots.at', reason: expect.any(String) },
    ])
    expect(await lot('NJ-P004')).toMatchObject({ reported_free: 11 })
    expect(await rows(`SELECT reported_free FROM parking_lots WHERE id = 'NJ-P001'`)).toEqual([{ reported_free: null }])
  })

  it('refuses a body with neither events nor lots', async () => {
    const res = await ingest({})
    expect(res.status).toBe(400)
  })
})

// Last: it spends this client's tokens.
describe('rate limit', () => {
  it('answers 429 with Retry-After past the limit, uncached', async () => {
    let res: Response | undefined
    for (let i = 0; i <= RATE; i++) {
      res = await get('/feed')
      if (res.status === 429) break
      await res.arrayBuffer()
    }
    expect(res!.status).toBe(429)
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(res!.headers.get('cache-control') ?? '').not.toMatch(/public/)
    expect(ErrorBodySchema.parse(await res!.json()).error.code).toBe('too_many_requests')
  })
})
