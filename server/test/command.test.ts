import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
    await fetch(`${platform.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classCode: '0510', title: '露天烧烤', location: { type: 'Point', coordinates: [106.84, 32.356] } }),
    })
    const s = (await (await fetch(`${platform.url}/api/command/summary`, { headers: { cookie } })).json()) as Summary

    const incidents = await rows<{ status: string; reported_at: string; closed_at: string | null; overdue: boolean; class_code: string; source: string }>(
      'SELECT status, reported_at, closed_at, overdue, class_code, source FROM incidents',
    )
    const localDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
    const today = localDay(new Date().toISOString())
    const open = (i: { status: string }) => !['closed', 'cancelled'].includes(i.status)
    expect(s.cases.newToday).toBe(incidents.filter((i) => localDay(i.reported_at) === today).length)
    expect(s.cases.newToday).toBeGreaterThan(0)
    expect(s.cases.open).toBe(incidents.filter(open).length)
    expect(s.cases.closedToday).toBe(incidents.filter((i) => i.status === 'closed' && i.closed_at && localDay(i.closed_at) === today).length)
    expect(s.cases.overdue).toBe(incidents.filter((i) => open(i) && i.overdue).length)
    expect(s.dust.activeAlarms).toBe(incidents.filter((i) => open(i) && i.class_code === '0302' && i.source === 'sensor').length)

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
    const t = (await (await fetch(`${platform.url}/api/command/trends?at=${at}`, { headers: { cookie } })).json()) as {
      casesPerHour: { hour: string; classCode: string; count: number }[]
      pm10: { siteId: number; points: { hour: string; pm10: number }[] }[]
    }
    const expected = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE reported_at > '${at}'::timestamptz - interval '24 hours' AND reported_at <= '${at}'`,
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
