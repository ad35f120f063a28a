import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Platform } from '../src/platform.ts'
import { signIn, startTestPlatform, TEST_INGEST_TOKEN, TEST_NOW } from './platform.ts'
import { RecordingClient, waitFor } from './socket-client.ts'

const METRICS_TOKEN = 'metrics-test-token-0123456789'
let platform: Platform
let client: RecordingClient

beforeAll(async () => {
  platform = await startTestPlatform({ env: { METRICS_TOKEN } })
})
afterAll(async () => {
  client?.close()
  await platform?.close()
})

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => fetch(`${platform.url}/metrics`, { headers })
/** The value of one sample line, e.g. `citygrid_db_up` or `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('answers a scraper with the token or a signed-in staff member, nobody else', async () => {
    expect((await scrape({})).status).toBe(401)
    expect((await scrape({ authorization: 'Bearer not-the-metrics-token-000' })).status).toBe(401)
    const ok = await scrape()
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    expect((await scrape({ cookie: await signIn(platform.url, 'operator') })).status).toBe(200)
  })

  it('counts requests by route pattern, ingest items, sockets, outbox lag and the database pool', async () => {
    const cookie = await signIn(platform.url, 'supervisor')
    const zones = (await (await fetch(`${platform.url}/api/zones`, { headers: { cookie } })).json()) as { features: { id: number }[] }
    const ids = zones.features.slice(0, 2).map((z) => z.id)
    for (const id of ids) expect((await fetch(`${platform.url}/api/zones/${id}`, { headers: { cookie } })).status).toBe(200)

    client = new RecordingClient(platform.url, undefined, cookie)
    await client.ready(1, 30_000)
    const sensor = (await platform.backend.pool.query<{ code: string }>('SELECT code FROM dust_sensors ORDER BY code LIMIT 1')).rows[0]!.code
    const at = new Date(TEST_NOW.getTime() + 3_600_000).toISOString()
    const ingest = await fetch(`${platform.url}/api/ingest/dust`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
      body: JSON.stringify({ readings: [{ sensorId: sensor, at, pm10: 40, pm25: 20 }, { sensorId: 'no-such-sensor', at, pm10: 1, pm25: 1 }] }),
    })
    expect(await ingest.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] })
    await waitFor(() => client.received.some((e) => e.type === 'sensor.reading'), 30_000, 'the reading pushed')

    const text = await (await scrape()).text()
    expect(sample(text, 'citygrid_http_requests_total{method="GET",route="/api/zones/:id",status="200"}')).toBe(ids.length)
    // Paths with ids never become labels.
    expect(text).not.toContain(`route="/api/zones/${ids[0]}"`)
    expect(sample(text, 'citygrid_ingest_items_total{kind="dust",outcome="accepted"}')).toBe(1)
    expect(sample(text, 'citygrid_ingest_items_total{kind="dust",outcome="rejected"}')).toBe(1)
    expect(sample(text, 'citygrid_socket_connections{namespace="/"}')).toBe(1)
    expect(sample(text, 'citygrid_outbox_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'citygrid_outbox_last_delivered_id')).toBe(client.received.at(-1)!.id)
    expect(sample(text, 'citygrid_db_up')).toBe(1)
    expect(sample(text, 'citygrid_db_outages_total')).toBe(0)
    expect(sample(text, 'citygrid_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'citygrid_process_resident_memory_bytes')).toBeGreaterThan(0)
  })
})
