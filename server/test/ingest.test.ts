import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorBody, IngestResult } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

let platform: Platform

beforeAll(async () => {
  platform = await startTestPlatform()
})
afterAll(() => platform?.close())

const ingest = (kind: 'parking' | 'dust', body: unknown, token = TEST_INGEST_TOKEN) =>
  fetch(`${platform.url}/api/ingest/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })

async function space(id: string) {
  const r = await platform.backend.pool.query<{ status: string; status_at: string }>(
    'SELECT status, status_at FROM parking_spaces WHERE id = $1',
    [id],
  )
  return r.rows[0]!
}

async function eventCount(type: string): Promise<number> {
  const r = await platform.backend.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])
  return r.rows[0]!.n
}

describe('device token', () => {
  it.each([['wrong-token-wrong-token'], ['']])('refuses token %j with 401 and writes nothing', async (token) => {
    const before = await space('NJ-P001-0001')
    const res = await ingest('parking', { events: [{ spaceId: 'NJ-P001-0001', status: 'free', at: '2030-01-01T00:00:00Z' }] }, token)
    expect(res.status).toBe(401)
    expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized')
    expect(await space('NJ-P001-0001')).toEqual(before)
  })
})

describe('POST /api/ingest/parking', () => {
  it('normalises vendor codes, keeps good items and reports bad ones per item', async () => {
    const events = await eventCount('space.status')
    const { status: was } = await space('NJ-P001-0002')
    const next = was === 'occupied' ? 'VACANT' : 'busy'
    const res = await ingest('parking', {
      events: [
        { spaceId: 'NJ-P001-0002', status: next, at: '2026-11-24T08:00:00+08:00' },
        { spaceId: 'NJ-P999-0001', status: 'free', at: '2026-11-24T08:00:00+08:00' },
        { spaceId: 'NJ-P001-0003', status: 'purple', at: '2026-11-24T08:00:00+08:00' },
        { spaceId: 'NJ-P001-0004', status: 'free', at: 'yesterday' },
      ],
    })
    expect(res.status).toBe(200)
    const result = (await res.json()) as IngestResult
    expect(result.accepted).toBe(1)
    expect(result.rejected).toEqual([
      { index: 1, field: 'spaceId', reason: "unknown space 'NJ-P999-0001'" },
      { index: 2, field: 'status', reason: "unknown status code 'purple'" },
      { index: 3, field: 'at', reason: expect.any(String) },
    ])
    const s = await space('NJ-P001-0002')
    expect(s.status).toBe(was === 'occupied' ? 'free' : 'occupied')
    expect(s.status_at).toBe('2026-11-24T00:00:00.000Z')
    expect(await eventCount('space.status')).toBe(events + 1)
  })

  it('is idempotent: a replayed batch changes nothing and pushes nothing', async () => {
    const batch = { events: [{ spaceId: 'NJ-P002-0001', status: 'closed', at: '2026-11-24T09:00:00+08:00' }] }
    const first = (await (await ingest('parking', batch)).json()) as IngestResult
    expect(first.accepted).toBe(1)
    const events = await eventCount('space.status')
    const replay = (await (await ingest('parking', batch)).json()) as IngestResult
    expect(replay).toEqual({ accepted: 0, unchanged: 1, rejected: [] })
    expect(await eventCount('space.status')).toBe(events)
  })

  it('orders by device time: an older event never overwrites a newer one', async () => {
    await ingest('parking', { events: [{ spaceId: 'NJ-P002-0002', status: 'occupied', at: '2026-11-24T10:00:00+08:00' }] })
    const late = (await (
      await ingest('parking', { events: [{ spaceId: 'NJ-P002-0002', status: 'free', at: '2026-11-24T09:59:00+08:00' }] })
    ).json()) as IngestResult
    expect(late).toEqual({ accepted: 0, unchanged: 1, rejected: [] })
    expect((await space('NJ-P002-0002')).status).toBe('occupied')
    // Within one batch the newest per space wins, whatever the order of items.
    await ingest('parking', {
      events: [
        { spaceId: 'NJ-P002-0003', status: 'free', at: '2026-11-24T11:00:00+08:00' },
        { spaceId: 'NJ-P002-0003', status: 'occupied', at: '2026-11-24T10:30:00+08:00' },
      ],
    })
    expect(await space('NJ-P002-0003')).toEqual({ status: 'free', status_at: '2026-11-24T03:00:00.000Z' })
  })

  it('rejects a body without events with 400', async () => {
    const res = await ingest('parking', { spaces: [] })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.code).toBe('validation_failed')
  })
})

describe('POST /api/ingest/dust', () => {
  it('stores readings once, coalesces them to one event per sensor, and reports bad items', async () => {
    const events = await eventCount('sensor.reading')
    const batch = {
      readings: [
        { sensorId: 'DS-001-1', at: '2026-11-24T08:01:00+08:00', pm10: 180, pm25: 95, tsp: 320 },
        { sensorId: 'DS-001-1', at: '2026-11-24T08:02:00+08:00', pm10: 190, pm25: 99, noiseDb: 71 },
        { sensorId: 'DS-404-1', at: '2026-11-24T08:02:00+08:00', pm10: 10, pm25: 5 },
        { sensorId: 'DS-001-1', at: '2026-11-24T08:03:00+08:00', pm10: -3, pm25: 5 },
      ],
    }
    const result = (await (await ingest('dust', batch)).json()) as IngestResult
    expect(result.accepted).toBe(2)
    expect(result.rejected.map((r) => [r.index, r.field])).toEqual([
      [2, 'sensorId'],
      [3, 'pm10'],
    ])
    expect(await eventCount('sensor.reading')).toBe(events + 1)
    const last = await platform.backend.pool.query(`SELECT payload FROM events WHERE type = 'sensor.reading' ORDER BY id DESC LIMIT 1`)
    expect(last.rows[0].payload).toMatchObject({ sensorId: 'DS-001-1', pm10: 190, noiseDb: 71 })

    const replay = (await (await ingest('dust', batch)).json()) as IngestResult
    expect(replay.accepted).toBe(0)
    expect(replay.unchanged).toBe(2)
    expect(await eventCount('sensor.reading')).toBe(events + 1)
  })
})
