import type { SiteDust, SitePage } from '@citygrid/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

/** A construction site's page (issue #16): `GET /api/sites/{id}` and its series `GET /api/sites/{id}/dust`. */

let platform: Platform
let admin: string
let site: { id: number; name: string }
let sensor: { id: number; code: string }

beforeAll(async () => {
  platform = await startTestPlatform()
  admin = await signIn(platform.url, 'admin')
  // A site with exactly one monitor: its series are that monitor's.
  const r = await platform.backend.pool.query<{ siteId: string; name: string; sensorId: string; code: string }>(
    `SELECT s.id AS "siteId", s.name, d.id AS "sensorId", d.code
       FROM construction_sites s JOIN dust_sensors d ON d.site_id = s.id
      WHERE (SELECT count(*) FROM dust_sensors x WHERE x.site_id = s.id) = 1
      ORDER BY s.id LIMIT 1`,
  )
  site = { id: Number(r.rows[0]!.siteId), name: r.rows[0]!.name }
  sensor = { id: Number(r.rows[0]!.sensorId), code: r.rows[0]!.code }
}, 120_000)
afterAll(async () => {
  await platform?.close()
})

const get = (path: string, cookie = admin) => fetch(platform.url + path, { headers: { cookie } })

describe('GET /api/sites/{id}', () => {
  it('shows the site, its measures and permit, its monitor with its newest reading, and the rules that apply', async () => {
    const res = await get(`/api/sites/${site.id}`)
    expect(res.status).toBe(200)
    const page = (await res.json()) as SitePage
    const row = (
      await platform.backend.pool.query(
        `SELECT name, permit_no, wet_work, bare_soil_covered, mist_spraying, night_work_permit FROM construction_sites WHERE id = $1`,
        [site.id],
      )
    ).rows[0]
    expect(page).toMatchObject({
      id: site.id,
      name: row.name,
      permitNo: row.permit_no,
      measures: { wetWork: row.wet_work, bareSoilCovered: row.bare_soil_covered, mistSpraying: row.mist_spraying },
      nightWorkPermit: row.night_work_permit,
    })
    expect(page.sensors).toHaveLength(1)
    const latest = (
      await platform.backend.pool.query<{ pm10: number; read_at: Date | string }>('SELECT pm10, read_at FROM dust_latest WHERE sensor_id = $1', [sensor.id])
    ).rows[0]!
    expect(page.sensors[0]).toMatchObject({ code: sensor.code, latest: { pm10: latest.pm10 } })
    expect(Date.parse(page.sensors[0]!.latest!.at)).toBe(new Date(latest.read_at).getTime())
    // The shipped default rule applies to every site.
    expect(page.rules.length).toBeGreaterThan(0)
    expect(page.rules.every((r) => r.enabled)).toBe(true)
  })

  it('answers 404 for no such site, 400 for a bad id, 401 without a session', async () => {
    expect((await get('/api/sites/999999')).status).toBe(404)
    expect((await get('/api/sites/abc')).status).toBe(400)
    expect((await get(`/api/sites/${site.id}`, '')).status).toBe(401)
  })
})

describe('GET /api/sites/{id}/dust', () => {
  it('gives window means from local midnight, usable readings only, minute data before real-time data of the same minute', async () => {
    const ingest = await fetch(`${platform.url}/api/ingest/dust`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        readings: [
          // 2026-11-10 23:50 and 23:59 China time: the window 23:45–24:00 of that local day …
          { sensorId: sensor.code, at: '2026-11-10T23:50:00+08:00', pm10: 100, pm25: 50 },
          { sensorId: sensor.code, at: '2026-11-10T23:59:00+08:00', pm10: 200, pm25: 60 },
          // … and 00:05 the next local day, its own window.
          { sensorId: sensor.code, at: '2026-11-11T00:05:00+08:00', pm10: 80, pm25: 40 },
        ],
      }),
    })
    expect(ingest.status).toBe(200)
    // Minute data for 23:59 replaces that minute's real-time reading; a faulty (D) value is left out.
    await platform.backend.pool.query(
      `INSERT INTO dust_readings (sensor_id, kind, read_at, pm10, pm10_flag, pm25, pm25_flag) VALUES
         ($1, 'minute', '2026-11-10T23:59:00+08:00', 300, 'N', 70, 'D')`,
      [sensor.id],
    )
    const res = await get(`/api/sites/${site.id}/dust?from=2026-11-10T23:30:00%2B08:00&to=2026-11-11T00:30:00%2B08:00&window=15`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as SiteDust
    expect(body.windowMinutes).toBe(15)
    expect(body.series.pm10).toEqual([
      { at: '2026-11-10T15:45:00.000Z', mean: 200 }, // (100 + 300) / 2
      { at: '2026-11-10T16:00:00.000Z', mean: 80 },
    ])
    expect(body.series.pm25).toEqual([
      { at: '2026-11-10T15:45:00.000Z', mean: 50 }, // the minute value is faulty: only 50 remains
      { at: '2026-11-10T16:00:00.000Z', mean: 40 },
    ])
  })

  it('answers 400 naming the field for a bad window or range, 404 for no such site', async () => {
    const bad = async (query: string, field: string) => {
      const res = await get(`/api/sites/${site.id}/dust${query}`)
      expect(res.status, query).toBe(400)
      const body = (await res.json()) as { error: { details: { field: string }[] } }
      expect(body.error.details.map((d) => d.field), query).toContain(field)
    }
    await bad('?window=10', 'query.window')
    await bad('?from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z', 'query.from')
    expect((await get('/api/sites/999999/dust')).status).toBe(404)
  })
})
