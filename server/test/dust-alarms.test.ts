import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DustAlarm, DustRuleInput, DustRuleRecord, IngestResult } from '@citygrid/shared'
import { storeReadings } from '../src/ingest/ingest.service.ts'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

/**
 * Dust rules, alarms and the cases they open, end to end: readings in through `POST /api/ingest/dust`,
 * rules through `/api/dust/rules`, the outcome read from the database and the API. Times are China
 * time (+08:00); the default rule is the seeded one (PM10 15-minute mean > 150 µg/m³, at most one
 * exceedance a day) and an alarm clears after 60 calm minutes (DUST_ALARM_CLEAR_MINUTES' default).
 * Each test takes sites of its own.
 */

let platform: Platform
let admin: string
let operator: string
/** Sites with a sensor, none of them with sensor cases yet; each test takes the next ones. */
let freeSites: { siteId: number; sensor: string }[] = []

beforeAll(async () => {
  platform = await startTestPlatform()
  admin = await signIn(platform.url, 'admin')
  operator = await signIn(platform.url, 'operator')
  const r = await platform.backend.pool.query<{ siteId: number; sensor: string }>(
    `SELECT DISTINCT ON (s.site_id) s.site_id::int AS "siteId", s.code AS sensor
       FROM dust_sensors s
      WHERE s.site_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.alarm_site_id = s.site_id)
      ORDER BY s.site_id, s.code`,
  )
  freeSites = r.rows
})
afterAll(() => platform?.close())

/** The next unused site (phase and night-work permit cleared, so each test says what it needs). */
async function site(set: { phase?: string | null; nightWorkPermit?: boolean } = {}) {
  const s = freeSites.shift()
  if (!s) throw new Error('out of demo sites')
  await sql(`UPDATE construction_sites SET phase = $2, night_work_permit = $3 WHERE id = $1`, [s.siteId, set.phase ?? null, set.nightWorkPermit ?? false])
  return s
}

async function sql<T extends object = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await platform.backend.pool.query<T>(text, params)).rows
}

const at = (local: string) => new Date(`${local}+08:00`).toISOString()

/** One reading per time given (local China time), PM2.5 half of PM10 unless given. */
function readings(sensorId: string, times: string[], values: { pm10?: number; pm25?: number; tsp?: number; noiseDb?: number }) {
  return times.map((t) => ({ sensorId, at: at(t), pm10: values.pm10 ?? 50, pm25: values.pm25 ?? Math.round((values.pm10 ?? 50) / 2), tsp: values.tsp, noiseDb: values.noiseDb }))
}

/** Readings every 3 minutes through the 15-minute window starting at `start` (local, HH:MM). */
function quarter(sensorId: string, day: string, start: string, pm10: number) {
  const [h, m] = start.split(':').map(Number) as [number, number]
  const times = [0, 3, 6, 9, 12].map((d) => {
    const minutes = h * 60 + m + d
    return `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`
  })
  return readings(sensorId, times, { pm10 })
}

async function ingest(items: unknown[]): Promise<IngestResult> {
  const res = await fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ readings: items }),
  })
  expect(res.status).toBe(200)
  const result = (await res.json()) as IngestResult
  expect(result.rejected).toEqual([])
  return result
}

const api = (method: string, path: string, cookie: string, body?: unknown) =>
  fetch(platform.url + path, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function addRule(rule: DustRuleInput): Promise<DustRuleRecord> {
  const res = await api('POST', '/api/dust/rules', admin, rule)
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as DustRuleRecord
}

async function setEnabled(rule: DustRuleRecord, enabled: boolean): Promise<void> {
  const { metric, windowMinutes, limit, maxExceedancesPerDay, sitePhase, label } = rule
  const res = await api('PUT', `/api/dust/rules/${rule.id}`, admin, { metric, windowMinutes, limit, maxExceedancesPerDay, sitePhase, label, enabled })
  expect(res.status).toBe(200)
}

interface AlarmRow {
  id: number
  rule_id: number
  tripped_at: string
  cleared_at: string | null
  case_id: number | null
  exceedances: number
  worst_mean: number
}
/** The site's alarms, times as ISO strings (the drivers return dates or text). */
const alarms = async (siteId: number): Promise<AlarmRow[]> =>
  (
    await sql<AlarmRow>(
      `SELECT id::int, rule_id::int, tripped_at, cleared_at, case_id::int, exceedances, worst_mean
         FROM dust_alarms WHERE site_id = $1 ORDER BY id`,
      [siteId],
    )
  ).map((a) => ({ ...a, tripped_at: new Date(a.tripped_at).toISOString(), cleared_at: a.cleared_at && new Date(a.cleared_at).toISOString() }))
const cases = (siteId: number) =>
  sql<{ id: number; status: string; class_code: string; source: string; title: string }>(
    `SELECT id::int, status, class_code, source, title FROM cases WHERE alarm_site_id = $1 ORDER BY id`,
    [siteId],
  )
const defaultRuleId = async () => (await sql<{ id: number }>(`SELECT min(id)::int AS id FROM dust_rules`))[0]!.id

describe('dust rules: window means and exceedances', () => {
  it('a window mean exactly at the limit is no exceedance; one above it is', async () => {
    const s = await site()
    for (const start of ['09:00', '09:15', '09:30']) await ingest(quarter(s.sensor, '2026-11-10', start, 150))
    expect(await alarms(s.siteId)).toEqual([])
    await ingest(quarter(s.sensor, '2026-11-10', '09:45', 151))
    expect(await alarms(s.siteId)).toEqual([]) // one exceedance is allowed
    await ingest(quarter(s.sensor, '2026-11-10', '10:00', 151))
    const [alarm] = await alarms(s.siteId)
    expect(alarm).toMatchObject({ rule_id: await defaultRuleId(), exceedances: 2, cleared_at: null })
    expect(await cases(s.siteId)).toMatchObject([{ class_code: '0302', source: 'sensor', status: 'reported' }])
  })

  it('windows start on the quarter hour, local time: a reading at :15 is in the next window', async () => {
    const s = await site()
    await ingest(readings(s.sensor, ['2026-11-11T10:14:00'], { pm10: 300 })) // window 10:00: 300, exceedance 1
    // Window 10:15 holds 10 and 290: a mean of 150, at the limit. Had 10:15 fallen in the 10:00 window,
    // both windows would be above it and the rule would trip.
    await ingest(readings(s.sensor, ['2026-11-11T10:15:00', '2026-11-11T10:29:59'], { pm10: 10 }).map((r, i) => ({ ...r, pm10: [10, 290][i]! })))
    expect(await alarms(s.siteId)).toEqual([])
    await ingest(readings(s.sensor, ['2026-11-11T10:30:00'], { pm10: 400 }))
    expect(await alarms(s.siteId)).toMatchObject([{ exceedances: 2, worst_mean: 400, tripped_at: at('2026-11-11T10:30:00') }])
  })

  it('counts exceedances per local day: one before and one after midnight China time do not trip', async () => {
    const s = await site()
    // 23:45–24:00 and 00:00–00:15 China time are both on 2026-11-12 in UTC.
    await ingest(quarter(s.sensor, '2026-11-12', '23:45', 400))
    await ingest(quarter(s.sensor, '2026-11-13', '00:00', 400))
    expect(await alarms(s.siteId)).toEqual([])
    await ingest(quarter(s.sensor, '2026-11-13', '00:15', 400)) // the second of 11-13
    expect(await alarms(s.siteId)).toHaveLength(1)
  })

  it('judges each site of a batch on its own local day (a gateway batch straddling midnight)', async () => {
    const a = await site()
    const b = await site()
    await ingest(quarter(a.sensor, '2026-11-18', '23:15', 300)) // one exceedance: allowed
    // One batch: A's second exceedance just before midnight, B's reading just after.
    await ingest([...quarter(a.sensor, '2026-11-18', '23:45', 300), ...readings(b.sensor, ['2026-11-19T00:05:00'], { pm10: 40 })])
    const tripped = await alarms(a.siteId)
    expect(tripped).toMatchObject([{ exceedances: 2, cleared_at: null }])
    expect(new Date(tripped[0]!.tripped_at).toISOString()).toBe(at('2026-11-18T23:57:00'))
    expect(await alarms(b.siteId)).toEqual([])
  })

  it('ignores values flagged unusable (D) and counts those over the range (T)', async () => {
    const s = await site()
    // Flagged minute data, as an HJ 212 device sends it (the listener stores through storeReadings).
    const insert = (time: string, flag: string) =>
      storeReadings(platform.backend.pool, platform.config.cases, platform.config.dust, [
        {
          index: 0,
          value: {
            sensorCode: s.sensor,
            kind: 'minute',
            at: at(time),
            pm10: 900,
            pm10Flag: flag,
            pm25: 100,
            pm25Flag: 'N',
            tsp: null,
            tspFlag: null,
            noiseDb: null,
            noiseFlag: null,
            other: null,
          },
        },
      ])
    await insert('2026-11-14T08:00:00', 'D')
    await insert('2026-11-14T08:15:00', 'D')
    await ingest(readings(s.sensor, ['2026-11-14T08:31:00'], { pm10: 40 }))
    expect(await alarms(s.siteId)).toEqual([])
    await insert('2026-11-14T08:45:00', 'T')
    await insert('2026-11-14T09:00:00', 'T')
    await ingest(readings(s.sensor, ['2026-11-14T09:01:00'], { pm10: 40 }))
    // The 09:00 window holds the T value (minute data) and the 09:01 reading: (900 + 40) / 2.
    expect(await alarms(s.siteId)).toMatchObject([{ exceedances: 2, worst_mean: 900 }])
  })

  it('applies a phase rule only to sites in that phase, and several rules at once', async () => {
    const earthwork = await site({ phase: 'earthwork' })
    const finishing = await site({ phase: 'finishing' })
    const rule = await addRule({ metric: 'tsp', windowMinutes: 5, limit: 800, maxExceedancesPerDay: 0, sitePhase: 'earthwork', label: 'test' })
    try {
      for (const s of [earthwork, finishing]) await ingest(readings(s.sensor, ['2026-11-15T14:01:00'], { pm10: 60, tsp: 900 }))
      expect((await alarms(earthwork.siteId)).map((a) => a.rule_id)).toEqual([rule.id])
      expect(await alarms(finishing.siteId)).toEqual([])
      // The default PM10 rule applies to the earthwork site as well: its alarm joins the same case.
      for (const start of ['14:15', '14:30']) await ingest(quarter(earthwork.sensor, '2026-11-15', start, 300))
      const both = await alarms(earthwork.siteId)
      expect(both.map((a) => a.rule_id)).toEqual([rule.id, await defaultRuleId()])
      expect(new Set(both.map((a) => a.case_id)).size).toBe(1)
      expect(await cases(earthwork.siteId)).toHaveLength(1)
    } finally {
      await setEnabled(rule, false)
    }
  })

  it('ignores a disabled rule until it is enabled', async () => {
    const s = await site()
    const rule = await addRule({ metric: 'pm25', windowMinutes: 5, limit: 75, maxExceedancesPerDay: 0, enabled: false })
    try {
      await ingest(readings(s.sensor, ['2026-11-16T11:01:00'], { pm10: 60, pm25: 200 }))
      expect(await alarms(s.siteId)).toEqual([])
      await setEnabled(rule, true)
      await ingest(readings(s.sensor, ['2026-11-16T11:06:00'], { pm10: 60, pm25: 200 }))
      expect((await alarms(s.siteId)).map((a) => a.rule_id)).toEqual([rule.id])
    } finally {
      await setEnabled(rule, false)
    }
  })
})

describe('dust alarms and their cases', () => {
  it('clears an alarm after 60 calm minutes, keeps its case open, pushes both changes and shows it on the layer', async () => {
    const s = await site()
    const day = '2026-11-17'
    for (const start of ['10:00', '10:15']) await ingest(quarter(s.sensor, day, start, 300))
    const [tripped] = await alarms(s.siteId)
    expect(tripped).toBeDefined()
    const layer = async () => {
      const res = await api('GET', `/api/layers/construction-sites/features/${s.siteId}`, operator)
      expect(res.status).toBe(200)
      return ((await res.json()) as { properties: { dustAlarm: boolean } }).properties.dustAlarm
    }
    expect(await layer()).toBe(true)

    // Calm from 10:30 (the end of the last window above the limit): not yet at 11:29…
    const calm = Array.from({ length: 20 }, (_, i) => {
      const m = 30 + i * 3
      return `${day}T${String(10 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`
    })
    await ingest(readings(s.sensor, [...calm, `${day}T11:29:00`], { pm10: 100 }))
    expect((await alarms(s.siteId))[0]!.cleared_at).toBeNull()
    // …cleared by a reading at 11:30, as of 11:30.
    await ingest(readings(s.sensor, [`${day}T11:30:00`], { pm10: 100 }))
    const [cleared] = await alarms(s.siteId)
    expect(cleared!.cleared_at).toBe(at(`${day}T11:30:00`))
    expect(await layer()).toBe(false)
    expect((await cases(s.siteId)).map((c) => c.status)).toEqual(['reported'])

    const events = await sql<{ payload: { state: string; siteAlarmActive: boolean; caseId: number } }>(
      `SELECT payload FROM events WHERE type = 'dust.alarm' AND (payload->>'id')::int = $1 ORDER BY id`,
      [tripped!.id],
    )
    expect(events.map((e) => [e.payload.state, e.payload.siteAlarmActive])).toEqual([
      ['tripped', true],
      ['cleared', false],
    ])
    expect(events[0]!.payload.caseId).toBe(tripped!.case_id)
  })

  it('attaches trips while the case is open, and opens a new case only after it is closed', async () => {
    const s = await site()
    const day = '2026-11-18'
    const trip = async (starts: string[]) => {
      for (const start of starts) await ingest(quarter(s.sensor, day, start, 300))
    }
    const calmUntil = async (from: number, to: number) => {
      const times: string[] = []
      for (let m = from; m <= to; m += 5) times.push(`${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`)
      await ingest(readings(s.sensor, times, { pm10: 80 }))
    }
    await trip(['08:00', '08:15'])
    const [first] = await cases(s.siteId)
    expect(first).toMatchObject({ class_code: '0302', status: 'reported' })
    // More exceedances while the alarm is active: no second alarm, no second case.
    await trip(['08:30', '08:45'])
    expect(await alarms(s.siteId)).toHaveLength(1)

    // Cleared (calm 09:00–10:00), then tripped again while the case is still open: attached to it.
    await calmUntil(9 * 60, 10 * 60)
    await trip(['10:15', '10:30'])
    const two = await alarms(s.siteId)
    expect(two.map((a) => [a.case_id, a.cleared_at === null])).toEqual([
      [first!.id, false],
      [first!.id, true],
    ])
    expect(await cases(s.siteId)).toHaveLength(1)
    const listed = await api('GET', `/api/cases/${first!.id}/alarms`, operator)
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as DustAlarm[]).map((a) => a.id)).toEqual(two.map((a) => a.id))

    // Closed through the workflow (set directly here); the next trip opens a new case.
    await sql(`UPDATE cases SET status = 'closed' WHERE id = $1`, [first!.id])
    await calmUntil(10 * 60 + 45, 11 * 60 + 45)
    expect((await alarms(s.siteId)).every((a) => a.cleared_at !== null)).toBe(true)
    await trip(['12:00', '12:15'])
    const after = await cases(s.siteId)
    expect(after.map((c) => c.status)).toEqual(['closed', 'reported'])
    expect((await alarms(s.siteId)).at(-1)!.case_id).toBe(after[1]!.id)
  })
})

describe('night construction noise (0301)', () => {
  const noisy = (sensor: string, times: string[], noiseDb: number) => readings(sensor, times, { pm10: 40, noiseDb })
  const noiseCases = async (siteId: number) => (await cases(siteId)).filter((c) => c.class_code === '0301')

  it('opens one 0301 case for a 5-minute mean above 55 dB(A) between 22:00 and 06:00 at a site without a permit', async () => {
    const s = await site({ nightWorkPermit: false })
    await ingest(noisy(s.sensor, ['2026-11-19T21:50:00', '2026-11-19T21:55:00', '2026-11-19T21:59:00'], 75)) // still evening
    await ingest(noisy(s.sensor, ['2026-11-19T22:00:00', '2026-11-19T22:03:00'], 55)) // at the limit
    expect(await noiseCases(s.siteId)).toEqual([])
    await ingest(noisy(s.sensor, ['2026-11-19T22:05:00', '2026-11-19T22:08:00'], 62))
    expect(await noiseCases(s.siteId)).toMatchObject([{ status: 'reported', source: 'sensor' }])
    await ingest(noisy(s.sensor, ['2026-11-19T23:05:00'], 70)) // while it is open: no second one
    expect(await noiseCases(s.siteId)).toHaveLength(1)
    expect((await cases(s.siteId)).filter((c) => c.class_code === '0302')).toEqual([])
  })

  it('counts until 06:00 local time, not after', async () => {
    const early = await site()
    const morning = await site()
    await ingest(noisy(early.sensor, ['2026-11-20T05:55:00'], 70))
    await ingest(noisy(morning.sensor, ['2026-11-20T06:00:00', '2026-11-20T06:05:00'], 70))
    expect(await noiseCases(early.siteId)).toHaveLength(1)
    expect(await noiseCases(morning.siteId)).toEqual([])
  })

  it('leaves a site with a night-work permit alone', async () => {
    const s = await site({ nightWorkPermit: true })
    await ingest(noisy(s.sensor, ['2026-11-20T23:00:00', '2026-11-20T23:03:00'], 80))
    expect(await noiseCases(s.siteId)).toEqual([])
  })
})
