import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestResult } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

let platform: Platform

beforeAll(async () => {
  platform = await startTestPlatform()
})
afterAll(() => platform?.close())

/** Four readings a window apart from `start` (Beijing time), all at `pm10`. */
function window(sensorId: string, start: string, pm10: number) {
  return [0, 3, 6, 9].map((m) => ({
    sensorId,
    at: new Date(Date.parse(start) + m * 60_000).toISOString(),
    pm10,
    pm25: Math.round(pm10 * 0.5),
  }))
}

async function ingest(readings: unknown[]): Promise<IngestResult> {
  const res = await fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ readings }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as IngestResult
}

async function alarms(siteId: number) {
  const r = await platform.backend.pool.query<{ id: number; status: string; source: string; class_code: string; title: string }>(
    'SELECT id, status, source, class_code, title FROM cases WHERE alarm_site_id = $1 ORDER BY id',
    [siteId],
  )
  return r.rows
}

describe('dust rule (default: PM10 15-minute mean > 150 µg/m³, at most 1 exceedance a day)', () => {
  it('opens one 0302 case for the site when a day has more exceedances than allowed, and one only', async () => {
    const s = await platform.backend.pool.query<{ site_id: number }>(`SELECT site_id FROM dust_sensors WHERE code = 'DS-004-1'`)
    const siteId = s.rows[0]!.site_id
    expect(await alarms(siteId)).toEqual([])

    await ingest(window('DS-004-1', '2026-11-20T10:00:00+08:00', 120)) // below the limit
    await ingest(window('DS-004-1', '2026-11-20T10:15:00+08:00', 210)) // first exceedance: allowed
    expect(await alarms(siteId)).toEqual([])

    await ingest(window('DS-004-1', '2026-11-20T10:30:00+08:00', 260)) // second: trips the rule
    const opened = await alarms(siteId)
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatchObject({ status: 'reported', source: 'sensor', class_code: '0302' })
    expect(opened[0]!.title).toContain('工地扬尘超标')
    // Reported at the device time of the reading that tripped the rule.
    const when = await platform.backend.pool.query<{ t: string }>('SELECT reported_at AS t FROM cases WHERE id = $1', [opened[0]!.id])
    expect(when.rows[0]!.t).toBe('2026-11-20T02:39:00.000Z')
    const event = await platform.backend.pool.query(
      `SELECT payload FROM events WHERE type = 'case.created' AND (payload->>'id')::int = $1`,
      [opened[0]!.id],
    )
    expect(event.rowCount).toBe(1)

    // Once the case is closed, the count starts again from the alarm: one more exceedance is
    // allowed, the next opens a new case.
    await platform.backend.pool.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [opened[0]!.id])
    await ingest(window('DS-004-1', '2026-11-20T11:00:00+08:00', 300))
    expect((await alarms(siteId)).map((a) => a.status)).toEqual(['closed'])
    await ingest(window('DS-004-1', '2026-11-20T11:15:00+08:00', 300))
    expect((await alarms(siteId)).map((a) => a.status)).toEqual(['closed', 'reported'])
    // While that one is open, more exceedances open no second case.
    await ingest(window('DS-004-1', '2026-11-20T11:30:00+08:00', 300))
    await ingest(window('DS-004-1', '2026-11-20T11:45:00+08:00', 300))
    expect((await alarms(siteId)).map((a) => a.status)).toEqual(['closed', 'reported'])
  })

  it('counts exceedances per local day: yesterday’s do not trip today', async () => {
    const s = await platform.backend.pool.query<{ site_id: number }>(`SELECT site_id FROM dust_sensors WHERE code = 'DS-007-1'`)
    const siteId = s.rows[0]!.site_id
    await ingest(window('DS-007-1', '2026-11-21T23:30:00+08:00', 400))
    await ingest(window('DS-007-1', '2026-11-22T00:00:00+08:00', 400))
    expect(await alarms(siteId)).toEqual([])
  })
})
