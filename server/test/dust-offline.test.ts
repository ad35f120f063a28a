import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAYER_DEFINITIONS, LayerFeatureCollectionSchema, NO_READING, OFFLINE, type EventPayload } from '@citygrid/shared'
import type { Platform } from '../src/platform.ts'
import { checkOffline } from '../src/dust/offline.ts'
import { RecordingClient, waitFor } from './socket-client.ts'
import { WAIT_MS } from './wait.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN } from './platform.ts'

const GAP_MINUTES = 30
const RULE = { offlineAfterMinutes: GAP_MINUTES }
const MINUTE = 60_000

let platform: Platform
let cookie: string

beforeAll(async () => {
  // The platform's own check runs once at start-up and then not again during these tests: every
  // check here is called with an explicit time.
  platform = await startTestPlatform({ env: { DUST_OFFLINE_AFTER_MINUTES: String(GAP_MINUTES), DUST_OFFLINE_CHECK_MS: '3600000' } })
  cookie = await signIn(platform.url, 'operator')
})
afterAll(() => platform?.close())

const query = <R extends object>(text: string, values: unknown[] = []) => platform.backend.pool.query<R>(text, values)

/** A monitor of its own, at no site, installed at `installedAt`. */
async function addSensor(code: string, installedAt: string): Promise<void> {
  await query(
    `INSERT INTO dust_sensors (code, installed_at, geom) VALUES ($1, $2, ST_SetSRID(ST_MakePoint(106.845, 32.355), 4326))`,
    [code, installedAt],
  )
}

async function ingest(sensorId: string, at: string, pm10: number): Promise<void> {
  const res = await fetch(`${platform.url}/api/ingest/dust`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ readings: [{ sensorId, at, pm10, pm25: Math.round(pm10 / 2) }] }),
  })
  expect(res.status).toBe(200)
}

async function lastReportedAt(code: string): Promise<Date> {
  const r = await query<{ t: string }>('SELECT last_reported_at AS t FROM dust_sensors WHERE code = $1', [code])
  return new Date(r.rows[0]!.t)
}

/** The `sensor.status` events in the outbox for one sensor, oldest first. */
async function statusEvents(code: string): Promise<EventPayload<'sensor.status'>[]> {
  const r = await query<{ payload: EventPayload<'sensor.status'> }>(
    `SELECT payload FROM events WHERE type = 'sensor.status' AND payload->>'sensorId' = $1 ORDER BY id`,
    [code],
  )
  return r.rows.map((row) => row.payload)
}

/** The sensor's feature on the dust-sensors layer, as the map gets it. */
async function feature(code: string) {
  const res = await fetch(`${platform.url}/api/layers/dust-sensors/features?limit=10000`, { headers: { cookie } })
  expect(res.status).toBe(200)
  const body = LayerFeatureCollectionSchema.parse(await res.json())
  const found = body.features.find((f) => (f.properties as { code: string }).code === code)
  expect(found, `feature ${code}`).toBeDefined()
  return LAYER_DEFINITIONS['dust-sensors'].properties.parse(found!.properties)
}

const ofSensor = (events: EventPayload<'sensor.status'>[], code: string) => events.filter((e) => e.sensorId === code)
const sameInstant = (a: string | null | undefined, b: Date) => expect(a && Date.parse(a)).toBe(b.getTime())

describe('offline dust sensors', () => {
  it('marks a silent sensor offline once, pushes it, draws it grey, and marks it online when data comes back', async () => {
    await addSensor('DS-OFF-1', '2026-10-01T00:00:00Z')
    const client = new RecordingClient(platform.url, undefined, cookie, { layers: ['dust-sensors'] })
    try {
      await client.ready()
      await ingest('DS-OFF-1', '2026-11-24T08:00:00+08:00', 120)
      const heard = await lastReportedAt('DS-OFF-1')

      // Within the gap: still online.
      expect(ofSensor(await checkOffline(platform.backend.pool, new Date(heard.getTime() + (GAP_MINUTES - 1) * MINUTE), RULE), 'DS-OFF-1')).toEqual([])
      expect((await feature('DS-OFF-1')).offlineSince).toBeNull()

      // Past it: offline since its last report, one event, in the outbox and pushed.
      const later = new Date(heard.getTime() + (GAP_MINUTES + 1) * MINUTE)
      const marked = ofSensor(await checkOffline(platform.backend.pool, later, RULE), 'DS-OFF-1')
      expect(marked).toHaveLength(1)
      expect(marked[0]).toMatchObject({ sensorId: 'DS-OFF-1', siteId: null, lng: 106.845, lat: 32.355 })
      sameInstant(marked[0]!.offlineSince, heard)
      expect(await statusEvents('DS-OFF-1')).toEqual(marked)
      await waitFor(() => client.received.some((e) => e.type === 'sensor.status' && e.payload.sensorId === 'DS-OFF-1'), WAIT_MS, 'the pushed sensor.status')

      const offline = await feature('DS-OFF-1')
      sameInstant(offline.offlineSince, heard)
      expect(offline.pm10Level).toBe(OFFLINE.level)
      expect(offline.pm10).toBe(120) // its last reading is still shown, greyed

      // Checked again, later: nothing changes, nothing is pushed.
      expect(ofSensor(await checkOffline(platform.backend.pool, new Date(later.getTime() + 10 * MINUTE), RULE), 'DS-OFF-1')).toEqual([])
      expect(await statusEvents('DS-OFF-1')).toHaveLength(1)

      // Data comes back: the next check marks it online and pushes that. Its last report is first put an
      // hour back, as a sensor silent that long has it (reports are kept to the half minute): the
      // new one must move it.
      await query(`UPDATE dust_sensors SET last_reported_at = last_reported_at - interval '1 hour' WHERE code = $1`, ['DS-OFF-1'])
      const silentSince = await lastReportedAt('DS-OFF-1')
      await ingest('DS-OFF-1', '2026-11-24T09:00:00+08:00', 40)
      expect((await feature('DS-OFF-1')).pm10Level).toBe(OFFLINE.level) // until the check has run
      const back = await lastReportedAt('DS-OFF-1')
      expect(back.getTime()).toBeGreaterThan(silentSince.getTime() + 30 * MINUTE)
      const cleared = ofSensor(await checkOffline(platform.backend.pool, new Date(Date.now() + MINUTE), RULE), 'DS-OFF-1')
      expect(cleared).toEqual([{ sensorId: 'DS-OFF-1', siteId: null, offlineSince: null, lng: 106.845, lat: 32.355 }])
      expect(await statusEvents('DS-OFF-1')).toHaveLength(2)
      await waitFor(
        () => client.received.filter((e) => e.type === 'sensor.status' && e.payload.sensorId === 'DS-OFF-1').length === 2,
        WAIT_MS,
        'the pushed return',
      )
      const online = await feature('DS-OFF-1')
      expect(online.offlineSince).toBeNull()
      expect(online.pm10Level).toBe(1)
    } finally {
      client.close()
    }
  })

  it('marks a sensor that never reported offline since it was installed, once the gap has passed', async () => {
    const now = new Date('2026-11-24T08:00:00Z')
    await addSensor('DS-OFF-2', '2026-11-01T00:00:00Z')
    await addSensor('DS-OFF-3', new Date(now.getTime() - 5 * MINUTE).toISOString())

    const events = await checkOffline(platform.backend.pool, now, RULE)
    const marked = ofSensor(events, 'DS-OFF-2')
    expect(marked).toHaveLength(1)
    sameInstant(marked[0]!.offlineSince, new Date('2026-11-01T00:00:00Z'))
    expect((await feature('DS-OFF-2')).pm10Level).toBe(OFFLINE.level)

    // Installed minutes ago: no reading yet, not offline.
    expect(ofSensor(events, 'DS-OFF-3')).toEqual([])
    const fresh = await feature('DS-OFF-3')
    expect(fresh.offlineSince).toBeNull()
    expect(fresh.pm10Level).toBe(NO_READING.level)
  })

  it('marks a sensor once when several checks run at the same time', async () => {
    await addSensor('DS-OFF-4', '2026-10-01T00:00:00Z')
    const now = new Date('2026-11-24T08:00:00Z')
    const results = await Promise.all(Array.from({ length: 4 }, () => checkOffline(platform.backend.pool, now, RULE)))
    expect(results.flatMap((events) => ofSensor(events, 'DS-OFF-4'))).toHaveLength(1)
    expect(await statusEvents('DS-OFF-4')).toHaveLength(1)
  })
})
