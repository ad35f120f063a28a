import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CommandTrendsSchema, PLAYBACK_BUCKET_MINUTES, PlaybackSchema } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_NOW } from './platform.ts'

let platform: Platform
let cookie: string

beforeAll(async () => {
  platform = await startTestPlatform()
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

interface Summary {
  cases: { newToday: number; open: number; closedToday: number; overdue: number; closeRate: number | null; onTimeRate: number | null }
  dust: { activeAlarms: number; worstSite: { siteId: number; pm10: number } | null }
  parking: { total: number; free: number; occupied: number; closed: number; unknown: number; occupancy: number | null }
  vending: Record<string, number>
  structures: Record<string, number>
}

const rows = async <T>(sql: string) => (await platform.backend.pool.query(sql)).rows as T[]

describe('GET /api/command/summary', () => {
  it('equals the same figures recomputed from the rows', async () => {
    // Something happens today (local time), so "today" figures are not all zero.
    await fetch(`${platform.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0510', title: '露天烧烤', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    const s = (await (await fetch(`${platform.url}/api/command/summary`, { headers: { cookie } })).json()) as Summary

    const cases = await rows<{ status: string; reported_at: string; closed_at: string | null; overdue: boolean; class_code: string; source: string }>(
      'SELECT status, reported_at, closed_at, overdue, class_code, source FROM cases',
    )
    const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
    const today = localDay(new Date().toISOString())
    const open = (i: { status: string }) => !['closed', 'cancelled'].includes(i.status)
    expect(s.cases.newToday).toBe(cases.filter((i) => localDay(i.reported_at) === today).length)
    expect(s.cases.newToday).toBeGreaterThan(0)
    expect(s.cases.open).toBe(cases.filter(open).length)
    expect(s.cases.closedToday).toBe(cases.filter((i) => i.status === 'closed' && i.closed_at && localDay(i.closed_at) === today).length)
    expect(s.cases.overdue).toBe(cases.filter((i) => open(i) && i.overdue).length)
    expect(s.dust.activeAlarms).toBe(cases.filter((i) => open(i) && i.class_code === '0302' && i.source === 'sensor').length)

    const spaces = await rows<{ status: string }>('SELECT status FROM parking_spaces')
    const n = (st: string) => spaces.filter((x) => x.status === st).length
    expect(s.parking).toEqual({
      total: spaces.length,
      free: n('free'),
      occupied: n('occupied'),
      closed: n('closed'),
      unknown: n('unknown'),
      occupancy: n('occupied') / (n('free') + n('occupied')),
    })

    const latest = await rows<{ site_id: number; pm10: number }>(
      `SELECT DISTINCT ON (r.sensor_id) s.site_id, r.pm10 FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE s.site_id IS NOT NULL ORDER BY r.sensor_id, r.read_at DESC`,
    )
    expect(s.dust.worstSite?.pm10).toBe(Math.max(...latest.map((l) => l.pm10)))

    const vending = await rows<{ status: string }>('SELECT status FROM vending_spots')
    for (const st of ['active', 'rectifying', 'cleared']) expect(s.vending[st]).toBe(vending.filter((v) => v.status === st).length)
    const structures = await rows<{ status: string }>('SELECT status FROM illegal_structures')
    for (const st of ['discovered', 'verified', 'notice_served', 'demolished']) {
      expect(s.structures[st]).toBe(structures.filter((v) => v.status === st).length)
    }
  })
})

describe('GET /api/command/trends', () => {
  it('counts the cases of the 24 hours before `at` per hour and class, and the worst sites’ hourly PM10', async () => {
    const at = TEST_NOW.toISOString()
    const t = CommandTrendsSchema.parse(
      await (await fetch(`${platform.url}/api/command/trends?at=${at}`, { headers: { cookie } })).json(),
    )
    const expected = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE reported_at > '${at}'::timestamptz - interval '24 hours' AND reported_at <= '${at}'`,
    )
    expect(t.casesPerHour.reduce((sum, r) => sum + r.count, 0)).toBe(expected[0]!.n)
    expect(t.pm10.length).toBe(3)
    for (const site of t.pm10) {
      expect(site.points.length).toBeGreaterThan(20)
      expect(site.points.length).toBeLessThanOrEqual(25)
    }
    const peaks = t.pm10.map((s) => Math.max(...s.points.map((p) => p.pm10)))
    expect(peaks).toEqual([...peaks].sort((a, b) => b - a))
  })
})

describe('GET /api/command/playback', () => {
  const get = (query: string) => fetch(`${platform.url}/api/command/playback${query}`, { headers: { cookie } })

  it('replays the cases open at some moment of the window and each monitor’s PM10 per bucket, as recomputed from the rows', async () => {
    const to = TEST_NOW.toISOString()
    const from = new Date(TEST_NOW.getTime() - 24 * 3_600_000).toISOString()
    const res = await get(`?from=${from}&to=${to}`)
    expect(res.status).toBe(200)
    const p = PlaybackSchema.parse(await res.json())
    expect(p.bucketMinutes).toBe(PLAYBACK_BUCKET_MINUTES)

    // Times as epoch ms from SQL, so the comparison does not depend on the driver's date parsing.
    const cases = await rows<{ id: string; reported: number; status: string; closed: number | null; cancelled: number | null }>(
      `SELECT i.id, extract(epoch FROM i.reported_at) * 1000 AS reported, i.status, extract(epoch FROM i.closed_at) * 1000 AS closed,
              extract(epoch FROM (SELECT max(h.at) FROM case_history h WHERE h.case_id = i.id AND h.action = 'cancel')) * 1000 AS cancelled
       FROM cases i`,
    )
    const ended = (i: (typeof cases)[number]) => (i.status === 'closed' ? i.closed : i.status === 'cancelled' ? i.cancelled : null)
    const expected = cases
      .filter((i) => Number(i.reported) <= Date.parse(to) && (ended(i) === null || Number(ended(i)) > Date.parse(from)))
      .map((i) => Number(i.id))
      .sort((a, b) => a - b)
    expect(expected.length).toBeGreaterThan(10)
    expect(p.cases.map((c) => c.id).sort((a, b) => a - b)).toEqual(expected)
    expect(p.truncated).toBe(false)
    const endedCase = p.cases.find((c) => c.endedAt !== null)
    expect(endedCase).toBeDefined()
    expect(Date.parse(endedCase!.endedAt!)).toBeGreaterThan(Date.parse(from))

    const readings = await rows<{ code: string; read_at: number; pm10: number }>(
      `SELECT s.code, extract(epoch FROM r.read_at) * 1000 AS read_at, r.pm10 FROM dust_readings r JOIN dust_sensors s ON s.id = r.sensor_id
       WHERE r.read_at >= '${from}' AND r.read_at <= '${to}'`,
    )
    expect(readings.length).toBeGreaterThan(0)
    const bucketMs = PLAYBACK_BUCKET_MINUTES * 60_000
    const sums = new Map<string, { sum: number; n: number }>()
    for (const r of readings) {
      const bucket = Date.parse(from) + Math.floor((Number(r.read_at) - Date.parse(from)) / bucketMs) * bucketMs
      const key = `${r.code}@${new Date(bucket).toISOString()}`
      const acc = sums.get(key) ?? { sum: 0, n: 0 }
      sums.set(key, { sum: acc.sum + r.pm10, n: acc.n + 1 })
    }
    const got = new Map<string, number>(p.sensors.flatMap((s) => s.readings.map((r) => [`${s.code}@${r.at}`, r.pm10] as [string, number])))
    expect([...got.keys()].sort()).toEqual([...sums.keys()].sort())
    for (const [key, { sum, n }] of sums) expect(got.get(key)).toBeCloseTo(sum / n, 1)
    const sensorCount = await rows<{ n: number }>('SELECT count(*)::int AS n FROM dust_sensors')
    expect(p.sensors.length).toBe(sensorCount[0]!.n)
  })

  it('defaults to the 24 hours before now', async () => {
    const before = Date.now()
    const p = PlaybackSchema.parse(await (await get('')).json())
    expect(Date.parse(p.to)).toBeGreaterThanOrEqual(before)
    expect(Date.parse(p.to) - Date.parse(p.from)).toBe(24 * 3_600_000)
  })

  it.each([
    ['?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z', 'query.to', 'to must be after from'],
    ['?from=2026-11-20T00:00:00Z&to=2026-11-24T00:00:00Z', 'query.to', 'at most 48 hours'],
    ['?from=yesterday', 'query.from', ''],
  ])('rejects %s naming %s', async (query, field, reason) => {
    const res = await get(query)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { field: string; reason: string }[] } }
    const detail = body.error.details.find((d) => d.field === field)
    expect(detail).toBeDefined()
    expect(detail!.reason).toContain(reason)
  })
})
