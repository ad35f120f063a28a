import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DustAlarmSchema, type ErrorBody } from '@citygrid/shared'
import { z } from 'zod'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

/**
 * `GET /api/dust/alarms`: the active dust alarms the wall lists, tripped and cleared through real
 * ingest (`POST /api/ingest/dust`) under the seeded rule (PM10 15-minute mean > 150 µg/m³, at most one
 * exceedance a day; cleared after 60 calm minutes). Times are China time (+08:00).
 */

let platform: Platform
let operator: string

beforeAll(async () => {
  platform = await startTestPlatform()
  operator = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

interface Site {
  siteId: number
  sensor: string
  lng: number
  lat: number
}

/** Two sites with a monitor, as far apart as the seeded city has them (so a small box holds one only). */
async function twoSites(): Promise<[Site, Site]> {
  const r = await platform.backend.pool.query<Site>(
    `WITH sites AS (
       SELECT DISTINCT ON (site.id) site.id::int AS "siteId", s.code AS sensor, ST_PointOnSurface(site.geom) AS p
         FROM construction_sites site JOIN dust_sensors s ON s.site_id = site.id
        ORDER BY site.id, s.code
     )
     SELECT a."siteId", a.sensor, ST_X(a.p) AS lng, ST_Y(a.p) AS lat,
            b."siteId" AS "bSiteId", b.sensor AS "bSensor", ST_X(b.p) AS "bLng", ST_Y(b.p) AS "bLat"
       FROM sites a CROSS JOIN sites b
      ORDER BY ST_Distance(a.p, b.p) DESC, a."siteId", b."siteId"
      LIMIT 1`,
  )
  const row = r.rows[0] as unknown as Site & { bSiteId: number; bSensor: string; bLng: number; bLat: number }
  return [
    { siteId: row.siteId, sensor: row.sensor, lng: row.lng, lat: row.lat },
    { siteId: row.bSiteId, sensor: row.bSensor, lng: row.bLng, lat: row.bLat },
  ]
}

/** PM10 readings of one monitor at these local times (yyyy-mm-ddThh:mm). */
async function ingest(sensorId: string, times: string[], pm10: number): Promise<void> {
  const readings = times.map((t) => ({ sensorId, at: new Date(`${t}:00+08:00`).toISOString(), pm10, pm25: pm10 / 2 }))
  const res = await fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ readings }),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

/** Two 15-minute windows far above the limit: the seeded rule trips. */
const trip = (sensor: string, day: string) => ingest(sensor, [`${day}T10:00`, `${day}T10:05`, `${day}T10:15`, `${day}T10:20`], 400)

const list = (query = '') => fetch(`${platform.url}/api/dust/alarms${query}`, { headers: { cookie: operator } })
async function alarms(query = '') {
  const res = await list(query)
  expect(res.status, await res.clone().text()).toBe(200)
  return z.array(DustAlarmSchema).parse(await res.json())
}
const box = (s: Site, d = 0.0005) => `?bbox=${[s.lng - d, s.lat - d, s.lng + d, s.lat + d].join(',')}`

describe('GET /api/dust/alarms', () => {
  it('lists the active alarms newest first, narrows them to a box, and drops one once it clears', async () => {
    const [a, b] = await twoSites()
    expect(a.siteId).not.toBe(b.siteId)
    await trip(a.sensor, '2026-11-05')
    await trip(b.sensor, '2026-11-06') // tripped later: listed first

    const all = await alarms()
    const ours = all.filter((x) => x.siteId === a.siteId || x.siteId === b.siteId)
    expect(ours.map((x) => x.siteId)).toEqual([b.siteId, a.siteId])
    expect(all.map((x) => x.trippedAt)).toEqual([...all.map((x) => x.trippedAt)].sort().reverse())
    const [alarmB, alarmA] = ours as [z.infer<typeof DustAlarmSchema>, z.infer<typeof DustAlarmSchema>]
    expect(alarmA).toMatchObject({ metric: 'pm10', windowMinutes: 15, limit: 150, worstMean: 400, exceedances: 2, clearedAt: null })
    expect(alarmA.caseId).not.toBeNull() // it opened the site's 0302 case (or was attached to its open one)
    const names = await platform.backend.pool.query<{ name: string }>('SELECT name FROM construction_sites WHERE id = $1', [a.siteId])
    expect(alarmA.siteName).toBe(names.rows[0]!.name)
    // The same rows the database holds as active, nothing else.
    const active = await platform.backend.pool.query<{ id: number }>('SELECT id::int FROM dust_alarms WHERE cleared_at IS NULL ORDER BY id')
    expect(all.map((x) => x.id).sort((p, q) => p - q)).toEqual(active.rows.map((r) => r.id))

    // A small box around each site holds its alarm, not the other's; a box far away holds none.
    expect((await alarms(box(a))).map((x) => x.id)).toContain(alarmA.id)
    expect((await alarms(box(a))).map((x) => x.id)).not.toContain(alarmB.id)
    expect((await alarms(box(b))).map((x) => x.id)).toEqual(expect.arrayContaining([alarmB.id]))
    expect((await alarms(box(b))).map((x) => x.id)).not.toContain(alarmA.id)
    expect(await alarms('?bbox=100,20,100.1,20.1')).toEqual([])

    // Calm for an hour after the last window above the limit (10:30): a's alarm clears and leaves the list.
    const calm = Array.from({ length: 21 }, (_, i) => {
      const m = 30 + i * 3
      return `2026-11-05T${String(10 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
    })
    await ingest(a.sensor, calm, 50)
    const cleared = await platform.backend.pool.query<{ cleared: boolean }>('SELECT cleared_at IS NOT NULL AS cleared FROM dust_alarms WHERE id = $1', [alarmA.id])
    expect(cleared.rows[0]!.cleared).toBe(true)
    const after = (await alarms()).map((x) => x.id)
    expect(after).not.toContain(alarmA.id)
    expect(after).toContain(alarmB.id)
  })

  it.each([
    ['?town=nowhere', 'query.town'],
    ['?bbox=1,2,3', 'query.bbox'],
    ['?town=Nanjiang&bbox=106,32,107,33', 'query.town'],
  ])('refuses the area %s with a 400 naming %s', async (query, field) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.details?.map((d: { field: string }) => d.field)).toContain(field)
  })
})
